import { expect, test, type Page } from '@playwright/test';
import { docsScreenshot, goAvailable, goUnavailable, loginConsultant, newPerson, storedVisit } from './helpers.ts';

test.use({ actionTimeout: 30_000 });
test.setTimeout(180_000);

const SECONDS = 3;

/** Admin → Websites, the automatic invitations section. */
async function openRules(admin: Page): Promise<void> {
  await admin.getByTestId('nav-admin').click();
  await admin.getByTestId('admin-sites').click();
  await expect(admin.getByTestId('auto-invitations')).toBeVisible();
}

test('[AI1][AI2][AI5] an automatic invitation fires after the set time on a matching page of the demo shop, and not on another page', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  await dana.setViewportSize({ width: 1280, height: 900 });
  await loginConsultant(dana);
  // [AI5] The admin adds a rule for the demo help desk: the shop's page, after 3 s on it.
  await openRules(dana);
  await dana.getByTestId('auto-add').click();
  const rule = dana.getByTestId('auto-rule').last();
  await rule.getByRole('combobox').selectOption({ label: 'Demo help desk' });
  await rule.getByTestId('auto-pattern').fill('/demo/shop');
  await rule.getByTestId('auto-seconds').fill(String(SECONDS));
  await rule.getByTestId('auto-text').fill('Looking for something? %name% can help.');
  await dana.getByTestId('auto-save').click();
  await expect(dana.getByTestId('auto-saved')).toBeVisible();
  await docsScreenshot(dana, 'admin-auto-invitations');
  // [AI2] It comes from an available consultant of the link.
  await goAvailable(dana);

  // Another page of the site: the time passes, and no card comes.
  const shopper = await newPerson(browser);
  const page = await shopper.newPage();
  await page.goto('/demo');
  await storedVisit(page);
  // Proving that nothing comes takes waiting past the rule's time (the server's timers are real here).
  await page.waitForTimeout((SECONDS + 3) * 1000);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The matching page: the card comes after the set time, from Dana.
  await page.goto('/demo/shop');
  const card = page.getByRole('dialog');
  await expect(card).toContainText('Looking for something? Dana Demo can help.', { timeout: 20_000 });
  await docsScreenshot(page, 'auto-invitation-card');
  await card.getByRole('button', { name: 'Close' }).click();
  await expect(card).toHaveCount(0);

  // Leave the demo tenant as it was: no rules, Dana unavailable.
  await goUnavailable(dana);
  await openRules(dana);
  while ((await dana.getByTestId('auto-rule').count()) > 0) await dana.getByTestId('auto-remove').first().click();
  await dana.getByTestId('auto-save').click();
  await expect(dana.getByTestId('auto-saved')).toBeVisible();
  await shopper.close();
  await dana.context().close();
});

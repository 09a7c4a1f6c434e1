import { expect, test } from '@playwright/test';
import {
  docsScreenshot,
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
  storedVisit,
  visitorFrame,
} from './helpers.ts';

test.use({ actionTimeout: 30_000 });
// One long story (two visits, a conversation, three contacts): more than the default 90 s on a busy machine.
test.setTimeout(240_000);

test('[CT1][CT3][CT4] an anonymous visitor returning on the same browser brings their history; a consultant creates, edits and merges contacts', async ({
  browser,
}) => {
  const run = Date.now().toString(36);
  const dana = await (await newPerson(browser)).newPage();
  await dana.setViewportSize({ width: 1280, height: 800 });
  await loginConsultant(dana);
  await goAvailable(dana);

  // [CT1] An anonymous visitor on the demo page talks to Dana once.
  const visitor = await newPerson(browser);
  const first = await visitor.newPage();
  await first.goto('/demo');
  const { visitorKey } = await storedVisit(first);
  await first.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(first);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByTestId('connect').click();
  await dana.getByTestId('accept').click();
  await expect(dana.getByTestId('desk-contact')).toContainText('Anonymous visitor');
  await app.getByTestId('end').click();
  await expect(dana.getByTestId('closed-message')).toBeVisible();
  await dana.getByTestId('mark-done').click();
  await expect(dana.getByTestId('closed-message')).toHaveCount(0);
  await goUnavailable(dana);
  await first.close();

  // The same browser comes back later: a new visit (the old one is over), the same visitor key.
  const second = await visitor.newPage();
  await second.goto('/console/');
  await second.evaluate(
    (key) => localStorage.setItem('parley-visit', JSON.stringify({ visitId: 'visit_over_long_ago', visitorKey: key })),
    visitorKey,
  );
  await second.goto('/demo/shop');
  // The welcome of the new visit replaces what the page stored.
  await expect
    .poll(async () => (await storedVisit(second)).visitId, { timeout: 15_000 })
    .not.toBe('visit_over_long_ago');
  const returning = await storedVisit(second);
  expect(returning.visitorKey).toBe(visitorKey);
  await dana.getByTestId('nav-visitors').click();
  const row = dana.locator(`[data-visit="${returning.visitId}"]`);
  await expect(row).toContainText('Returning');
  await row.getByTestId('visitor-open').click();
  await expect(dana.getByTestId('visitor-history').locator('li')).toHaveCount(1);
  const anonymousId = (await dana.getByTestId('visitor-detail').getAttribute('data-contact')) ?? '';
  expect(anonymousId).not.toBe('');
  await second.close();

  // [CT3] A contact typed in by hand, then corrected.
  await dana.getByTestId('nav-contacts').click();
  await dana.getByTestId('contact-new').click();
  await dana.getByTestId('contact-form-name').fill(`Mia Merge ${run}`);
  await dana.getByTestId('contact-form-email').fill(`mia-${run}@customer.test`);
  await dana.getByTestId('contact-form-phone').fill('+48 600 000 001');
  await dana.getByTestId('contact-form-note').fill('Prefers text chat');
  await docsScreenshot(dana, 'contact-form');
  await dana.getByTestId('contact-form-save').click();
  const detail = dana.getByTestId('contact-detail');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(`Mia Merge ${run}`);
  await expect(detail).toContainText('Phone: +48 600 000 001');
  await expect(detail).toContainText('Added by hand');
  await dana.getByTestId('contact-edit').click();
  await expect(dana.getByTestId('contact-form-phone')).toHaveValue('+48 600 000 001');
  await dana.getByTestId('contact-form-phone').fill('+48 600 000 002');
  await dana.getByTestId('contact-form-save').click();
  await expect(detail).toContainText('Phone: +48 600 000 002');
  await expect(dana.getByTestId('contact-note')).toHaveText('Prefers text chat');
  await expect(detail).toContainText('No conversations yet');

  // [CT4] The anonymous contact is the same person: merged into Mia, her history comes along.
  await dana.getByTestId('contact-merge-open').click();
  await dana.locator(`[data-testid="contact-merge-candidate"][data-contact="${anonymousId}"]`).click();
  await expect(dana.getByTestId('contact-merge-keep-this')).toBeChecked();
  await docsScreenshot(dana, 'contact-merge');
  await dana.getByTestId('contact-merge-confirm').click();
  await expect(dana.getByTestId('contact-merge')).toHaveCount(0);
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(`Mia Merge ${run}`);
  await expect(dana.getByTestId('history-entry')).toHaveCount(1);
  // Leave the demo tenant as it was: the contact (and the conversation) erased by the admin.
  await dana.getByTestId('contact-erase').click();
  await dana.getByTestId('contact-erase-confirmed').click();
  await expect(dana.getByTestId('contact')).not.toContainText([`Mia Merge ${run}`]);
  for (const page of [dana]) await page.context().close();
  await visitor.close();
});

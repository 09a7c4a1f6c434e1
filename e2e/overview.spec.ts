import { expect, test, type Browser, type Page } from '@playwright/test';
import type { InvitedConsultant } from '@parley/protocol';
import { docsScreenshot, goAvailable, goUnavailable, loginConsultant, newPerson, openVisitorApp } from './helpers.ts';

test.use({ actionTimeout: 30_000 });
// Three consoles, a visitor and a supervisor made through the admin API (password hashing twice).
test.setTimeout(180_000);

const CSRF = { 'x-parley-csrf': '1' };

/**
 * [OV1] An admin makes a supervisor in the test (the demo tenant has none): invited with a
 * one-time password, which a throwaway browser context changes ([U4]) so the console opens.
 */
async function newSupervisor(browser: Browser, admin: Page): Promise<{ email: string; password: string }> {
  const email = `olga-${Date.now()}@demo.parley`;
  const invited = await admin.request.post('/api/v1/admin/consultants', {
    headers: CSRF,
    data: { name: 'Olga Overseer', email, role: 'supervisor' },
  });
  expect(invited.status()).toBe(201);
  const { initialPassword } = (await invited.json()) as InvitedConsultant;
  const password = 'overseer-lantern-2211';
  const setup = await newPerson(browser);
  try {
    expect(
      (
        await setup.request.post('/api/v1/auth/login', { headers: CSRF, data: { email, password: initialPassword } })
      ).ok(),
    ).toBe(true);
    const changed = await setup.request.post('/api/v1/auth/password', {
      headers: CSRF,
      data: { currentPassword: initialPassword, newPassword: password },
    });
    expect(changed.ok()).toBe(true);
  } finally {
    await setup.close();
  }
  return { email, password };
}

test('[OV1][OV2][OV4][OV5] a supervisor sees a live conversation in the overview, reads its chat live, takes it over and talks with the visitor', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  const olga = await (await newPerson(browser)).newPage();
  await olga.setViewportSize({ width: 1280, height: 800 });
  await loginConsultant(olga, await newSupervisor(browser, dana));
  await olga.getByTestId('nav-overview').click();
  await expect(olga.getByTestId('overview')).toBeVisible();
  await expect(olga.getByTestId('overview-empty')).toBeVisible();

  // A visitor talks to Dana, the demo consultant, in text.
  await goAvailable(dana);
  const shop = await (await newPerson(browser)).newPage();
  const app = await openVisitorApp(shop);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByLabel('Your name (optional)').fill('Vera');
  await expect(app.getByTestId('select-microphone')).toBeVisible();
  await app.getByTestId('mode-text').click();
  await expect(app.getByTestId('select-microphone')).toBeHidden();
  await app.getByTestId('connect').click();
  await dana.getByTestId('accept').click();
  await expect(app.getByText('You are talking to Dana Demo')).toBeVisible();

  // [OV2] Pushed to the open overview: the conversation, whose it is, the mode; Dana's load.
  const row = olga.getByTestId('overview-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('overview-state')).toHaveText('Talking');
  await expect(row.getByTestId('overview-consultant')).toHaveText('Dana Demo');
  await expect(row).toContainText('Demo help desk');
  await expect(row).toContainText('Text');
  const dana_ = olga.getByTestId('overview-person').filter({ hasText: 'Dana Demo' });
  await expect(dana_.getByTestId('overview-load')).toHaveText('1 of 1');
  await expect(dana_).toContainText('Available');

  // [OV4] Read only: a message written after opening it arrives live; there is no composer.
  await row.getByTestId('overview-read').click();
  const reading = olga.getByTestId('overview-reading');
  await expect(reading).toContainText('Conversation with Vera');
  await expect(reading.getByTestId('chat-input')).toHaveCount(0);
  await app.getByTestId('chat-input').fill('Is my order on its way?');
  await app.getByTestId('chat-input').press('Enter');
  await expect(reading.getByTestId('overview-message').last()).toContainText('Is my order on its way?');
  await dana.getByTestId('chat-input').fill('Let me check that for you, Vera.');
  await dana.getByTestId('chat-send').click();
  await expect(reading.getByTestId('overview-message').last()).toContainText('Let me check that for you');
  await expect(reading.getByTestId('overview-message')).toHaveCount(2);
  await docsScreenshot(olga, 'overview');
  // At a phone's width the conversation read comes under the floor, its actions still in reach.
  await olga.setViewportSize({ width: 390, height: 844 });
  await reading.getByTestId('overview-take-over').scrollIntoViewIfNeeded();
  await expect(reading.getByTestId('overview-take-over')).toBeInViewport();
  await docsScreenshot(olga, 'overview-phone', { fullPage: true });
  await olga.setViewportSize({ width: 1280, height: 800 });

  // [OV5] Olga takes over: Dana is told, the visitor sees Olga's name, and they talk.
  await reading.getByTestId('overview-take-over').click();
  await expect(dana.getByTestId('taken-over')).toContainText('Olga Overseer took over your conversation with Vera.');
  await expect(app.getByText('You are talking to Olga Overseer')).toBeVisible();
  await expect(olga.getByTestId('chat-message').first()).toContainText('Is my order on its way?');
  await olga.getByTestId('chat-input').fill('Olga here: your parcel left this morning.');
  await olga.getByTestId('chat-send').click();
  await expect(app.getByTestId('chat-message').last()).toContainText('your parcel left this morning');
  await app.getByTestId('chat-input').fill('Thank you, Olga');
  await app.getByTestId('chat-input').press('Enter');
  await expect(olga.getByTestId('chat-message').last()).toContainText('Thank you, Olga');
  await olga.getByTestId('nav-overview').click();
  await expect(row.getByTestId('overview-consultant')).toHaveText('Olga Overseer');
  await expect(dana_.getByTestId('overview-load')).toHaveText('0 of 1');

  // Leave the demo tenant idle: the call ended and done, everyone unavailable, contexts closed.
  await olga.getByTestId('nav-desk').click();
  await olga.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await olga.getByTestId('mark-done').click();
  await expect(olga.getByTestId('mark-done')).toHaveCount(0);
  await goUnavailable(olga);
  await goUnavailable(dana);
  for (const page of [shop, olga, dana]) await page.context().close();
});

import { expect, test } from '@playwright/test';
import {
  docsScreenshot,
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
  SAM,
  storedVisit,
  visitorFrame,
} from './helpers.ts';

test.use({ actionTimeout: 30_000 });

test('[SV1][SV3][SV5][SV7][SV8] a visitor on two demo pages shows live with both; the invitation names the consultant; Start chat rings that consultant and connects', async ({
  browser,
}) => {
  // Dana becomes available first, so on the pool link she would be rung first ([Q4]) — but Sam invites.
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goAvailable(dana);
  const sam = await (await newPerson(browser)).newPage();
  await sam.setViewportSize({ width: 1280, height: 720 });
  await loginConsultant(sam, SAM);
  await goAvailable(sam);
  await sam.getByTestId('nav-visitors').click();
  await expect(sam.getByTestId('visitors')).toBeVisible();

  const shop = await (await newPerson(browser)).newPage();
  await shop.goto('/demo/shop');
  const { visitId } = await storedVisit(shop);
  await shop.goto('/demo?link=demo-pool');
  expect((await storedVisit(shop)).visitId).toBe(visitId);

  // [SV5] Pushed to the open list: both pages of this visit, the current one on the row.
  const row = sam.locator(`[data-visit="${visitId}"]`);
  await expect(row.getByTestId('visitor-pages')).toHaveText('2');
  await expect(row.getByTestId('visitor-page')).toContainText('/demo');
  await expect(row.getByTestId('visitor-state')).toHaveText('Browsing');
  await row.getByTestId('visitor-open').click();
  const pages = sam.getByTestId('visit-page');
  await expect(pages).toHaveCount(2);
  await expect(pages.first()).toContainText('Checkout — Demo Shop');
  await expect(pages.last()).toContainText('/demo');
  await docsScreenshot(sam, 'visitors-list');

  // [SV7] The default invitation, %name% filled in, as a card the loader draws on the page.
  await sam.getByTestId('invite-send').click();
  const card = shop.getByRole('dialog');
  await expect(card).toContainText('Hello! I’m Sam Sales. If you have any questions');
  await expect(row.getByTestId('visitor-invitation')).toHaveText('Invitation sent by Sam Sales');
  await card.getByRole('button', { name: 'Start chat' }).click();
  await expect(card).toHaveCount(0);
  await expect(row.getByTestId('visitor-invitation')).toHaveText('Invitation accepted (Sam Sales)');

  // [SV8] The panel opens; the request rings Sam, who invited, not Dana.
  const app = await visitorFrame(shop);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByTestId('connect').click();
  await expect(row.getByTestId('visitor-state')).toHaveText(/Ringing|In a conversation/);
  await sam.getByTestId('nav-desk').click();
  await expect(sam.getByTestId('incoming')).toBeVisible();
  await expect(dana.getByTestId('incoming')).toHaveCount(0);
  await sam.getByTestId('accept').click();
  await app.getByTestId('chat-input').fill('Hello Sam');
  await app.getByTestId('chat-send').click();
  await expect(sam.getByTestId('chat-message').last()).toContainText('Hello Sam');
  await sam.getByTestId('nav-visitors').click();
  await expect(row.getByTestId('visitor-state')).toHaveText('In a conversation');

  // Leave the shared consultants unavailable and without calls.
  await sam.getByTestId('nav-desk').click();
  await app.getByTestId('end').click();
  await expect(sam.getByTestId('closed-message')).toBeVisible();
  await sam.getByTestId('mark-done').click();
  await expect(sam.getByTestId('closed-message')).toHaveCount(0);
  await goUnavailable(sam);
  await goUnavailable(dana);
  for (const page of [dana, sam, shop]) await page.context().close();
});

test('[SV4][SV8] a browser that sends Do Not Track keeps nothing; a closed card is recorded as declined', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  // [SV1][SV4] Both on by default, in Admin → Websites.
  await dana.getByTestId('nav-admin').click();
  await dana.getByTestId('admin-sites').click();
  await expect(dana.getByTestId('site-visitors-enabled')).toBeChecked();
  await expect(dana.getByTestId('site-visitors-dnt')).toBeChecked();
  await dana.getByTestId('nav-visitors').click();

  // A browser with Global Privacy Control on (what the page's navigator says, [SV4]).
  const tracked = await newPerson(browser);
  await tracked.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  );
  const privatePage = await tracked.newPage();
  const untracked = privatePage
    .waitForEvent('websocket', (ws) => ws.url().endsWith('/ws/site'))
    .then((ws) => ws.waitForEvent('framereceived', (frame) => String(frame.payload).includes('site.untracked')));
  await privatePage.goto('/demo');
  await untracked;
  expect(await privatePage.evaluate(() => localStorage.getItem('parley-visit'))).toBeNull();
  await tracked.close();

  const shop = await (await newPerson(browser)).newPage();
  await shop.goto('/demo');
  const { visitId } = await storedVisit(shop);
  const row = dana.locator(`[data-visit="${visitId}"]`);
  await row.getByTestId('visitor-open').click();
  await dana.getByTestId('invite-text').fill('Can I help, said %name%');
  await dana.getByTestId('invite-send').click();
  const card = shop.getByRole('dialog');
  await expect(card).toContainText('Can I help, said Dana Demo');
  await card.getByRole('button', { name: 'Close' }).click();
  await expect(row.getByTestId('visitor-invitation')).toHaveText('Invitation declined (Dana Demo)');
  await goUnavailable(dana);
  for (const page of [dana, shop]) await page.context().close();
});

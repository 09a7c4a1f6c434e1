import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

/** Internet Explorer 11 on Windows 10, as it introduces itself. */
const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';

/**
 * A visitor whose browser says it is IE11 and lacks WebRTC; `withoutModules` also hides ES module
 * support (the test the loader makes), as on IE11 itself. Chromium stands in for the old engine:
 * the loader's ES5 syntax is proven by packages/widget/src/loader/es5.test.ts ([OB1]).
 */
async function oldBrowser(browser: Browser, locale: string, withoutModules: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, userAgent: IE11, permissions: ['camera', 'microphone'] });
  await context.addInitScript((hideModules) => {
    delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    if (hideModules) delete (HTMLScriptElement.prototype as { noModule?: boolean }).noModule;
  }, withoutModules);
  return context;
}

/** Every request the page makes for the visitor app. */
function appRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/widget/app/')) seen.push(request.url());
  });
  return seen;
}

test('[OB2] without ES modules (IE11) the plain loader opens the notice in the visitor’s language, never the app', async ({
  browser,
}) => {
  const visitor = await oldBrowser(browser, 'nl-NL', true);
  const page = await visitor.newPage();
  const requested = appRequests(page);
  await page.goto('/demo');
  await page.getByRole('button', { name: 'Praat met ons' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Deze browser ondersteunt onze videogesprekken niet' });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('listitem')).toHaveText([
    'open deze pagina in een andere browser, zoals een recente Chrome, Edge, Firefox of Safari;',
    'of kom terug via een smartphone of tablet.',
  ]);
  // The app cannot run here, so no text chat is offered and no frame is drawn.
  await expect(notice.getByRole('button')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sluiten' }).click();
  await expect(notice).toBeHidden();
  // The embed API's queued and live commands still open it ([EA1]).
  await page.evaluate(() => (window as unknown as { Parley: (command: string) => void }).Parley('open'));
  await expect(notice).toBeVisible();
  expect(page.frames()).toHaveLength(1);
  expect(requested).toEqual([]);
  await visitor.close();
});

test('[OB2][OB3][MD3] without WebRTC: the notice first (Polish), text chat on request; the consultant sees Internet Explorer 11', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const consultant = await newPerson(browser);
  const visitor = await oldBrowser(browser, 'pl-PL', false);
  const consolePage = await consultant.newPage();
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  const page = await visitor.newPage();
  const requested = appRequests(page);
  await page.goto('/demo');
  await page.getByRole('button', { name: 'Porozmawiaj z nami' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Ta przeglądarka nie obsługuje naszych rozmów wideo' });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('listitem')).toHaveCount(2);
  expect(page.frames()).toHaveLength(1);
  expect(requested).toEqual([]);

  // The browser still runs the app, so text chat is offered: it opens the app, text only ([MD2]).
  await notice.getByRole('button', { name: 'Porozmawiaj na czacie tekstowym' }).click();
  await expect(notice).toHaveCount(0);
  const app = await visitorFrame(page);
  await expect(app.getByTestId('unsupported')).toBeVisible();
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await expect(app.getByTestId('end')).toBeVisible();
  // [MD3] The consultant sees the visitor's browser with the conversation (seed 002).
  await expect(consolePage.getByTestId('visitor-browser')).toContainText('Internet Explorer 11 · Windows · computer');

  await consolePage.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await consolePage.getByTestId('mark-done').click();
  await goUnavailable(consolePage);
  await visitor.close();
  await consultant.close();
});

test('[OB2] a current browser with WebRTC and modules gets the app at once, no notice', async ({ browser }) => {
  const visitor = await newPerson(browser, 'pl-PL');
  const page = await visitor.newPage();
  await page.goto('/demo');
  await page.getByRole('button', { name: 'Porozmawiaj z nami' }).click();
  await visitorFrame(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Ta przeglądarka' })).toHaveCount(0);
  await visitor.close();
});

import { expect, test, type Browser, type Frame, type Page } from '@playwright/test';
import { docsScreenshot, visitorFrame } from './helpers.ts';
import { expectNothingCovered } from './layout.ts';

/** Desktop sizes from the issue, the phone, and the extremes: 320 px wide and full HD. */
const viewports = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
  { width: 320, height: 568 },
  { width: 1920, height: 1080 },
];
const locales = [
  { locale: 'en-US', talk: 'Talk to us' },
  { locale: 'pl-PL', talk: 'Porozmawiaj z nami' },
];

/** The customer's page at this size, with the visitor app open in its panel and the camera on. */
async function openLobby(
  browser: Browser,
  viewport: { width: number; height: number },
  locale: string,
  talk: string,
): Promise<{ page: Page; app: Frame; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport, locale, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto('/demo');
  await page.getByRole('button', { name: talk }).click();
  const app = await visitorFrame(page);
  await expect
    .poll(() => app.getByTestId('local-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await expect(app.getByTestId('select-microphone')).toBeVisible();
  await expect(app.getByTestId('leave-message')).toBeVisible();
  return { page, app, close: () => context.close() };
}

for (const viewport of viewports) {
  for (const { locale, talk } of locales) {
    const size = `${viewport.width}x${viewport.height}`;
    test(`[UI1][UI2] the lobby at ${size} (${locale}): no control covered or cut, and more below is shown`, async ({
      browser,
    }) => {
      const { page, app, close } = await openLobby(browser, viewport, locale, talk);
      try {
        // The panel itself fits in the customer's window.
        const panel = await page.locator('[data-parley] iframe').boundingBox();
        expect(panel).not.toBeNull();
        expect(panel!.y).toBeGreaterThanOrEqual(0);
        expect(panel!.y + panel!.height).toBeLessThanOrEqual(viewport.height);
        expect(panel!.x + panel!.width).toBeLessThanOrEqual(viewport.width);

        if (locale === 'en-US' && [1280, 1366, 390].includes(viewport.width)) {
          await docsScreenshot(page, `lobby-${size}`);
        }
        await expectNothingCovered(app, `the lobby at ${size} (${locale})`);

        // [UI2] When the column does not fit, the visitor is told there is more, until the end.
        const scroll = app.getByTestId('app-scroll');
        const overflows = await scroll.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
        const more = app.getByTestId('more-below');
        if (overflows) {
          await expect(more).toBeVisible();
          // Each press scrolls on by most of a screen; at the end the bar goes away.
          for (let presses = 0; presses < 10 && (await more.isVisible()); presses++) {
            await more.click();
            await page.waitForTimeout(400); // the smooth scroll's own animation
          }
          await expect(more).toBeHidden();
          await expect(app.getByTestId('connect')).toBeInViewport();
        } else {
          await expect(more).toBeHidden();
        }

        // The confirmation of "Skip media check" opens in the same column without covering anything.
        await app.getByTestId('skip-check').click();
        await expect(app.getByTestId('skip-confirm')).toBeVisible();
        await expectNothingCovered(app, `the skip confirmation at ${size} (${locale})`);
      } finally {
        await close();
      }
    });
  }
}

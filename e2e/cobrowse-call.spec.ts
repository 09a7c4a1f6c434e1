import { expect, test, type Frame, type Page } from '@playwright/test';
import { goAvailable, goUnavailable, loginConsultant, mediaStats, newPerson, visitorFrame } from './helpers.ts';
import { expectGrowing } from './mediaHelpers.ts';

test.use({ actionTimeout: 30_000 });

interface Watched {
  __parley?: { call(): { peerConnection?: RTCPeerConnection } | undefined };
  /** The peer connection before the push, to tell a new one's frames from the old one's. */
  oldConnection?: RTCPeerConnection;
  reconnecting?: { text: string; shownAt: number; hiddenAt?: number };
}

/**
 * Runs in a page: notes when "Reconnecting the call…" appears and goes. It shows only for a
 * moment on a fast machine, too briefly to be sure a polling assertion catches it.
 */
function watchReconnecting(): void {
  const w = window as unknown as Watched;
  new MutationObserver(() => {
    const notice = document.querySelector('[data-testid="call-reconnecting"]');
    if (notice && !w.reconnecting) w.reconnecting = { text: notice.textContent, shownAt: Date.now() };
    if (!notice && w.reconnecting && !w.reconnecting.hiddenAt) w.reconnecting.hiddenAt = Date.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
}
const reconnectingSeen = (where: Page | Frame) => where.evaluate(() => (window as unknown as Watched).reconnecting);

const decodedFrames = async (where: Page | Frame) => (await mediaStats(where)).videoFramesDecoded;
const onNewConnection = (where: Page | Frame) =>
  where.evaluate(() => {
    const w = window as unknown as Watched;
    return w.__parley?.call()?.peerConnection !== w.oldConnection;
  });

/** The moment (epoch ms, the machine's one clock) the new connection's first video frame is decoded in `where`. */
async function firstDecodedAt(where: Page | Frame): Promise<number> {
  let seenAt = 0;
  await expect
    .poll(
      async () => {
        const frames = (await onNewConnection(where)) ? await decodedFrames(where) : 0;
        if (frames > 0 && seenAt === 0) seenAt = Date.now();
        return frames;
      },
      { timeout: 20_000, intervals: [25] },
    )
    .toBeGreaterThan(0);
  return seenAt;
}

test('[CB7] a video call survives opening a pushed page: the new page reconnects at once, says so on both sides, and video is decoded again both ways', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  await visitor.addInitScript(watchReconnecting);
  const consolePage = await consultant.newPage();
  const page = await visitor.newPage();
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  await page.goto('/demo/shop');
  await page.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(page);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await expect(app.getByTestId('end')).toBeVisible();
  // Video both ways before the push.
  await expectGrowing(() => decodedFrames(app));
  await expectGrowing(() => decodedFrames(consolePage));
  expect(await reconnectingSeen(app)).toBeUndefined();
  await consolePage.evaluate(watchReconnecting);
  await consolePage.evaluate(() => {
    const w = window as unknown as Watched;
    w.oldConnection = w.__parley?.call()?.peerConnection;
  });

  const delivery = new URL('/demo/shop/delivery', page.url()).href;
  await consolePage.getByTestId('cobrowse-push-url').fill(delivery);
  await consolePage.getByTestId('cobrowse-push-send').click();
  await app.getByTestId('cobrowse-push-open').click();
  await page.waitForURL(delivery);
  const loadedAt = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return performance.timeOrigin + (navigation?.loadEventEnd || performance.now());
  });
  const appThere = await visitorFrame(page);
  const [visitorSees, consultantSees] = await Promise.all([firstDecodedAt(appThere), firstDecodedAt(consolePage)]);
  const appStarted = await appThere.evaluate(() => performance.timeOrigin);
  console.log(
    `[CB7] new page loaded → first decoded frame: visitor ${Math.round(visitorSees - loadedAt)} ms, consultant ${Math.round(consultantSees - loadedAt)} ms (the app's document started ${Math.round(appStarted - loadedAt)} ms after the load)`,
  );
  await expectGrowing(() => decodedFrames(appThere));
  await expectGrowing(() => decodedFrames(consolePage));
  // [CB7] Both sides said the call was reconnecting, until it was: the console from the moment the
  // visitor's page went away, before the new page had loaded.
  const consoleSaw = await reconnectingSeen(consolePage);
  const visitorSaw = await reconnectingSeen(appThere);
  expect(consoleSaw?.text).toBe('Reconnecting the call…');
  expect(visitorSaw?.text).toBe('Reconnecting the call…');
  expect(consoleSaw!.shownAt).toBeLessThan(loadedAt);
  await expect.poll(async () => (await reconnectingSeen(consolePage))?.hiddenAt).toBeGreaterThan(0);
  await expect.poll(async () => (await reconnectingSeen(appThere))?.hiddenAt).toBeGreaterThan(0);
  await expect(appThere.getByTestId('call-reconnecting')).toHaveCount(0);
  await expect(consolePage.getByTestId('call-reconnecting')).toHaveCount(0);
  await expect(appThere.getByTestId('end')).toBeVisible();

  // Leave the demo tenant idle for the next spec.
  await appThere.getByTestId('end').click();
  await consolePage.getByTestId('mark-done').click();
  await goUnavailable(consolePage);
  await visitor.close();
  await consultant.close();
});

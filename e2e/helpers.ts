import { expect, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';

export const DEMO = { email: 'consultant@demo.parley', password: 'parley-demo' };
/** The second demo consultant: in the Sales pool with Dana, not on the consultation link. */
export const SAM = { email: 'sam@demo.parley', password: 'parley-demo' };

export interface MediaStats {
  videoFramesDecoded: number;
  audioPacketsReceived: number;
  videoFrameWidth: number;
  connectionState: string;
}

/** Reads inbound RTP stats of the page's current call through the test hook `window.__parley`. */
export async function mediaStats(target: Page | Frame): Promise<MediaStats> {
  return target.evaluate(async () => {
    interface Hook {
      call(): { peerConnection?: RTCPeerConnection } | undefined;
    }
    const hook = (window as unknown as { __parley?: Hook }).__parley;
    const pc = hook?.call()?.peerConnection;
    const result = { videoFramesDecoded: 0, audioPacketsReceived: 0, videoFrameWidth: 0, connectionState: 'none' };
    if (!pc) return result;
    result.connectionState = pc.connectionState;
    const report = await pc.getStats();
    report.forEach(
      (s: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number; frameWidth?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') {
          result.videoFramesDecoded += s.framesDecoded ?? 0;
          result.videoFrameWidth = Math.max(result.videoFrameWidth, s.frameWidth ?? 0);
        }
        if (s.kind === 'audio') result.audioPacketsReceived += s.packetsReceived ?? 0;
      },
    );
    return result;
  });
}

/** Waits until the side decodes remote video and receives remote audio, and both keep flowing. */
export async function expectMediaFlowing(target: Page | Frame): Promise<MediaStats> {
  await expect.poll(async () => (await mediaStats(target)).videoFramesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
  const first = await mediaStats(target);
  await expect
    .poll(
      async () => {
        const now = await mediaStats(target);
        return (
          now.videoFramesDecoded > first.videoFramesDecoded && now.audioPacketsReceived > first.audioPacketsReceived
        );
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return mediaStats(target);
}

export async function newPerson(browser: Browser, locale = 'en-US', baseURL?: string): Promise<BrowserContext> {
  // The network lab's browsers ([NW8]) reach their server at an address of their own.
  return browser.newContext({ locale, permissions: ['camera', 'microphone'], ...(baseURL ? { baseURL } : {}) });
}

export async function loginConsultant(page: Page, who = DEMO, consoleUrl = '/console/'): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('presence-toggle')).toBeVisible();
}

/**
 * Waits for the console's welcome. Before it, presence reads "Unavailable" by default: a click
 * then would toggle the real state the welcome brings (available within the grace period) off.
 */
async function welcomed(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as unknown as { __parley?: { client: { state: { status: string } } } }).__parley?.client.state.status,
      ),
    )
    .toBe('open');
}

/** Sets the consultant available (a consultant who returns within the grace period already is). */
export async function goAvailable(page: Page): Promise<void> {
  const presence = page.getByTestId('presence');
  await welcomed(page);
  await expect(presence).toHaveText(/^(Available|Unavailable)$/);
  if ((await presence.textContent()) === 'Unavailable') await page.getByTestId('presence-toggle').click();
  await expect(presence).toHaveText('Available');
}

/** Sets the consultant unavailable (one who returns within the grace period may still be available). */
export async function goUnavailable(page: Page): Promise<void> {
  const presence = page.getByTestId('presence');
  await welcomed(page);
  await expect(presence).toHaveText(/^(Available|Unavailable)$/);
  if ((await presence.textContent()) === 'Available') await page.getByTestId('presence-toggle').click();
  await expect(presence).toHaveText('Unavailable');
}

/** Opens the demo customer page of a link and the visitor app in it. */
export async function openVisitorApp(page: Page, linkKey = 'demo-help'): Promise<Frame> {
  await page.goto(`/demo?link=${linkKey}`);
  await page.getByRole('button', { name: 'Talk to us' }).click();
  return visitorFrame(page);
}

/** The visitor app's frame inside the customer page. */
export async function visitorFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().includes('/widget/app/'))).toBe(true);
  const frame = page.frames().find((f) => f.url().includes('/widget/app/'));
  if (!frame) throw new Error('visitor app frame not found');
  return frame;
}

export interface LegStats {
  legs: number;
  videoFramesDecoded: number;
  audioPacketsReceived: number;
  /** Per receiving leg: frames decoded, in leg order. */
  perLeg: number[];
  /** Width and height of every video being decoded, over all receiving legs. */
  videoSizes: [number, number][];
}

/** [S1]–[S6] Inbound RTP over every open SFU leg of the page (test hook `window.__parley.legs`). */
export async function sfuStats(target: Page | Frame): Promise<LegStats> {
  return target.evaluate(async () => {
    interface Hook {
      legs?: Set<{ peerConnection: RTCPeerConnection; kind: string }>;
    }
    const hook = (window as unknown as { __parley?: Hook }).__parley;
    const result = {
      legs: 0,
      videoFramesDecoded: 0,
      audioPacketsReceived: 0,
      perLeg: [] as number[],
      videoSizes: [] as [number, number][],
    };
    for (const leg of hook?.legs ?? []) {
      if (leg.kind !== 'subscriber') continue;
      result.legs += 1;
      let frames = 0;
      const report = await leg.peerConnection.getStats();
      type Inbound = { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number };
      report.forEach((s: Inbound & { frameWidth?: number; frameHeight?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') frames += s.framesDecoded ?? 0;
        if (s.kind === 'video' && s.frameWidth) result.videoSizes.push([s.frameWidth, s.frameHeight ?? 0]);
        if (s.kind === 'audio') result.audioPacketsReceived += s.packetsReceived ?? 0;
      });
      result.videoFramesDecoded += frames;
      result.perLeg.push(frames);
    }
    return result;
  });
}

/** Waits until every receiving SFU leg of the page decodes video, and keeps decoding. */
export async function expectSfuFlowing(target: Page | Frame, legs: number): Promise<LegStats> {
  const everyLeg = async (min: number[] | number): Promise<boolean> => {
    const now = await sfuStats(target);
    if (now.legs < legs) return false;
    return now.perLeg.every((f, i) => f > (typeof min === 'number' ? min : (min[i] ?? 0)));
  };
  await expect.poll(() => everyLeg(10), { timeout: 30_000 }).toBe(true);
  const first = await sfuStats(target);
  await expect.poll(() => everyLeg(first.perLeg), { timeout: 15_000 }).toBe(true);
  return sfuStats(target);
}

/**
 * Refreshes a picture in docs/img when asked (PARLEY_SCREENSHOTS=1), never in an ordinary run:
 * a test run must not rewrite committed files.
 */
export async function docsScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; phone?: boolean } = {},
): Promise<void> {
  if (process.env.PARLEY_SCREENSHOTS !== '1') return;
  // `phone`: the same page at a phone's size for this one picture, then as it was.
  const size = page.viewportSize();
  if (options.phone) await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `docs/img/${name}.png`, fullPage: options.fullPage ?? false });
  if (options.phone && size) await page.setViewportSize(size);
}

/**
 * Empties Admin → Websites of the demo tenant through the console, so the tenant is back to its
 * default (embed anywhere, [EM1]) for the specs that run after one that restricted it.
 */
export async function clearAllowedSites(browser: Browser): Promise<void> {
  const admin = await newPerson(browser);
  try {
    const page = await admin.newPage();
    await loginConsultant(page);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-sites').click();
    await expect(page.getByTestId('sites-now')).toBeVisible();
    while ((await page.getByTestId('site-row').count()) > 0) {
      const before = await page.getByTestId('site-row').count();
      await page.getByTestId('site-row').first().getByRole('button').click();
      await expect(page.getByTestId('site-row')).toHaveCount(before - 1);
    }
    await expect(page.getByTestId('sites-now')).toHaveText('Now: on any website.');
  } finally {
    await admin.close();
  }
}

/** The visit the loader stored in the customer page's own localStorage once welcomed ([SV3]). */
export async function storedVisit(page: Page): Promise<{ visitId: string; visitorKey: string }> {
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('parley-visit')), { timeout: 15_000 })
    .not.toBeNull();
  const stored = await page.evaluate(() => localStorage.getItem('parley-visit'));
  return JSON.parse(stored ?? '{}') as { visitId: string; visitorKey: string };
}

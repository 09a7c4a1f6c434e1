import { expect, test, type Page } from '@playwright/test';
import { goAvailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

/**
 * Co-browsing cost and speed for docs/performance.md: bytes per second streamed while the
 * visitor scrolls and types on the demo shop, and the delay from a DOM change on the visitor's
 * page to the consultant's replay (both browser contexts share one clock). Only on request:
 * PARLEY_MEASURE=1 E2E_PORT=… npx playwright test e2e/cobrowse-measure.spec.ts
 */
test.skip(process.env.PARLEY_MEASURE !== '1', 'a measurement, run on request');

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Stamps, in a page or frame, when a message mentioning `mark-N` first passes a hop, so the
 * delay can be split: page → visitor app → (server) → console → replay page → replayed DOM.
 */
const hopProbe = (onSocket: boolean) => `(() => {
  window.hops = {};
  const stamp = (data) => {
    const m = /mark-\\d+/.exec(JSON.stringify(data));
    if (m && !(m[0] in window.hops)) window.hops[m[0]] = Date.now();
  };
  if (${onSocket}) window.__parley.client.connection.on('cobrowse', stamp);
  else window.addEventListener('message', (e) => stamp(e.data), true);
})()`;

async function frameBytes(consolePage: Page): Promise<number> {
  return consolePage.evaluate(() => (window as unknown as { cbBytes: number }).cbBytes);
}

test('[CB2] co-browsing: bytes per second and DOM change → replay delay on loopback', async ({ browser }) => {
  test.setTimeout(240_000);
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  const consolePage = await consultant.newPage();
  const page = await visitor.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  await page.goto('/demo/shop');
  // A longer page, as a shop's would be: forty more product cards below the form.
  await page.evaluate(() => {
    for (let i = 0; i < 40; i++) {
      const card = document.createElement('div');
      card.className = 'product';
      card.innerHTML = `<h2>Product ${i}</h2><p>A fine thing for your kitchen, number ${i}, with a long description of its qualities.</p><button type="button">Add to cart</button>`;
      document.body.append(card);
    }
  });
  await page.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(page);
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await consolePage.evaluate(() => {
    const w = window as unknown as {
      cbBytes: number;
      __parley: { client: { connection: { on(t: string, l: (m: unknown) => void): void } } };
    };
    w.cbBytes = 0;
    w.__parley.client.connection.on('cobrowse', (m) => (w.cbBytes += JSON.stringify(m).length));
  });
  await consolePage.getByTestId('cobrowse-ask').click();
  await app.getByTestId('cobrowse-allow').click();
  const replay = consolePage.frameLocator('[data-testid="cobrowse-replay"]').frameLocator('iframe');
  await expect(replay.locator('#price')).toHaveText('€39.00', { timeout: 60_000 });
  const snapshotBytes = await frameBytes(consolePage);

  // 10 s of a visitor at work: scrolling a step every 500 ms and typing 4 characters a second.
  const before = await frameBytes(consolePage);
  const started = Date.now();
  await page.locator('#address').click();
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, i < 10 ? 150 : -150);
    await page.keyboard.type('ab', { delay: 250 });
  }
  const seconds = (Date.now() - started) / 1000;
  await page.waitForTimeout(500);
  const perSecond = ((await frameBytes(consolePage)) - before) / seconds;

  // DOM change → replay: 40 changes, each awaited in the replay before the next.
  const replayFrame = consolePage.frames().find((f) => f.url().endsWith('/console/replay.html'));
  if (!replayFrame) throw new Error('no replay frame');
  await replayFrame.evaluate(() => {
    const w = window as unknown as { seen: Record<string, number> };
    w.seen = {};
    const doc = document.querySelector('iframe')?.contentDocument;
    if (!doc) throw new Error('no replayed document');
    new MutationObserver(() => {
      const text = doc.getElementById('cart')?.textContent ?? '';
      if (text.startsWith('mark-') && !(text in w.seen)) w.seen[text] = Date.now();
    }).observe(doc, { subtree: true, childList: true, characterData: true });
  });
  const probed = [app, consolePage, replayFrame];
  // The console stamps what reaches its socket; the app and replay page, what is posted to them.
  for (const where of probed) await where.evaluate(hopProbe(where === consolePage));
  const delays: number[] = [];
  const changedAt: number[] = [];
  for (let i = 0; i < 40; i++) {
    const at = await page.evaluate((n) => {
      const cart = document.getElementById('cart');
      if (cart) cart.textContent = `mark-${n}`;
      return Date.now();
    }, i);
    changedAt.push(at);
    await expect
      .poll(
        () => replayFrame.evaluate((n) => (window as unknown as { seen: Record<string, number> }).seen[`mark-${n}`], i),
        {
          intervals: [20],
        },
      )
      .toBeDefined();
    const seen = await replayFrame.evaluate(
      (n) => (window as unknown as { seen: Record<string, number> }).seen[`mark-${n}`],
      i,
    );
    delays.push((seen ?? NaN) - at);
  }
  const [inApp, inConsole, inReplayPage] = await Promise.all(
    probed.map((where) => where.evaluate<Record<string, number>>('window.hops')),
  );
  const seen = await replayFrame.evaluate<Record<string, number>>('window.seen');
  const hop = (from: (k: string, i: number) => number | undefined, to: Record<string, number>) => {
    const ms = changedAt.map((_, i) => (to[`mark-${i}`] ?? NaN) - (from(`mark-${i}`, i) ?? NaN)).sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
  };
  const hopsMs = {
    pageToApp: hop((_, i) => changedAt[i], inApp!),
    appToConsole: hop((k) => inApp![k], inConsole!),
    consoleToReplayPage: hop((k) => inConsole![k], inReplayPage!),
    replayPageToDom: hop((k) => inReplayPage![k], seen),
  };
  delays.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      snapshotKiB: +(snapshotBytes / 1024).toFixed(1),
      bytesPerSecondWhileScrollingAndTyping: Math.round(perSecond),
      delayMs: { p50: percentile(delays, 50), p95: percentile(delays, 95), max: delays.at(-1) },
      hopsMs,
    }),
  );
  await visitor.close();
  await consultant.close();
});

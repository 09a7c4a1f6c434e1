import { expect, test, type Frame, type Page } from '@playwright/test';
import { DEMO, expectSfuFlowing, loginConsultant, newPerson, openVisitorApp, sfuStats } from './helpers.ts';

/** The largest picture width a page's receiving legs decode now. */
async function receivedWidth(app: Frame): Promise<number> {
  return Math.max(0, ...(await sfuStats(app)).videoSizes.map(([width]) => width));
}

/** How many simulcast layers the presenter's camera leg sends (outbound video streams with a `rid` that encode). */
async function sentLayers(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const legs = (window as unknown as { __parley: { legs: Set<{ peerConnection: RTCPeerConnection; kind: string }> } })
      .__parley.legs;
    let layers = 0;
    for (const leg of legs) {
      if (leg.kind !== 'publisher') continue;
      type Outbound = { type: string; kind?: string; rid?: string; framesEncoded?: number };
      (await leg.peerConnection.getStats()).forEach((s: Outbound) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video' && s.rid && (s.framesEncoded ?? 0) > 0) layers += 1;
      });
    }
    return layers;
  });
}

/** Holds the viewer's receiving leg on one layer ([NW11], `SfuSubscriber.selectLayer`). */
async function selectLayer(app: Frame, substream: number): Promise<void> {
  await app.evaluate((substream) => {
    const legs = (
      window as unknown as { __parley: { legs: Set<{ kind: string; selectLayer?(substream: number): void }> } }
    ).__parley.legs;
    for (const leg of legs) if (leg.kind === 'subscriber') leg.selectLayer?.(substream);
  }, substream);
}

test('[NW11] a broadcast goes to Janus in simulcast layers: a viewer gets the full picture, and a smaller one when its leg asks for layer 0', async ({
  browser,
}) => {
  const presenter = await newPerson(browser);
  const viewer = await browser.newContext();
  const dana = await presenter.newPage();
  try {
    await loginConsultant(dana, DEMO);
    await dana.getByTestId('broadcast-start').click();
    await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.');
    const app = await openVisitorApp(await viewer.newPage(), 'demo-broadcast');
    await app.getByTestId('broadcast-watch').click();
    await expectSfuFlowing(app, 1);
    // Held on the top layer (the picker would step down on a loaded machine's round-trip spikes):
    // the camera's full 640x480.
    await selectLayer(app, 2);
    await expect.poll(() => receivedWidth(app), { timeout: 30_000 }).toBe(640);

    await selectLayer(app, 0);
    // The smallest layer: a quarter (160) or, where Chromium sends two layers for 640x480, half (320).
    await expect.poll(() => receivedWidth(app), { timeout: 30_000 }).toBeLessThanOrEqual(320);
    const framesThen = (await sfuStats(app)).videoFramesDecoded;
    await expect.poll(async () => (await sfuStats(app)).videoFramesDecoded).toBeGreaterThan(framesThen + 10);
    const layers = await sentLayers(dana);
    console.log(
      `[NW11] the presenter sends ${layers} layers; the viewer on layer 0 decodes ${await receivedWidth(app)} px wide`,
    );
    expect(layers).toBeGreaterThanOrEqual(2);
  } finally {
    await dana.getByTestId('broadcast-stop').click();
    await expect(dana.getByTestId('broadcast-state')).toHaveText('Off air');
    await viewer.close();
    await presenter.close();
  }
});

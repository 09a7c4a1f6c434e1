import { expect, test, type BrowserContext, type Frame, type Page } from '@playwright/test';
import type { LinkProfile } from '../../scripts/netlab/lab.ts';
import { loginConsultant, openVisitorApp, sfuStats, DEMO } from '../helpers.ts';
import { badLinks, labPerson, labSkipReason, startLab, type RunningLab } from './labCall.ts';
import { measureReceived, selectedPath, type ReceivedQuality } from './pathStats.ts';

/**
 * `npm run bench network`, broadcast rows ([NW8][NW11]): a consultant in the office broadcasts
 * through the lab's Janus, a viewer at home (behind the visitor's router and its bad link)
 * watches. Each link once with the presenter sending simulcast (the viewer's leg picks its layer)
 * and once without. Prints a Markdown table for docs/performance.md; asserts nothing about quality.
 * BENCH_NETWORK_SECONDS sets the window (default 10 s), BENCH_VIEWER_SETTLE_SECONDS the wait
 * before it (default 10 s: the layer picker needs two 2 s intervals to step down, and a switch
 * waits for a key frame).
 */
const unavailable = labSkipReason();
const seconds = Number(process.env.BENCH_NETWORK_SECONDS ?? 10);
const settleSeconds = Number(process.env.BENCH_VIEWER_SETTLE_SECONDS ?? 10);

const links: { name: string; link: LinkProfile; warmUp?: boolean }[] = [
  { name: 'warm-up, no loss', link: {}, warmUp: true },
  { name: 'no loss', link: {} },
  ...badLinks,
];
const rowsOf = links.flatMap((l) =>
  l.warmUp ? [{ ...l, simulcast: true }] : [true, false].map((simulcast) => ({ ...l, simulcast })),
);
// BENCH_NETWORK_ROWS (a regular expression) runs only the rows whose name matches (the warm-up always).
const only = process.env.BENCH_NETWORK_ROWS ? new RegExp(process.env.BENCH_NETWORK_ROWS) : null;

const rows: string[] = [];
const cell = (q: ReceivedQuality) =>
  `${q.fps.toFixed(1)} fps ${q.width}x${q.height}, ${q.freezeCount} freezes ${q.totalFreezesSeconds.toFixed(1)} s, audio concealed ${(q.audioConcealment * 100).toFixed(1)} %`;

/** Video bytes so far of each inbound or outbound RTP stream of the page's SFU legs (one per simulcast layer). */
function videoBytes(target: Frame | Page, type: 'inbound-rtp' | 'outbound-rtp'): Promise<number[]> {
  return target.evaluate(async (type) => {
    const legs = (window as unknown as { __parley: { legs: Set<{ peerConnection: RTCPeerConnection }> } }).__parley
      .legs;
    const bytes: number[] = [];
    for (const leg of legs) {
      type Rtp = { type: string; kind?: string; bytesReceived?: number; bytesSent?: number; rid?: string };
      (await leg.peerConnection.getStats()).forEach((s: Rtp) => {
        if (s.type === type && s.kind === 'video') bytes.push(s.bytesReceived ?? s.bytesSent ?? 0);
      });
    }
    return bytes;
  }, type);
}

/**
 * The layers the viewer's receiving leg asked for, in order ([NW11]): `2→1` stepped down once;
 * the picker's reasons for each switch follow in brackets ([NW12]).
 */
function viewerLayers(app: Frame): Promise<string> {
  return app.evaluate(() => {
    type Leg = { kind: string; layers?: readonly number[]; layerReasons?: readonly string[] };
    const legs = (window as unknown as { __parley: { legs: Set<Leg> } }).__parley.legs;
    const viewer = [...legs].find((leg) => leg.kind === 'subscriber');
    const layers = (viewer?.layers ?? []).join('→');
    const reasons = viewer?.layerReasons ?? [];
    return reasons.length ? `${layers} [${reasons.join('; ')}]` : layers;
  });
}

test.describe.serial('network matrix: broadcast viewer', () => {
  test.skip(unavailable !== null, `network lab skipped: ${unavailable ?? ''}`);
  let running: RunningLab | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    running = await startLab({}, { janus: true });
  });

  test.afterAll(async () => {
    await running?.close();
    console.log(
      [
        '',
        `| viewer's link | simulcast | Watch → first frame | path at the viewer, RTT | viewer receives (${seconds} s) | layers asked for |`,
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  });

  for (const row of rowsOf.filter((r) => r.warmUp || !only || only.test(r.name))) {
    test(`[NW11] viewer, ${row.name}, ${row.simulcast ? 'simulcast' : 'one layer'}`, async () => {
      test.setTimeout(180_000);
      const parley = running!.parley;
      const contexts: BrowserContext[] = [];
      running!.lab.setVisitorLink(row.link);
      await running!.lab.linkReady();
      const presenter = await labPerson(parley, 'consultant', { broadcastSimulcast: row.simulcast });
      contexts.push(presenter);
      const dana = await presenter.newPage();
      try {
        await loginConsultant(dana, DEMO);
        await dana.getByTestId('broadcast-start').click();
        await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.');
        const viewer = await labPerson(parley, 'visitor');
        contexts.push(viewer);
        const app = await openVisitorApp(await viewer.newPage(), 'demo-broadcast');
        const watchedAt = Date.now();
        await app.getByTestId('broadcast-watch').click();
        await expect
          .poll(async () => (await sfuStats(app)).videoFramesDecoded, { timeout: 120_000, intervals: [50] })
          .toBeGreaterThan(0);
        const firstFrameMs = Date.now() - watchedAt;
        await new Promise((r) => setTimeout(r, settleSeconds * 1000));
        const [bytesBefore, sentBefore] = [
          await videoBytes(app, 'inbound-rtp'),
          await videoBytes(dana, 'outbound-rtp'),
        ];
        const quality = await measureReceived(app, seconds, 'subscriber');
        const kbit = (after: number[], before: number[]) =>
          after.map((b, i) => Math.round(((b - (before[i] ?? 0)) * 8) / seconds / 1000)).join('+');
        const received = kbit(await videoBytes(app, 'inbound-rtp'), bytesBefore);
        console.log(`presenter sends ${kbit(await videoBytes(dana, 'outbound-rtp'), sentBefore)} kbit/s`);
        const path = await selectedPath(app, 'subscriber');
        const route = path
          ? `${path.localType}${path.relayProtocol ? `/${path.relayProtocol}` : ''}→${path.remoteType}, ${((path.roundTripTime ?? 0) * 1000).toFixed(0)} ms`
          : '–';
        const line = `| ${row.name} | ${row.simulcast ? 'yes' : 'no'} | ${(firstFrameMs / 1000).toFixed(1)} s | ${route} | ${cell(quality)}, ${received} kbit/s | ${row.simulcast ? await viewerLayers(app) : '–'} |`;
        if (!row.warmUp) rows.push(line);
        console.log(line);
      } finally {
        await dana.getByTestId('broadcast-stop').click();
        await expect(dana.getByTestId('broadcast-state')).toHaveText('Off air');
        for (const context of contexts) await context.close();
        running!.lab.setVisitorLink({});
      }
    });
  }
});

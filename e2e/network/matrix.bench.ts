import { test } from '@playwright/test';
import type { RtcTuning } from '../../packages/client/src/media/rtcTuning.ts';
import type { LinkProfile } from '../../scripts/netlab/lab.ts';
import { expectMediaFlowing } from '../helpers.ts';
import { badLinks, expectRelayed, labCall, labSkipReason, startLab, type RunningLab } from './labCall.ts';
import { measureReceived, selectedPath, type ReceivedQuality } from './pathStats.ts';

/**
 * `npm run bench network` ([NW1][NW2]): one 1:1 call per link condition on the visitor's side,
 * across the lab's two symmetric NATs and coturn; prints a Markdown table for
 * docs/performance.md. Asserts nothing about quality (figures, not a test); a call that does not
 * connect at all fails. BENCH_NETWORK_SECONDS sets the measuring window (default 10 s).
 */
const unavailable = labSkipReason();
const seconds = Number(process.env.BENCH_NETWORK_SECONDS ?? 10);

/** [NW10] What Chromium does on its own: FEC (its default), no DTX, no degradation preference, no caps. */
const chromiumDefaults: Partial<RtcTuning> = { opusDtx: false, cameraDegradation: null, bitrateCaps: false };

const profiles: { name: string; link: LinkProfile; warmUp?: boolean; tuning?: Partial<RtcTuning> }[] = [
  // The first call after the browsers start is slower (caches, codec start-up): not in the table.
  { name: 'warm-up, no loss', link: {}, warmUp: true },
  { name: 'no loss (TURN/UDP)', link: {} },
  ...badLinks.slice(0, 5),
  { name: 'UDP blocked (TURN/TCP)', link: { blockUdp: true } },
  ...badLinks.slice(5),
  // [NW10] Each knob's effect: the rows above use Parley's tuning; these turn it (or one knob) off.
  { name: '5 % loss, untuned (Chromium defaults)', link: { lossPercent: 5 }, tuning: chromiumDefaults },
  { name: '5 % loss, tuned but no Opus FEC', link: { lossPercent: 5 }, tuning: { opusFec: false } },
  { name: '300 kbit/s cap, untuned (Chromium defaults)', link: { rateKbit: 300 }, tuning: chromiumDefaults },
  {
    name: '300 kbit/s cap, tuned but balanced degradation',
    link: { rateKbit: 300 },
    tuning: { cameraDegradation: 'balanced' },
  },
  { name: '300 kbit/s cap, tuned but no bitrate caps', link: { rateKbit: 300 }, tuning: { bitrateCaps: false } },
];
// BENCH_NETWORK_ROWS (a regular expression) runs only the rows whose name matches (the warm-up always).
const only = process.env.BENCH_NETWORK_ROWS ? new RegExp(process.env.BENCH_NETWORK_ROWS) : null;

const rows: string[] = [];
const cell = (q: ReceivedQuality) =>
  `${q.fps.toFixed(1)} fps ${q.width}x${q.height}, ${q.freezeCount} freezes ${q.totalFreezesSeconds.toFixed(1)} s, audio concealed ${(q.audioConcealment * 100).toFixed(1)} %`;

test.describe.serial('network matrix', () => {
  test.skip(unavailable !== null, `network lab skipped: ${unavailable ?? ''}`);
  let running: RunningLab | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    running = await startLab();
  });

  test.afterAll(async () => {
    await running?.close();
    console.log(
      [
        '',
        `| visitor's link | Accept → first frame (visitor / consultant) | path at the visitor, RTT | visitor receives (${seconds} s) | consultant receives (${seconds} s) |`,
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  });

  for (const profile of profiles.filter((p) => p.warmUp || !only || only.test(p.name))) {
    test(`[NW2] ${profile.name}`, async () => {
      test.setTimeout(180_000);
      running!.lab.setVisitorLink(profile.link);
      await running!.lab.linkReady();
      const c = await labCall(running!.parley, profile.tuning);
      try {
        await expectMediaFlowing(c.app);
        const before = await expectRelayed(c.app);
        // Let bandwidth estimation settle before the window, as a call would a few seconds in.
        await new Promise((r) => setTimeout(r, 3000));
        const [atVisitor, atConsultant] = await Promise.all([
          measureReceived(c.app, seconds),
          measureReceived(c.consolePage, seconds),
        ]);
        // The pair after the window (its RTT is current); on an overloaded machine consent may lapse for a moment.
        const path = (await selectedPath(c.app)) ?? before;
        const row = `| ${profile.name} | ${c.connectMs.visitor} / ${c.connectMs.consultant} ms | ${path.localType}${path.relayProtocol ? `/${path.relayProtocol}` : ''}→${path.remoteType}, ${((path.roundTripTime ?? 0) * 1000).toFixed(0)} ms | ${cell(atVisitor)} | ${cell(atConsultant)} |`;
        if (!profile.warmUp) rows.push(row);
        console.log(row);
      } finally {
        await c.close();
        running!.lab.setVisitorLink({});
      }
    });
  }
});

import { writeFileSync } from 'node:fs';
import { expect, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { RTC_TUNING_STORAGE_KEY, type RtcTuning } from '../../packages/client/src/media/rtcTuning.ts';
import { startCoturn, type Coturn } from '../../scripts/netlab/coturn.ts';
import { labUnavailableReason, NetworkLab, type LinkProfile } from '../../scripts/netlab/lab.ts';
import { DEMO, goAvailable, loginConsultant, visitorFrame } from '../helpers.ts';
import { startLabJanus, startLabParley, type LabParley } from './labParley.ts';
import { selectedPath, type SelectedPath } from './pathStats.ts';

/**
 * The visitor's bad links that `npm run bench network` measures, for a 1:1 call (matrix.bench.ts)
 * and for a broadcast viewer (viewer.bench.ts): loss, caps, then delay with jitter.
 */
export const badLinks: { name: string; link: LinkProfile }[] = [
  { name: '2 % loss', link: { lossPercent: 2 } },
  { name: '5 % loss', link: { lossPercent: 5 } },
  { name: '10 % loss', link: { lossPercent: 10 } },
  { name: '1 Mbit/s cap', link: { rateKbit: 1000 } },
  { name: '300 kbit/s cap', link: { rateKbit: 300 } },
  // [NW9] Each way RTT/2 ± 15 ms through the delay relay in the visitor's router (round trip ± 30 ms).
  { name: '50 ms RTT ± 30 ms', link: { delayMs: 25, jitterMs: 15 } },
  { name: '150 ms RTT ± 30 ms', link: { delayMs: 75, jitterMs: 15 } },
  { name: '300 ms RTT ± 30 ms', link: { delayMs: 150, jitterMs: 15 } },
];

/** Why the lab's tests cannot run here (printed, and given to `test.skip`), or null. */
export function labSkipReason(): string | null {
  const reason = process.env.PARLEY_NETLAB === 'off' ? 'PARLEY_NETLAB=off' : labUnavailableReason();
  // A skipped lab is said out loud, in the run's output as well as in the report.
  if (reason) console.warn(`[NW1] network lab tests SKIPPED: ${reason}`);
  return reason;
}

export interface RunningLab {
  lab: NetworkLab;
  turn: Coturn;
  parley: LabParley;
  close(): Promise<void>;
}

/**
 * [NW1] A lab with coturn (UDP, TCP and TLS with a test certificate) and Parley using it. Removed
 * by `close()`, and in any case when the process exits (an interrupted run leaves nothing).
 * With `janus` ([NW8]) Parley starts its Janus in the lab, for broadcasts and conferences.
 */
export async function startLab(
  env: Record<string, string> = {},
  options: { janus?: boolean } = {},
): Promise<RunningLab> {
  const lab = NetworkLab.create();
  const removeLab = () => lab.close();
  process.once('exit', removeLab);
  try {
    const turn = await startCoturn(lab, { tls: true });
    // The server runs in the lab's own namespace: this port is free there whatever runs on the machine.
    const parley = await startLabParley(
      lab,
      8080,
      {
        PARLEY_TURN_URLS: [turn.urls.udp, turn.urls.tcp, turn.urls.tls ?? ''].join(','),
        PARLEY_TURN_SECRET: turn.secret,
        ...(options.janus ? startLabJanus(lab) : {}),
        ...env,
      },
      // The test certificate of coturn's TLS port, trusted as a real one would be.
      [`--ignore-certificate-errors-spki-list=${turn.tlsSpki ?? ''}`],
    );
    return {
      lab,
      turn,
      parley,
      close: async () => {
        // coturn's log (allocations, permissions, why a session closed) for a failed run.
        writeFileSync(`test-results/netlab-${lab.id}-turnserver.log`, turn.log());
        await parley.close();
        lab.close();
        process.removeListener('exit', removeLab);
      },
    };
  } catch (error) {
    lab.close();
    process.removeListener('exit', removeLab);
    throw error;
  }
}

export interface Call {
  app: Frame;
  consolePage: Page;
  /** Accept → first decoded remote video frame, per side, in ms. */
  connectMs: { visitor: number; consultant: number };
  close(): Promise<void>;
}

/** Resolves with the page's `Date.now()` when its call first decodes a remote video frame. */
function firstFrameAt(target: Page | Frame): Promise<number> {
  return target.evaluate(
    () =>
      new Promise<number>((resolve) => {
        interface Hook {
          call(): { peerConnection?: RTCPeerConnection } | undefined;
        }
        const poll = async () => {
          const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
          let frames = 0;
          if (pc) {
            (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
              if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
            });
          }
          if (frames > 0) resolve(Date.now());
          else setTimeout(() => void poll(), 10);
        };
        void poll();
      }),
  );
}

/** A browser context of the visitor (at home) or the consultant (in the office); with `tuning`, those media knobs ([NW10]). */
export async function labPerson(
  parley: LabParley,
  side: 'visitor' | 'consultant',
  tuning?: Partial<RtcTuning>,
): Promise<BrowserContext> {
  const browser = side === 'visitor' ? parley.visitorBrowser : parley.consultantBrowser;
  const context = await browser.newContext({ baseURL: parley.baseUrl });
  if (tuning) {
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [
      RTC_TUNING_STORAGE_KEY,
      JSON.stringify(tuning),
    ] as const);
  }
  return context;
}

/**
 * A consultant (in the office) accepts a visitor (at home) on the demo link: both browsers through
 * their NATs. With `tuning` ([NW10]) both pages use those media knobs instead of Parley's defaults.
 */
export async function labCall(parley: LabParley, tuning?: Partial<RtcTuning>): Promise<Call> {
  const contexts: BrowserContext[] = [];
  const person = async (side: 'visitor' | 'consultant') => {
    const context = await labPerson(parley, side, tuning);
    contexts.push(context);
    return context.newPage();
  };
  const consolePage = await person('consultant');
  await loginConsultant(consolePage, DEMO, '/console/');
  await goAvailable(consolePage);
  const customerPage = await person('visitor');
  await customerPage.goto('/demo');
  await customerPage.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(customerPage);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByTestId('connect').click();
  const accept = consolePage.getByTestId('accept');
  await accept.waitFor();
  const visitorFirst = firstFrameAt(app);
  const consultantFirst = firstFrameAt(consolePage);
  const acceptedAt = Date.now();
  await accept.click();
  const [visitorAt, consultantAt] = await Promise.all([visitorFirst, consultantFirst]);
  return {
    app,
    consolePage,
    connectMs: { visitor: visitorAt - acceptedAt, consultant: consultantAt - acceptedAt },
    close: async () => {
      await consolePage.getByTestId('end').click();
      await expect(app.getByTestId('closed-message')).toBeVisible();
      for (const context of contexts) await context.close();
    },
  };
}

/**
 * The selected pair runs through coturn: one of its candidates is a relay (behind two symmetric
 * NATs one side's checks may reach the other's relay straight from its NAT: a prflx–relay pair).
 * With `ownRelay`, this side's own candidate must be the relay, over that transport: 'tcp' accepts
 * TURN over TCP or over TLS (also TCP), because which of the two wins ICE's race is not ours to fix.
 */
export async function expectRelayed(target: Page | Frame, ownRelay?: 'udp' | 'tcp') {
  const overTcp = (protocol: string | null | undefined) => (protocol === 'tls' ? 'tcp' : protocol);
  const relayed = async () => {
    const path = await selectedPath(target);
    if (!path) return 'no pair yet';
    if (ownRelay) return path.localType === 'relay' ? (overTcp(path.relayProtocol) ?? '?') : `local ${path.localType}`;
    return path.localType === 'relay' || path.remoteType === 'relay'
      ? 'relayed'
      : `${path.localType}–${path.remoteType}`;
  };
  await expect.poll(relayed).toBe(ownRelay ?? 'relayed');
  return (await selectedPath(target))!;
}

export const describePath = (p: SelectedPath) =>
  `${p.localType}${p.relayProtocol ? `/${p.relayProtocol}` : ''}→${p.remoteType}, RTT ${((p.roundTripTime ?? 0) * 1000).toFixed(0)} ms`;

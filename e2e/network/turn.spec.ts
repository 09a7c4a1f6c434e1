import { writeFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { startCoturn, type Coturn } from '../../scripts/netlab/coturn.ts';
import { labUnavailableReason, NetworkLab } from '../../scripts/netlab/lab.ts';
import { iceServersFor } from '../../packages/server/src/media/iceServers.ts';
import { DEMO, expectMediaFlowing, goAvailable, loginConsultant, visitorFrame } from '../helpers.ts';
import { startLabParley, type LabParley } from './labParley.ts';
import { measureReceived, selectedPath, type SelectedPath } from './pathStats.ts';

/**
 * [NW1][NW2] Calls across the network lab: a visitor behind a symmetric NAT calls a consultant
 * behind another one; the only way through is coturn, with Parley's time-limited credentials.
 * Needs root (namespaces, iptables) and coturn: elsewhere every test here is skipped, and says why.
 */
const unavailable = process.env.PARLEY_NETLAB === 'off' ? 'PARLEY_NETLAB=off' : labUnavailableReason();
// A skipped lab is said out loud, in the run's output as well as in the report.
if (unavailable) console.warn(`[NW1] network lab tests SKIPPED: ${unavailable}`);
// The server runs in the lab's own namespace: this port is free there whatever runs on the machine.
const port = 8080;
const TURN_TTL_SECONDS = 20;

interface Call {
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

test.describe.serial('network lab: TURN behind symmetric NATs', () => {
  test.skip(unavailable !== null, `network lab skipped: ${unavailable ?? ''}`);
  let lab: NetworkLab | undefined;
  let turn: Coturn;
  let parley: LabParley | undefined;
  const removeLab = () => lab?.close();

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    lab = NetworkLab.create();
    // Even when the runner is interrupted, the namespaces and coturn go with it.
    process.once('exit', removeLab);
    turn = await startCoturn(lab, { tls: true });
    parley = await startLabParley(
      lab,
      port,
      {
        PARLEY_TURN_URLS: [turn.urls.udp, turn.urls.tcp, turn.urls.tls ?? ''].join(','),
        PARLEY_TURN_SECRET: turn.secret,
        // [NW3] Credentials live 20 s here, so a call outlives them within the test.
        PARLEY_TURN_TTL: String(TURN_TTL_SECONDS),
      },
      // The test certificate of coturn's TLS port, trusted as a real one would be.
      [`--ignore-certificate-errors-spki-list=${turn.tlsSpki ?? ''}`],
    );
  });

  test.afterAll(async () => {
    // coturn's log (allocations, permissions, why a session closed) for a failed run.
    if (lab) writeFileSync(`test-results/netlab-${lab.id}-turnserver.log`, turn.log());
    await parley?.close();
    removeLab();
    process.removeListener('exit', removeLab);
  });

  async function call(): Promise<Call> {
    if (!parley) throw new Error('lab not started');
    const contexts: BrowserContext[] = [];
    const person = async (side: 'visitor' | 'consultant') => {
      const browser = side === 'visitor' ? parley!.visitorBrowser : parley!.consultantBrowser;
      const context = await browser.newContext({ baseURL: parley!.baseUrl });
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
   * With `ownRelay`, this side's own candidate must be the relay, over that transport.
   */
  async function expectRelayed(target: Page | Frame, ownRelay?: 'udp' | 'tcp' | 'tls') {
    const relayed = async () => {
      const path = await selectedPath(target);
      if (!path) return 'no pair yet';
      if (ownRelay) return path.localType === 'relay' ? (path.relayProtocol ?? '?') : `local ${path.localType}`;
      return path.localType === 'relay' || path.remoteType === 'relay'
        ? 'relayed'
        : `${path.localType}–${path.remoteType}`;
    };
    await expect.poll(relayed).toBe(ownRelay ?? 'relayed');
    return (await selectedPath(target))!;
  }

  const describePath = (p: SelectedPath) =>
    `${p.localType}${p.relayProtocol ? `/${p.relayProtocol}` : ''}→${p.remoteType}, RTT ${((p.roundTripTime ?? 0) * 1000).toFixed(0)} ms`;

  test('[NW1][NW2] a visitor behind a symmetric NAT reaches a consultant behind another only through coturn (relay/udp)', async () => {
    lab!.setVisitorLink({});
    const c = await call();
    try {
      await expectMediaFlowing(c.app);
      await expectMediaFlowing(c.consolePage);
      const atVisitor = await expectRelayed(c.app);
      const atConsultant = await expectRelayed(c.consolePage);
      console.log(
        `[NW2] symmetric NATs, TURN over UDP: Accept → first frame visitor ${c.connectMs.visitor} ms, consultant ${c.connectMs.consultant} ms; ` +
          `visitor ${describePath(atVisitor)}; consultant ${describePath(atConsultant)}`,
      );
    } finally {
      await c.close();
    }
  });

  test('[NW2] UDP blocked at the visitor: the call runs over TURN over TCP', async () => {
    lab!.setVisitorLink({ blockUdp: true });
    const c = await call();
    try {
      await expectMediaFlowing(c.app);
      await expectMediaFlowing(c.consolePage);
      const atVisitor = await expectRelayed(c.app, 'tcp');
      console.log(
        `[NW2] UDP blocked, TURN over TCP: Accept → first frame visitor ${c.connectMs.visitor} ms, consultant ${c.connectMs.consultant} ms; visitor ${describePath(atVisitor)}`,
      );
    } finally {
      await c.close();
      lab!.setVisitorLink({});
    }
  });

  test('[NW2] 5 % loss on the visitor’s link: the relayed call keeps decoding video and audio', async () => {
    lab!.setVisitorLink({ lossPercent: 5 });
    const c = await call();
    try {
      await expectMediaFlowing(c.app);
      await expectRelayed(c.app);
      const atVisitor = await measureReceived(c.app, 5);
      const atConsultant = await measureReceived(c.consolePage, 5);
      console.log(
        `[NW2] 5 % loss: Accept → first frame visitor ${c.connectMs.visitor} ms, consultant ${c.connectMs.consultant} ms; ` +
          `visitor receives ${atVisitor.fps.toFixed(1)} fps ${atVisitor.width}x${atVisitor.height}, audio concealed ${(atVisitor.audioConcealment * 100).toFixed(1)} %; ` +
          `consultant receives ${atConsultant.fps.toFixed(1)} fps ${atConsultant.width}x${atConsultant.height}, audio concealed ${(atConsultant.audioConcealment * 100).toFixed(1)} %`,
      );
      expect(atVisitor.fps).toBeGreaterThan(0);
      expect(atConsultant.fps).toBeGreaterThan(0);
    } finally {
      await c.close();
      lab!.setVisitorLink({});
    }
  });

  /** The expiry (Unix seconds) of the TURN credentials the page's current call was made with. */
  function callCredentialsExpiry(target: Page | Frame): Promise<number> {
    return target.evaluate(() => {
      interface Hook {
        call(): { peerConnection?: RTCPeerConnection } | undefined;
      }
      const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
      const username = pc?.getConfiguration().iceServers?.find((s) => s.username)?.username ?? '0:';
      return Number(username.split(':')[0]);
    });
  }

  test('[NW3] a call outlives its TURN credentials: a later ICE restart still goes through coturn, with refreshed ones', async () => {
    lab!.setVisitorLink({});
    const c = await call();
    try {
      await expectMediaFlowing(c.app);
      await expectRelayed(c.app);
      const firstExpiry = await callCredentialsExpiry(c.app);
      // coturn judges expiry by its own clock: wait, in real time, until these have expired.
      await expect
        .poll(() => Date.now() / 1000, { timeout: (TURN_TTL_SECONDS + 10) * 1000, intervals: [1000] })
        .toBeGreaterThan(firstExpiry + 1);
      // A new peer connection, as a rejoin or a network change makes it: the visitor offers afresh.
      const restartedAt = Date.now();
      await c.app.evaluate(async () => {
        interface Hook {
          call(): { start(): Promise<void> } | undefined;
        }
        await (window as unknown as { __parley?: Hook }).__parley?.call()?.start();
      });
      expect(await callCredentialsExpiry(c.app)).toBeGreaterThan(Date.now() / 1000);
      await expect.poll(async () => (await selectedPath(c.app)) !== null, { timeout: 30_000 }).toBe(true);
      const path = await expectRelayed(c.app);
      await expectMediaFlowing(c.app);
      await expectMediaFlowing(c.consolePage);
      console.log(
        `[NW3] ICE restart ${Math.round(Date.now() / 1000 - firstExpiry)} s after the first credentials expired: ` +
          `relayed again (${describePath(path)}), media flowing ${Date.now() - restartedAt} ms after the restart`,
      );
    } finally {
      await c.close();
    }
  });

  /** Relay candidates a fresh peer connection in the visitor's browser gathers from these URLs. */
  async function relaysFrom(urls: string[]): Promise<string[]> {
    const [server] = iceServersFor(
      { stunUrls: [], turn: { urls, secret: turn.secret, ttlSeconds: 600 } },
      'probe',
      Date.now(),
    );
    const page = await parley!.visitorBrowser.newPage();
    try {
      return await page.evaluate(async (iceServer) => {
        const pc = new RTCPeerConnection({ iceServers: [iceServer] });
        pc.addTransceiver('audio');
        const relays: string[] = [];
        pc.addEventListener('icecandidate', (event) => {
          const c = event.candidate;
          // relayProtocol is in Chromium, not in every TypeScript DOM library.
          const relayProtocol: unknown = c ? Reflect.get(c, 'relayProtocol') : undefined;
          if (c?.type === 'relay') relays.push(`${c.protocol ?? '?'} via ${String(relayProtocol)}`);
        });
        const done = new Promise<void>((resolve) =>
          pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()),
        );
        await pc.setLocalDescription(await pc.createOffer());
        await done;
        pc.close();
        return relays;
      }, server!);
    } finally {
      await page.close();
    }
  }

  test('[NW2] docs/deploy.md’s TURN URLs with UDP blocked: `turn:` alone relays nothing; `?transport=tcp` and `turns:` (TLS, 5349) do', async () => {
    lab!.setVisitorLink({ blockUdp: true });
    try {
      const host = turn.urls.udp.replace(/\?.*$/, '');
      expect(await relaysFrom([host])).toEqual([]);
      expect(await relaysFrom([turn.urls.tcp])).toEqual(['udp via tcp']);
      expect(await relaysFrom([turn.urls.tls!])).toEqual(['udp via tls']);
    } finally {
      lab!.setVisitorLink({});
    }
  });
});

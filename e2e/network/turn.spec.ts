import { expect, test, type Frame, type Page } from '@playwright/test';
import { iceServersFor } from '../../packages/server/src/media/iceServers.ts';
import { docsScreenshot, expectMediaFlowing, mediaStats } from '../helpers.ts';
import { audioPasses, cameraSenderTrack } from '../mediaHelpers.ts';
import { describePath, expectRelayed, labCall, labSkipReason, startLab, type RunningLab } from './labCall.ts';
import { measureReceived, selectedPath } from './pathStats.ts';

/**
 * [NW1][NW2][NW3] Calls across the network lab: a visitor behind a symmetric NAT calls a consultant
 * behind another one; the only way through is coturn, with Parley's time-limited credentials.
 * Needs root (namespaces, iptables) and coturn: elsewhere every test here is skipped, and says why.
 * The full matrix of link conditions is `npm run bench network` (e2e/network/matrix.bench.ts).
 */
const unavailable = labSkipReason();
const TURN_TTL_SECONDS = 20;

test.describe.serial('network lab: TURN behind symmetric NATs', () => {
  test.skip(unavailable !== null, `network lab skipped: ${unavailable ?? ''}`);
  let running: RunningLab | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // [NW3] Credentials live 20 s here, so a call outlives them within the test.
    running = await startLab({ PARLEY_TURN_TTL: String(TURN_TTL_SECONDS) });
  });

  test.afterAll(async () => {
    await running?.close();
  });

  const lab = () => running!.lab;
  const call = () => labCall(running!.parley);

  test('[NW1][NW2] behind two symmetric NATs with 5 % loss on the visitor’s link, the call goes through coturn and keeps decoding', async () => {
    lab().setVisitorLink({ lossPercent: 5 });
    const c = await call();
    try {
      await expectMediaFlowing(c.app);
      await expectMediaFlowing(c.consolePage);
      const visitorPath = await expectRelayed(c.app);
      const consultantPath = await expectRelayed(c.consolePage);
      const atVisitor = await measureReceived(c.app, 5);
      const atConsultant = await measureReceived(c.consolePage, 5);
      console.log(
        `[NW2] symmetric NATs, TURN over UDP, 5 % loss: Accept → first frame visitor ${c.connectMs.visitor} ms, consultant ${c.connectMs.consultant} ms; ` +
          `visitor ${describePath(visitorPath)}; consultant ${describePath(consultantPath)}; ` +
          `visitor receives ${atVisitor.fps.toFixed(1)} fps ${atVisitor.width}x${atVisitor.height}, audio concealed ${(atVisitor.audioConcealment * 100).toFixed(1)} %; ` +
          `consultant receives ${atConsultant.fps.toFixed(1)} fps ${atConsultant.width}x${atConsultant.height}, audio concealed ${(atConsultant.audioConcealment * 100).toFixed(1)} %`,
      );
      expect(atVisitor.fps).toBeGreaterThan(0);
      expect(atConsultant.fps).toBeGreaterThan(0);
    } finally {
      await c.close();
      lab().setVisitorLink({});
    }
  });

  test('[NW2] UDP blocked at the visitor: the call runs over TURN over TCP', async () => {
    lab().setVisitorLink({ blockUdp: true });
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
      lab().setVisitorLink({});
    }
  });

  /**
   * Relay candidates a fresh peer connection in the visitor's browser gathers from these URLs, and
   * the candidate errors Chromium reported on the way (for a failure's message).
   */
  async function relaysFrom(urls: string[]): Promise<{ relays: string[]; errors: string[] }> {
    const [server] = iceServersFor(
      { stunUrls: [], turn: { urls, secret: running!.turn.secret, ttlSeconds: 600 } },
      'probe',
      Date.now(),
    );
    const page = await running!.parley.visitorBrowser.newPage();
    try {
      return await page.evaluate(async (iceServer) => {
        const pc = new RTCPeerConnection({ iceServers: [iceServer] });
        pc.addTransceiver('audio');
        const relays: string[] = [];
        const errors: string[] = [];
        pc.addEventListener('icecandidateerror', (event) => {
          errors.push(`${event.url} ${event.errorCode} ${event.errorText}`);
        });
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
        return { relays, errors };
      }, server!);
    } finally {
      await page.close();
    }
  }

  /**
   * A relay over TCP or TLS needs its handshakes done before Chromium's gathering gives up, which a
   * loaded machine can miss (CI: one run gathered none over TLS, another none over TCP, while calls
   * over TCP went through): gathered again for up to 90 s; a failure says what Chromium and coturn
   * saw. (`turn:` alone is asked once: it must never relay.)
   */
  async function expectRelayOnlyVia(url: string, expected: string): Promise<void> {
    const until = Date.now() + 90_000;
    let last = await relaysFrom([url]);
    while (!sameList(last.relays, [expected]) && Date.now() < until) last = await relaysFrom([url]);
    const coturnTail = running!.turn.log().split('\n').slice(-40).join('\n');
    expect(last.relays, `${url}: candidate errors ${JSON.stringify(last.errors)}\ncoturn:\n${coturnTail}`).toEqual([
      expected,
    ]);
  }

  const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

  test('[NW2] docs/deploy.md’s TURN URLs with UDP blocked: `turn:` alone relays nothing; `?transport=tcp` and `turns:` (TLS, 5349) do', async () => {
    test.setTimeout(300_000);
    lab().setVisitorLink({ blockUdp: true });
    try {
      const host = running!.turn.urls.udp.replace(/\?.*$/, '');
      expect((await relaysFrom([host])).relays).toEqual([]);
      await expectRelayOnlyVia(running!.turn.urls.tcp, 'udp via tcp');
      await expectRelayOnlyVia(running!.turn.urls.tls!, 'udp via tls');
    } finally {
      lab().setVisitorLink({});
    }
  });

  test('[NW6] the visitor’s network changes mid-call (new public address, every flow cut): the call makes a new connection and goes on', async () => {
    test.setTimeout(150_000);
    lab().setVisitorLink({});
    const c = await call();
    try {
      await expectMediaFlowing(c.app);
      const before = await expectRelayed(c.app);
      const framesBefore = (await mediaStats(c.consolePage)).videoFramesDecoded;
      const changedAt = Date.now();
      const address = lab().changeVisitorAddress();
      // The same call: no new request, no new Accept; video decodes again on both sides.
      await expect
        .poll(async () => (await mediaStats(c.consolePage)).videoFramesDecoded, { timeout: 45_000 })
        .toBeLessThan(framesBefore); // a new connection: its counters start again
      await expectMediaFlowing(c.consolePage);
      await expectMediaFlowing(c.app);
      await expect(c.app.getByTestId('end')).toBeVisible();
      console.log(
        `[NW6] visitor's router moved to ${address}: from ${describePath(before)} to ${describePath(await expectRelayed(c.app))}, ` +
          `media flowing again ${Date.now() - changedAt} ms after the change`,
      );
    } finally {
      await c.close();
      lab().setVisitorLink({});
    }
  });

  test('[NW4][NW5] 30 % loss on the visitor’s link: both sides see the connection go bad; the visitor takes voice only and no video comes to them until they turn it back on', async () => {
    lab().setVisitorLink({});
    const c = await call();
    const visitorQuality = c.app.getByTestId('call-quality');
    const consultantQuality = c.consolePage.getByTestId('call-quality');
    try {
      await expectMediaFlowing(c.app);
      await expect(visitorQuality).toHaveAttribute('data-level', 'good', { timeout: 30_000 });
      await expect(consultantQuality).toHaveAttribute('data-level', 'good', { timeout: 30_000 });
      // [NW4] The consultant reads the numbers behind the level.
      await expect(consultantQuality).toHaveAttribute('title', /round trip \d+ ms · [\d.]+ % lost/);
      await expect(c.app.getByTestId('quality-offer')).toHaveCount(0);

      lab().setVisitorLink({ lossPercent: 30 });
      await expect(visitorQuality).toHaveAttribute('data-level', 'bad', { timeout: 30_000 });
      await expect(consultantQuality).not.toHaveAttribute('data-level', 'good', { timeout: 30_000 });
      await expect(c.consolePage.getByTestId('remote-quality')).toHaveAttribute('data-level', 'bad');
      await expect(c.app.getByTestId('quality-offer')).toBeVisible();
      await docsScreenshot(c.consolePage, 'call-quality-console');
      await docsScreenshot(c.app.page(), 'call-quality-visitor');

      // [NW5] Voice only: the visitor's camera goes off and the consultant stops sending video.
      await c.app.getByTestId('quality-voice-only').click();
      await expect(c.app.getByTestId('quality-fallback-on')).toBeVisible();
      await expect(c.consolePage.getByTestId('remote-chose-voice')).toBeVisible();
      await expect(c.consolePage.getByTestId('remote-camera-off')).toBeVisible();
      lab().setVisitorLink({});
      const framesAt = async () => (await mediaStats(c.app)).videoFramesDecoded;
      // The consultant's video stops within a round trip or two; then three seconds of the call's own
      // audio (50 packets a second) pass without a single video frame.
      await expect.poll(() => c.consolePage.evaluate(cameraSenderTrack), { timeout: 10_000 }).toBeNull();
      await audioPasses(c.app, 50, { timeout: 20_000 }); // frames already on the way (retransmissions, the jitter buffer) land
      const still = await framesAt();
      await audioPasses(c.app, 150, { timeout: 20_000 });
      expect(await framesAt()).toBe(still);

      await c.app.getByTestId('quality-restore').click();
      await expect(c.consolePage.getByTestId('remote-chose-voice')).toHaveCount(0);
      await expect.poll(framesAt, { timeout: 30_000 }).toBeGreaterThan(still + 10);
    } finally {
      await c.close();
      lab().setVisitorLink({});
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
    lab().setVisitorLink({});
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
});

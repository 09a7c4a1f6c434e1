import { createHmac } from 'node:crypto';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { labAddresses } from '../../scripts/netlab/lab.ts';
import { startConference } from '../conferenceHelpers.ts';
import { DEMO, expectSfuFlowing, sfuStats, loginConsultant, newPerson, openVisitorApp } from '../helpers.ts';
import { describePath, labSkipReason, startLab, type RunningLab } from './labCall.ts';
import { selectedPath, type PeerSource, type SelectedPath } from './pathStats.ts';

/**
 * [NW8] Broadcasts and conferences through Janus from behind the lab's NAT with every UDP datagram
 * blocked: the visitor's only way to Janus (its own host on the lab's "internet", 198.18.3.2) is coturn over TCP,
 * with Parley's time-limited credentials. Needs root, coturn and Janus; skipped (and says why) without.
 */
const unavailable = labSkipReason();
const TURN_TTL_SECONDS = 600;

test.describe.serial('network lab: Janus through TURN', () => {
  test.skip(unavailable !== null, `network lab skipped: ${unavailable ?? ''}`);
  let running: RunningLab | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    running = await startLab({ PARLEY_TURN_TTL: String(TURN_TTL_SECONDS) }, { janus: true });
    running.lab.setVisitorLink({ blockUdp: true });
  });

  test.afterAll(async () => {
    await running?.close();
  });

  /**
   * The visitor's SFU leg of `kind` runs through coturn over TCP to Janus's lab address, and it was
   * made with Parley's TURN credentials: `expiry:user`, not yet expired, HMAC of the lab's secret.
   */
  async function expectRelayedToJanus(app: Frame, kind: Exclude<PeerSource, 'call'>) {
    // The path is read once and checked as read: a second read may fall between two pairs (ICE
    // renominates, a leg is published again) and find none.
    const seen: { path: SelectedPath | null } = { path: null };
    await expect
      .poll(async () => {
        seen.path = await selectedPath(app, kind);
        return seen.path?.localType ?? 'no pair yet';
      })
      .toBe('relay');
    const path = seen.path;
    if (!path) throw new Error('no selected path');
    // TURN over TCP or over TLS (5349, also TCP): Parley hands out both and ICE picks either.
    expect(['tcp', 'tls']).toContain(path.relayProtocol);
    expect(path.remoteAddress.split(':')[0]).toBe(labAddresses.sfu);
    const turnServer = await app.evaluate((kind) => {
      interface Hook {
        legs: Set<{ peerConnection: RTCPeerConnection; kind: string }>;
      }
      const legs = (window as unknown as { __parley: Hook }).__parley.legs;
      const pc = [...legs].find((leg) => leg.kind === kind)?.peerConnection;
      return pc?.getConfiguration().iceServers?.find((s) => s.username);
    }, kind);
    const [expiry = '0'] = String(turnServer?.username).split(':');
    const now = Date.now() / 1000;
    expect(Number(expiry)).toBeGreaterThan(now);
    expect(Number(expiry)).toBeLessThanOrEqual(now + TURN_TTL_SECONDS);
    const expected = createHmac('sha1', running!.turn.secret).update(String(turnServer?.username)).digest('base64');
    expect(turnServer?.credential).toBe(expected);
    expect(turnServer?.urls).toContain(running!.turn.urls.tcp);
    return path;
  }

  test('[NW8] a broadcast viewer behind a NAT that blocks UDP decodes the broadcast through coturn (TURN/TCP) with Parley’s credentials', async () => {
    const parley = running!.parley;
    const presenter = await newPerson(parley.consultantBrowser, undefined, parley.baseUrl);
    const viewer = await newPerson(parley.visitorBrowser, undefined, parley.baseUrl);
    let dana: Page | undefined;
    try {
      dana = await presenter.newPage();
      await loginConsultant(dana, DEMO);
      await dana.getByTestId('broadcast-start').click();
      await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.', {
        timeout: 30_000,
      });
      const startedAt = Date.now();
      const app = await openVisitorApp(await viewer.newPage(), 'demo-broadcast');
      await app.getByTestId('broadcast-watch').click();
      const stats = await expectSfuFlowing(app, 1);
      expect(stats.audioPacketsReceived).toBeGreaterThan(0);
      const path = await expectRelayedToJanus(app, 'subscriber');
      console.log(
        `[NW8] broadcast viewer, UDP blocked: ${describePath(path)} to Janus, ` +
          `${stats.videoFramesDecoded} frames decoded ${Date.now() - startedAt} ms after Watch`,
      );
    } finally {
      await dana?.getByTestId('broadcast-stop').click();
      await viewer.close();
      await presenter.close();
    }
  });

  test('[NW8] a visitor behind a NAT that blocks UDP takes part in a conference: sends and receives through coturn (TURN/TCP)', async () => {
    test.setTimeout(150_000);
    const parley = running!.parley;
    const conference = await startConference(parley.consultantBrowser, {
      visitorBrowser: parley.visitorBrowser,
      baseURL: parley.baseUrl,
    });
    try {
      const { app, dana, sam } = conference;
      await expect(app.getByTestId('conference-members')).toContainText('Sam', { timeout: 30_000 });
      // Every feed decodes (more than 10 frames) at the visitor, and the visitor's at both consultants.
      // Not expectSfuFlowing's 15 s growth check: over TURN/TCP on two loaded cores a leg may pause.
      for (const side of [app, dana, sam]) {
        await expect
          .poll(async () => (await sfuStats(side)).perLeg.filter((frames) => frames > 10).length, { timeout: 60_000 })
          .toBe(2);
      }
      const up = await expectRelayedToJanus(app, 'publisher');
      const down = await expectRelayedToJanus(app, 'subscriber');
      console.log(`[NW8] conference, UDP blocked: visitor sends ${describePath(up)}, receives ${describePath(down)}`);
      await sam.getByTestId('conference-leave').click();
      await dana.getByTestId('end').click();
      await expect(app.getByTestId('closed-message')).toBeVisible();
    } finally {
      await conference.visitorContext.close();
      await conference.danaContext.close();
      await conference.samContext.close();
    }
  });
});

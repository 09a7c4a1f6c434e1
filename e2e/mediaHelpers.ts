import { expect, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';
import type { BaresipPhone } from '../packages/server/test/baresipPhone.ts';
import { ServerProcess } from './serverProcess.ts';
import { goAvailable, goUnavailable, loginConsultant, mediaStats, newPerson, visitorFrame } from './helpers.ts';

/** What one side's current call sends and receives, per kind, from getStats(). */
export interface CallStats {
  sentVideoFrames: number;
  sentVideoWidth: number;
  sentAudioPackets: number;
  receivedVideoFrames: number;
  /** Largest and smallest decoded width among the video receivers that decode anything. */
  receivedVideoWidths: number[];
  receivedVideoSizes: [number, number][];
  receivedAudioPackets: number;
  /** Sum of the received audio's energy (WebRTC `totalAudioEnergy`): grows only with sound, not silence. */
  receivedAudioEnergy: number;
  /** Tracks on the senders, by kind (null = sending nothing on that transceiver). */
  senderTracks: (string | null)[];
}

export async function callStats(target: Page | Frame): Promise<CallStats> {
  return target.evaluate(async () => {
    interface Hook {
      call(): { peerConnection?: RTCPeerConnection } | undefined;
    }
    const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
    const result = {
      sentVideoFrames: 0,
      sentVideoWidth: 0,
      sentAudioPackets: 0,
      receivedVideoFrames: 0,
      receivedVideoWidths: [] as number[],
      receivedVideoSizes: [] as [number, number][],
      receivedAudioPackets: 0,
      receivedAudioEnergy: 0,
      senderTracks: [] as (string | null)[],
    };
    if (!pc) return result;
    result.senderTracks = pc.getSenders().map((s) => s.track?.kind ?? null);
    const report = await pc.getStats();
    report.forEach(
      (s: {
        type: string;
        kind?: string;
        framesEncoded?: number;
        framesDecoded?: number;
        packetsSent?: number;
        packetsReceived?: number;
        totalAudioEnergy?: number;
        frameWidth?: number;
        frameHeight?: number;
      }) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          result.sentVideoFrames += s.framesEncoded ?? 0;
          result.sentVideoWidth = Math.max(result.sentVideoWidth, s.frameWidth ?? 0);
        }
        if (s.type === 'outbound-rtp' && s.kind === 'audio') result.sentAudioPackets += s.packetsSent ?? 0;
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          result.receivedVideoFrames += s.framesDecoded ?? 0;
          if (s.frameWidth) {
            result.receivedVideoWidths.push(s.frameWidth);
            result.receivedVideoSizes.push([s.frameWidth, s.frameHeight ?? 0]);
          }
        }
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          result.receivedAudioPackets += s.packetsReceived ?? 0;
          result.receivedAudioEnergy += s.totalAudioEnergy ?? 0;
        }
      },
    );
    return result;
  });
}

/** Polls until `read` grows past its current value: media is flowing now, not just earlier. */
export async function expectGrowing(read: () => Promise<number>, timeout = 20_000): Promise<void> {
  const start = await read();
  await expect.poll(read, { timeout }).toBeGreaterThan(start);
}

/** Waits until a growing figure (received audio energy) stays put between two polls a second apart. */
export async function expectSilence(read: () => Promise<number>, timeout = 20_000): Promise<void> {
  let previous = await read();
  await expect
    .poll(
      async () => {
        const now = await read();
        const delta = now - previous;
        previous = now;
        return delta;
      },
      { timeout, intervals: [1000] },
    )
    .toBeLessThan(1e-4);
}

export interface TwoPeople {
  visitorContext: BrowserContext;
  consultantContext: BrowserContext;
  customerPage: Page;
  consolePage: Page;
  app: Frame;
  close(): Promise<void>;
}

/** A logged-in, available consultant and a visitor with the widget open on the demo page. */
export async function twoPeople(
  browser: Browser,
  options: { withoutWebrtc?: boolean; initScript?: () => void } = {},
): Promise<TwoPeople> {
  const visitorContext = await newPerson(browser);
  if (options.initScript) await visitorContext.addInitScript(options.initScript);
  if (options.withoutWebrtc) {
    // Stands in for an old browser (F-13): no RTCPeerConnection in the visitor's pages.
    await visitorContext.addInitScript(() => {
      delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    });
  }
  const consultantContext = await newPerson(browser);
  if (options.initScript) await consultantContext.addInitScript(options.initScript);
  const consolePage = await consultantContext.newPage();
  const customerPage = await visitorContext.newPage();
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  await customerPage.goto('/demo');
  await customerPage.getByRole('button', { name: 'Talk to us' }).click();
  // [OB3] Without WebRTC the loader shows the old-browser notice first; text chat opens the app.
  if (options.withoutWebrtc) await customerPage.getByRole('button', { name: 'Chat by text instead' }).click();
  const app = await visitorFrame(customerPage);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  return {
    visitorContext,
    consultantContext,
    customerPage,
    consolePage,
    app,
    close: async () => {
      await visitorContext.close();
      await consultantContext.close();
    },
  };
}

/** Connect on the visitor side, Accept on the consultant side. */
export async function connectAndAccept({ app, consolePage }: TwoPeople): Promise<void> {
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await expect(app.getByTestId('end')).toBeVisible();
}

/** Ends the call from the console so the next test finds the consultant free. */
export async function hangUp({ app, consolePage }: TwoPeople): Promise<void> {
  await consolePage.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
}

/**
 * Records a short WebM clip in the page (a support-video fixture): a 400x224 animated canvas and
 * a steady 440 Hz tone, so both the picture and the sound of a support video can be checked.
 */
export async function recordClip(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 400;
    canvas.height = 224;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    let frame = 0;
    const draw = setInterval(() => {
      ctx.fillStyle = `hsl(${(frame * 12) % 360} 70% 45%)`;
      ctx.fillRect(0, 0, 400, 224);
      ctx.fillStyle = '#fff';
      ctx.font = '48px sans-serif';
      ctx.fillText(`Demo ${frame++}`, 40, 130);
    }, 40);
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = 440;
    const sound = audio.createMediaStreamDestination();
    tone.connect(sound);
    tone.start();
    const stream = new MediaStream([...canvas.captureStream(25).getVideoTracks(), ...sound.stream.getAudioTracks()]);
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8,opus' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    // The clip's length, not a wait for a result: three seconds of animation.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    recorder.stop();
    await stopped;
    clearInterval(draw);
    void audio.close();
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

/**
 * The kind of track a page's call sends as its camera (audio, camera, screen: the second
 * transceiver), or null while it sends none. Runs in the page: `page.evaluate(cameraSenderTrack)`.
 */
export function cameraSenderTrack(): string | null {
  interface Hook {
    call(): { peerConnection?: RTCPeerConnection } | undefined;
  }
  const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
  return pc?.getTransceivers()[1]?.sender.track?.kind ?? null;
}

/** Lets `packets` of the call's audio (50 a second) reach `where`: call time, measured by the call itself. */
export async function audioPasses(
  where: Page | Frame,
  packets: number,
  options: { timeout?: number } = {},
): Promise<void> {
  const before = (await mediaStats(where)).audioPacketsReceived;
  await expect
    .poll(async () => (await mediaStats(where)).audioPacketsReceived, options)
    .toBeGreaterThan(before + packets);
}

/**
 * [TP8] Energy of the audio the page receives from the call's phone mix (its `mix` leg,
 * `totalAudioEnergy`: grows only with sound), or -1 while the page is not in the mix.
 */
export async function mixAudioEnergy(target: Page | Frame): Promise<number> {
  return target.evaluate(async () => {
    interface Hook {
      legs?: Set<{ peerConnection: RTCPeerConnection; kind: string }>;
    }
    const hook = (window as unknown as { __parley?: Hook }).__parley;
    let energy = -1;
    for (const leg of hook?.legs ?? []) {
      if (leg.kind !== 'mix') continue;
      energy = Math.max(energy, 0);
      const report = await leg.peerConnection.getStats();
      report.forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
      });
    }
    return energy;
  });
}

/**
 * [TP8] The phone hears the browser through the mix: two more seconds of its recording (after the
 * prompt, which stopped with the right PIN) carry the browser's fake-device beeps, not silence.
 */
export async function expectPhoneHears(phone: BaresipPhone): Promise<void> {
  const from = phone.recordedSeconds('dec');
  await expect.poll(() => phone.recordedSeconds('dec')).toBeGreaterThan(from + 2.5);
  expect(phone.recordedRms('dec', -2)).toBeGreaterThan(0.01);
}

/**
 * [TP1] A Parley server of its own for a telephone spec: SIP dial-in on `port + 2` (loopback) with
 * one number, Janus on `port + 1000`.
 */
export function phoneServer(port: number, name: string): { server: ServerProcess; sipPort: number } {
  const sipPort = port + 2;
  const server = new ServerProcess(port, `test-results/${name}-data-${Date.now()}`, {
    PARLEY_JANUS_WS_PORT: String(port + 1000),
    PARLEY_SIP_PORT: String(sipPort),
    PARLEY_SIP_HOST: '127.0.0.1',
    PARLEY_SIP_NUMBERS: '+31 20 555 0100=en',
  });
  return { server, sipPort };
}

/**
 * [TP4] The consultant ends the call: the phone is hung up (BYE), the visitor sees the call closed;
 * the consultant marks it done and goes unavailable, leaving the demo tenant idle.
 */
export async function endCallHangsUpPhone(consolePage: Page, app: Frame, phone: BaresipPhone): Promise<void> {
  const before = phone.mark;
  await consolePage.getByTestId('end').click();
  await phone.waitFor(/terminated|closed/i, 15_000, before);
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await consolePage.getByTestId('mark-done').click();
  await goUnavailable(consolePage);
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from '@playwright/test';

/**
 * [IA3] The floor under instant answer on this machine: two pages of one Chromium (fake camera,
 * as in the e2e), a peer connection between them connected with nothing on its senders, then both
 * put their camera and microphone on at once (`replaceTrack`, what Accept does with instant
 * answer). Measured per page: the time to its first encoded and first decoded video frame. No
 * Parley, no signalling, no app: what WebRTC and the machine need to start media, which no change
 * in Parley can go below. Prints figures, asserts nothing.
 */
export interface MediaStartFigures {
  runs: number;
  encodedMs: number[];
  decodedMs: number[];
}

const pageSetup = async (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as { stream: MediaStream; pc: RTCPeerConnection; candidates: RTCIceCandidateInit[] };
    w.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
    w.pc = new RTCPeerConnection();
    w.candidates = [];
    w.pc.onicecandidate = (e) => {
      if (e.candidate) w.candidates.push(e.candidate.toJSON());
    };
  });

/** Connects the two pages' connections (audio, camera, screen as in a Parley call), senders empty. */
async function connect(offerer: Page, answerer: Page): Promise<void> {
  type W = { pc: RTCPeerConnection; candidates: RTCIceCandidateInit[] };
  const offer = await offerer.evaluate(async () => {
    const { pc } = window as unknown as W;
    for (const kind of ['audio', 'video', 'video']) pc.addTransceiver(kind, { direction: 'sendrecv' });
    const description = await pc.createOffer();
    await pc.setLocalDescription(description);
    return description.sdp ?? '';
  });
  const answer = await answerer.evaluate(async (sdp) => {
    const { pc } = window as unknown as W;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const transceiver of pc.getTransceivers()) transceiver.direction = 'sendrecv';
    const description = await pc.createAnswer();
    await pc.setLocalDescription(description);
    return description.sdp ?? '';
  }, offer);
  await offerer.evaluate(async (sdp) => {
    await (window as unknown as W).pc.setRemoteDescription({ type: 'answer', sdp });
  }, answer);
  const connected = (page: Page) =>
    page.evaluate(async () => {
      const { pc } = window as unknown as W;
      for (let i = 0; i < 1000 && pc.connectionState !== 'connected'; i++) await new Promise((r) => setTimeout(r, 10));
    });
  const trade = async (from: Page, to: Page) => {
    const candidates = await from.evaluate(() => (window as unknown as W).candidates);
    await to.evaluate(async (list) => {
      for (const candidate of list) await (window as unknown as W).pc.addIceCandidate(candidate);
    }, candidates);
  };
  // Gathering on loopback takes a few ms; the wait keeps the candidate lists whole.
  await offerer.waitForTimeout(300);
  await trade(offerer, answerer);
  await trade(answerer, offerer);
  await Promise.all([connected(offerer), connected(answerer)]);
}

/** Both pages put their tracks on at once; each reports ms to its first encoded and decoded frame. */
const startMedia = (page: Page) =>
  page.evaluate(async () => {
    const { pc, stream } = window as unknown as { pc: RTCPeerConnection; stream: MediaStream };
    const started = performance.now();
    const [audio, camera] = pc.getTransceivers();
    await camera?.sender.replaceTrack(stream.getVideoTracks()[0] ?? null);
    await audio?.sender.replaceTrack(stream.getAudioTracks()[0] ?? null);
    let encoded: number | undefined;
    let decoded: number | undefined;
    while (performance.now() - started < 10_000 && (encoded === undefined || decoded === undefined)) {
      const now = performance.now() - started;
      (await pc.getStats()).forEach(
        (s: { type: string; kind?: string; framesEncoded?: number; framesDecoded?: number }) => {
          if (s.kind !== 'video') return;
          if (s.type === 'outbound-rtp' && (s.framesEncoded ?? 0) > 0) encoded ??= now;
          if (s.type === 'inbound-rtp' && (s.framesDecoded ?? 0) > 0) decoded ??= now;
        },
      );
      await new Promise((r) => setTimeout(r, 5));
    }
    pc.close();
    stream.getTracks().forEach((track) => track.stop());
    return { encoded: encoded ?? NaN, decoded: decoded ?? NaN };
  });

export async function benchMediaStart(runs: number): Promise<MediaStartFigures> {
  // A secure context (localhost) for getUserMedia; the page itself is empty.
  const server = createServer((_req, res) => res.end('<!doctype html><title>media start</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const figures: MediaStartFigures = { runs, encodedMs: [], decodedMs: [] };
  try {
    // Two contexts: two renderer processes, as the visitor's and the consultant's pages are.
    const pages = await Promise.all([0, 1].map(async () => (await browser.newContext()).newPage()));
    for (let run = 0; run < runs; run++) {
      for (const page of pages) await page.goto(url);
      for (const page of pages) await pageSetup(page);
      await connect(pages[0]!, pages[1]!);
      // A ring's worth of idle connection before Accept.
      await pages[0]!.waitForTimeout(1000);
      for (const side of await Promise.all(pages.map(startMedia))) {
        figures.encodedMs.push(side.encoded);
        figures.decodedMs.push(side.decoded);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return figures;
}

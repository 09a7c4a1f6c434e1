import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import { RTCPeerConnection as WeriftPeer } from 'werift';
import { JanusSfu } from '../packages/server/src/media/janus/JanusSfu.ts';
import { cpuTicks } from './lib.ts';

/**
 * F-11 broadcast fan-out through Debian's Janus (docs/performance.md): one publisher — headless
 * Chromium with a fake 640x480@25 camera — and N lightweight receivers (werift, in this process)
 * subscribing to it. Drives the same adapter the server uses (`JanusSfu`), so the SFU sees
 * exactly what Parley asks of it; Parley's own signalling is not in the loop.
 */
const run = promisify(execFile);
const script = resolve(import.meta.dirname, '../scripts/janus.sh');

interface Receiver {
  pc: WeriftPeer;
  frames: number;
  packets: number;
  /** Highest extended RTP sequence number seen (video), and the first one. */
  firstSeq: number;
  highestSeq: number;
  bytes: number;
}

export interface BroadcastResult {
  viewers: number;
  connected: number;
  seconds: number;
  /** Frames per second the publisher actually sent over the window. */
  sentFps: number;
  /** Per-viewer received video frames per second: min, median, max. */
  fps: [number, number, number];
  /** Video packets lost over all viewers, in % of expected. */
  lossPct: number;
  /** Mean received video bitrate per viewer, kbit/s. */
  kbps: number;
  /** Janus CPU in % of one core: publisher only, and with every viewer. */
  janusCpuIdle: number;
  janusCpu: number;
  load: string;
}

/** Janus CPU (% of one core, 100 ticks per second) over `ms`. */
async function cpuOver(pid: number, ms: number): Promise<number> {
  const before = cpuTicks(pid);
  await new Promise((r) => setTimeout(r, ms));
  return ((cpuTicks(pid) - before) / 100 / (ms / 1000)) * 100;
}

async function startJanus(port: number): Promise<{ sfu: JanusSfu; pid: number; stop: () => Promise<void> }> {
  // [SD8] The script picks its own private folder and says where it is.
  const env = { ...process.env, PARLEY_JANUS_WS_PORT: String(port) };
  const { stdout } = await run('bash', [script, 'start'], { env });
  const vars = new Map([...stdout.matchAll(/(PARLEY_JANUS_[A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2] ?? '']));
  const dir = vars.get('PARLEY_JANUS_DIR') ?? '';
  const sfu = new JanusSfu({
    url: vars.get('PARLEY_JANUS_URL') ?? '',
    apiSecret: vars.get('PARLEY_JANUS_API_SECRET') ?? '',
    adminKey: vars.get('PARLEY_JANUS_ADMIN_KEY') ?? '',
  });
  const pid = Number(readFileSync(`${dir}/janus.pid`, 'utf8').trim());
  return { sfu, pid, stop: () => run('bash', [script, 'stop'], { env }).then(() => undefined) };
}

async function subscribe(sfu: JanusSfu, leg: string): Promise<Receiver> {
  const pc = new WeriftPeer({});
  const r: Receiver = { pc, frames: 0, packets: 0, firstSeq: -1, highestSeq: -1, bytes: 0 };
  pc.onTrack.subscribe((track) => {
    if (track.kind !== 'video') return;
    track.onReceiveRtp.subscribe((rtp) => {
      const seq = rtp.header.sequenceNumber;
      if (r.highestSeq < 0) {
        r.firstSeq = seq;
        r.highestSeq = seq;
      } else {
        // Extend the 16-bit sequence number across wrap-arounds.
        let ext = (r.highestSeq & ~0xffff) | seq;
        if (ext < r.highestSeq - 0x8000) ext += 0x10000;
        if (ext > r.highestSeq) r.highestSeq = ext;
      }
      r.packets += 1;
      r.bytes += rtp.payload.length;
      if (rtp.header.marker) r.frames += 1;
    });
  });
  const offer = await sfu.subscribe(leg, 'bench', 'presenter');
  await pc.setRemoteDescription({ type: 'offer', sdp: offer });
  await pc.setLocalDescription(await pc.createAnswer());
  await sfu.start(leg, pc.localDescription?.sdp ?? '');
  return r;
}

export async function benchBroadcast(viewers: number, seconds: number, port: number): Promise<BroadcastResult> {
  const janus = await startJanus(port);
  const page = createServer((_req, res) => res.end('<!doctype html><title>bench</title>'));
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-fake-device-for-media-stream=fps=25', '--use-fake-ui-for-media-stream'],
  });
  const receivers: Receiver[] = [];
  try {
    await janus.sfu.createRoom('bench', { maxPublishers: 1 });
    const tab = await browser.newPage();
    await tab.goto(`http://localhost:${(page.address() as AddressInfo).port}/`);
    const offer = await tab.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 640, height: 480, frameRate: 25 },
        audio: true,
      });
      const pc = new RTCPeerConnection();
      for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((r) => {
        if (pc.iceGatheringState === 'complete') r();
        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
      });
      (window as unknown as { pc: RTCPeerConnection }).pc = pc;
      return pc.localDescription?.sdp ?? '';
    });
    const answer = await janus.sfu.publish('pub', 'bench', 'presenter', offer);
    await tab.evaluate(async (sdp) => {
      const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
      await pc.setRemoteDescription({ type: 'answer', sdp });
      while (pc.connectionState !== 'connected') await new Promise((r) => setTimeout(r, 100));
    }, answer);
    await new Promise((r) => setTimeout(r, 2000));
    const janusCpuIdle = await cpuOver(janus.pid, 3000);

    for (let i = 0; i < viewers; i += 1) receivers.push(await subscribe(janus.sfu, `v${i}`));
    // Warm-up: every receiver connects and its decoder-less counters start moving.
    await new Promise((r) => setTimeout(r, 5000));
    const start = receivers.map((r) => ({ frames: r.frames, seq: r.highestSeq, packets: r.packets, bytes: r.bytes }));
    const framesSent = () =>
      tab.evaluate(async () => {
        let sent = 0;
        (await (window as unknown as { pc: RTCPeerConnection }).pc.getStats()).forEach(
          (s: { type: string; kind?: string; framesSent?: number }) => {
            if (s.type === 'outbound-rtp' && s.kind === 'video') sent += s.framesSent ?? 0;
          },
        );
        return sent;
      });
    const sentBefore = await framesSent();
    const janusCpu = await cpuOver(janus.pid, seconds * 1000);
    const sentFps = ((await framesSent()) - sentBefore) / seconds;
    const fps = receivers.map((r, i) => (r.frames - (start[i]?.frames ?? 0)) / seconds).sort((a, b) => a - b);
    let expected = 0;
    let received = 0;
    let bytes = 0;
    receivers.forEach((r, i) => {
      const s = start[i];
      if (!s || s.seq < 0) return;
      expected += r.highestSeq - s.seq;
      received += r.packets - s.packets;
      bytes += r.bytes - s.bytes;
    });
    const [l1, l5, l15] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return {
      viewers,
      connected: receivers.filter((r, i) => r.frames > (start[i]?.frames ?? 0)).length,
      seconds,
      sentFps,
      fps: [fps[0] ?? 0, fps[Math.floor(fps.length / 2)] ?? 0, fps.at(-1) ?? 0],
      lossPct: expected > 0 ? Math.max(0, (100 * (expected - received)) / expected) : 0,
      kbps: (bytes * 8) / 1000 / seconds / Math.max(1, viewers),
      janusCpuIdle,
      janusCpu,
      load: `${l1 ?? '?'} ${l5 ?? '?'} ${l15 ?? '?'}`,
    };
  } finally {
    for (const r of receivers) await r.pc.close().catch(() => undefined);
    await browser.close();
    page.close();
    await janus.stop();
  }
}

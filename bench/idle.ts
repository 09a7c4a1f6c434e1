import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { percentile, Peer, PROBE_LINK_KEY, rssMiB, startParley } from './lib.ts';

/** Opens idle visitor connections (hello + welcome each) in load processes; reports server RSS. */
export async function benchIdle(counts: number[], port: number) {
  const server = await startParley(port, 0);
  const loaders: ChildProcess[] = [];
  const results: { sockets: number; rssMiB: number; perSocketKiB: number }[] = [];
  let open = 0;
  try {
    await new Promise((r) => setTimeout(r, 500));
    const base = rssMiB(server.pid);
    for (const target of counts) {
      while (open < target) {
        const count = Math.min(PER_LOADER, target - open);
        loaders.push(await loader(server.wsUrl, server.linkKey, count));
        open += count;
      }
      await new Promise((r) => setTimeout(r, 1500));
      const rss = rssMiB(server.pid);
      results.push({ sockets: open, rssMiB: rss, perSocketKiB: ((rss - base) * 1024) / open });
    }
    return { base, results };
  } finally {
    for (const l of loaders) l.kill('SIGKILL');
    await server.stop();
  }
}

const PER_LOADER = 10_000;

/** A load process holding `count` idle visitor sockets on `wsUrl`; `linkKey` may be a comma-separated list. */
export function loader(wsUrl: string, linkKey: string, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('bench/idleClient.ts')], {
    env: { ...process.env, WS_URL: wsUrl, LINK_KEY: linkKey, COUNT: String(count) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('ready')) resolvePromise(child);
    });
    child.once('exit', (code) => reject(new Error(`load process exited with ${String(code)}`)));
  });
}

/**
 * Ring latency with a long queue: `queued` visitors wait on the demo link (its consultant is busy
 * in a call), so every routing pass sees the whole queue. A probe visitor then presses Connect on
 * a second link whose consultant is free, again and again: measured from Connect to that
 * consultant's ring. The consultant declines each time, so the next sample starts alike.
 */
export async function benchRing(queued: number, samples: number, port: number) {
  const server = await startParley(port, 2, true);
  const peers: Peer[] = [];
  const open = async (cookie?: string) => {
    const p = await Peer.open(server.wsUrl, cookie);
    peers.push(p);
    return p;
  };
  try {
    const [busyCookie, probeCookie] = server.consultantCookies;
    const busy = await open(busyCookie);
    await busy.hello({ role: 'consultant' });
    busy.onMessage = (m) => {
      if (m.type === 'conversation.updated' && m.conversation.state === 'ringing') {
        busy.send({ type: 'conversation.accept', conversationId: m.conversation.id });
      }
    };
    const ready = busy.next('availability');
    busy.send({ type: 'presence.set', available: true });
    await ready;
    // The first visitor occupies the busy consultant; the rest queue behind.
    const connectLatencies: number[] = [];
    for (let i = 0; i <= queued; i++) {
      const v = await open();
      await v.hello({ role: 'visitor', linkKey: server.linkKey });
      const answered = v.next('conversation.updated');
      const t = performance.now();
      v.send({ type: 'conversation.request' });
      await answered;
      connectLatencies.push(performance.now() - t);
    }
    const probe = await open(probeCookie);
    await probe.hello({ role: 'consultant' });
    const probeReady = probe.next('availability');
    probe.send({ type: 'presence.set', available: true });
    await probeReady;
    const visitor = await open();
    await visitor.hello({ role: 'visitor', linkKey: PROBE_LINK_KEY });
    const ringLatencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const ring = probe.next('conversation.updated', (m) => m.conversation.state === 'ringing');
      const t = performance.now();
      visitor.send({ type: 'conversation.request' });
      const rung = await ring;
      ringLatencies.push(performance.now() - t);
      const declined = visitor.next('conversation.updated', (m) => m.conversation.state === 'declined');
      probe.send({ type: 'conversation.decline', conversationId: rung.conversation.id });
      await declined;
    }
    const sortedRing = ringLatencies.sort((a, b) => a - b);
    const sortedConnect = connectLatencies.slice(-200).sort((a, b) => a - b);
    return {
      queued,
      ringP50: percentile(sortedRing, 50),
      ringP99: percentile(sortedRing, 99),
      connectP50: percentile(sortedConnect, 50),
      connectP99: percentile(sortedConnect, 99),
    };
  } finally {
    for (const p of peers) p.ws.terminate();
    await server.stop();
  }
}

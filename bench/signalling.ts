import { cpuTicks, percentile, Peer, startParley, startScript } from './lib.ts';

/**
 * Signalling throughput and latency: N visitor/consultant pairs chat in a closed loop (each side
 * answers the other's message as soon as it arrives) for a fixed time. Parley persists every
 * message before acknowledging it; the bare relay forwards bytes. Same load generator for both.
 */
export interface LoopResult {
  messages: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU used during the loop, in % of one core: the server processes (summed) and this load generator. */
  serverCpu: number;
  clientCpu: number;
  /** The server processes' CPU one by one, in the order of their pids. */
  serverCpuEach: number[];
}

const TEXT = 'x'.repeat(64);

function loop(
  serverPids: readonly number[],
  pairs: [Peer, Peer][],
  seconds: number,
  send: (from: Peer, to: Peer, id: string) => void,
  idOf: (m: unknown, receiver: Peer) => string | null,
) {
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  let counter = 0;
  let running = true;
  const fire = (from: Peer, to: Peer) => {
    if (!running) return;
    const id = `m${counter++}`;
    sentAt.set(id, performance.now());
    send(from, to, id);
  };
  for (const [a, b] of pairs) {
    for (const [me, other] of [
      [a, b],
      [b, a],
    ] as const) {
      me.onMessage = (m) => {
        const id = idOf(m, me);
        const t = id === null ? undefined : sentAt.get(id);
        if (id === null || t === undefined) return;
        sentAt.delete(id);
        latencies.push(performance.now() - t);
        fire(me, other);
      };
    }
    fire(a, b);
  }
  const serverBefore = serverPids.map(cpuTicks);
  const clientBefore = process.cpuUsage();
  return new Promise<LoopResult>((resolve) => {
    setTimeout(() => {
      running = false;
      const client = process.cpuUsage(clientBefore);
      const sorted = latencies.sort((x, y) => x - y);
      const serverCpuEach = serverPids.map((pid, i) => (cpuTicks(pid) - (serverBefore[i] ?? 0)) / seconds);
      resolve({
        messages: sorted.length,
        perSecond: sorted.length / seconds,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        serverCpu: serverCpuEach.reduce((sum, cpu) => sum + cpu, 0),
        clientCpu: (client.user + client.system) / 1e4 / seconds,
        serverCpuEach,
      });
    }, seconds * 1000);
  });
}

/** `tenants` > 1: the pairs are spread over that many tenants, each with its own live unit ([LT1]). */
export async function benchParley(
  n: number,
  seconds: number,
  port: number,
  tenants = 1,
): Promise<LoopResult & { joinMs: number }> {
  const server = await startParley(port, n, false, tenants);
  try {
    const { pairs, joinMs } = await joinPairs(
      server.consultantCookies.map((cookie) => ({ url: server.wsUrl, cookie })),
      // Visitor i asks on the link of the tenant whose consultants include consultant i.
      Array.from({ length: n }, (_, i) => ({
        url: server.wsUrl,
        linkKey: server.linkKeys[i % server.linkKeys.length] ?? server.linkKey,
      })),
    );
    return { ...(await loopParley([server.pid], pairs, seconds)), joinMs };
  } finally {
    await server.stop();
  }
}

/**
 * Connects the consultants (consultant i is `con_bench_i`, made available; each accepts only its
 * own rings), then has every visitor ask at once: resolves with each visitor paired with the
 * consultant who accepted, each peer carrying the conversation's id as `conv`.
 */
export async function joinPairs(
  consultantSockets: readonly { url: string; cookie: string }[],
  visitorSockets: readonly { url: string; linkKey: string }[],
): Promise<{ pairs: [Peer, Peer][]; joinMs: number }> {
  const consultants = await Promise.all(consultantSockets.map(({ url, cookie }) => Peer.open(url, cookie)));
  for (const [i, c] of consultants.entries()) {
    await c.hello({ role: 'consultant' });
    const ready = c.next('availability');
    c.send({ type: 'presence.set', available: true });
    await ready;
    // Every console of the link sees every ring; each consultant answers only its own.
    c.onMessage = (m) => {
      const ringsMe = m.type === 'conversation.updated' && m.conversation.consultantId === `con_bench_${i}`;
      if (ringsMe && m.conversation.state === 'ringing') {
        c.send({ type: 'conversation.accept', conversationId: m.conversation.id });
      }
    };
  }
  const started = performance.now();
  const visitors = await Promise.all(
    visitorSockets.map(async ({ url, linkKey }) => {
      const v = await Peer.open(url);
      await v.hello({ role: 'visitor', linkKey });
      const active = v.next('conversation.updated', (m) => m.conversation.state === 'active');
      v.send({ type: 'conversation.request' });
      return { v, conversation: (await active).conversation };
    }),
  );
  const joinMs = performance.now() - started;
  const byId = new Map(consultants.map((c, i) => [`con_bench_${i}`, c]));
  const pairs = visitors.map(({ v, conversation }) => {
    const c = byId.get(conversation.consultantId ?? '');
    if (!c) throw new Error('conversation without consultant');
    (v as Peer & { conv?: string }).conv = conversation.id;
    (c as Peer & { conv?: string }).conv = conversation.id;
    return [v, c] as [Peer, Peer];
  });
  return { pairs, joinMs };
}

/** Names each peer by its side of the pair, to tell a delivery from the sender's own copy. */
function labelSides(pairs: [Peer, Peer][], first: string, second: string): Map<Peer, string> {
  return new Map(pairs.flatMap(([a, b]) => [[a, first] as const, [b, second] as const]));
}

/**
 * Parley's loop: receipt is a chat.message from the other sender. Each peer carries its
 * conversation's id as `conv`; `serverPids` are the processes whose CPU is measured.
 */
export function loopParley(serverPids: readonly number[], pairs: [Peer, Peer][], seconds: number): Promise<LoopResult> {
  const roles = labelSides(pairs, 'visitor', 'consultant');
  return loop(
    serverPids,
    pairs,
    seconds,
    (from, _to, id) =>
      from.send({
        type: 'chat.send',
        conversationId: (from as Peer & { conv?: string }).conv,
        clientId: id,
        text: TEXT,
      }),
    (m, receiver) => {
      // A message counts when the *other* side receives it; the sender's own copy is its ack.
      const message = m as { type: string; message?: { clientId: string; sender: string } };
      if (message.type !== 'chat.message' || !message.message) return null;
      return message.message.sender === roles.get(receiver) ? null : message.message.clientId;
    },
  );
}

/** The bare relay, or with `acknowledge` the relay that also echoes each frame to its sender. */
export async function benchRelay(n: number, seconds: number, port: number, acknowledge = false): Promise<LoopResult> {
  const server = await startScript('bench/relay.ts', port, { RELAY_ACK: acknowledge ? '1' : '0' });
  try {
    const pairs = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const url = `${server.wsUrl}?pair=${i}`;
        return [await Peer.open(url), await Peer.open(url)] as [Peer, Peer];
      }),
    );
    // Each side signs its frames, so an echoed frame (the ack) is told apart from a delivery.
    const sides = labelSides(pairs, 'a', 'b');
    return await loop(
      [server.pid],
      pairs,
      seconds,
      (from, _to, id) => from.send({ type: 'chat.send', conversationId: sides.get(from), clientId: id, text: TEXT }),
      (m, receiver) => {
        const frame = m as { clientId?: string; conversationId?: string };
        return frame.conversationId === sides.get(receiver) ? null : (frame.clientId ?? null);
      },
    );
  } finally {
    await server.stop();
  }
}

import type { ChildProcess } from 'node:child_process';
import { loader } from './idle.ts';
import { percentile, Peer, rssMiB } from './lib.ts';
import { joinPairs, loopParley, type LoopResult } from './signalling.ts';
import {
  nonOwnerNode,
  perMessage,
  readCounts,
  resetCounts,
  startCluster,
  ticksOf,
  type BenchCluster,
  type OperationCounts,
} from './clusterNodes.ts';

/**
 * `npm run bench cluster` (issue 18): the same measurements with 1, 2 and 3 nodes on PostgreSQL
 * and Redis, each on a fresh database: (a) idle visitor sockets spread evenly over the nodes, the
 * nodes' memory for them; (b) chat throughput with every pair's sockets on nodes other than its
 * tenant's owner (so each chat.send is forwarded, [PL6]); (c) one chat at a time through a pair on
 * the owner node and a pair on another node, in turns: the forwarded command's extra latency with
 * real sockets. Figures are printed against the 1-node run of the same invocation.
 */
export interface ClusterSettings {
  nodeCounts: number[];
  port: number;
  tenants: number;
  pairs: number;
  seconds: number;
  idleSockets: number;
  rounds: number;
}

export interface ClusterResult {
  nodes: number;
  owned: number[];
  idle: { sockets: number; deltaMiB: number[]; perSocketKiB: number };
  /** CPU in % of one core; `nodesIdleCpu`: all nodes together with the pairs joined but silent. */
  chat: LoopResult & { joinMs: number; nodesIdleCpu: number; redisCpu: number; postgresCpu: number };
  perMessage: { redis: Map<string, number>; postgres: Map<string, number> | null };
  direct: { p50: number; p99: number };
  forwarded: { p50: number; p99: number } | null;
}

export async function benchCluster(
  nodes: number,
  urls: { postgresUrl: string; redisUrl: string },
  settings: ClusterSettings,
): Promise<ClusterResult> {
  const { tenants, pairs } = settings;
  // Consultants 0…pairs-1 chat; `pairs` and `pairs + tenants` (both of tenant pairs % tenants)
  // serve the one-at-a-time comparison in (c).
  const cluster = await phase(
    `${nodes} node(s): start`,
    startCluster(nodes, settings.port, urls, { tenants, consultants: pairs + tenants + 1 }),
  );
  try {
    const owned = cluster.nodes.map((_, i) => [...cluster.ownerOf.values()].filter((o) => o === i).length);
    const idle = await phase('idle sockets', idleSockets(cluster, settings.idleSockets));
    const { chat, counts } = await phase('chat', chatLoop(cluster, settings));
    const pick = (which: OperationCounts['redis'] | null, idleWhich: OperationCounts['redis'] | null) =>
      which && idleWhich ? perMessage(which, idleWhich, settings.seconds, chat.messages) : null;
    await settle(1000);
    const oneByOne = await phase('one at a time', ownerVersusOther(cluster, settings));
    return {
      nodes,
      owned,
      idle,
      chat,
      perMessage: {
        redis: pick(counts.during.redis, counts.idlePerSecond.redis) ?? new Map<string, number>(),
        postgres: pick(counts.during.postgres, counts.idlePerSecond.postgres),
      },
      ...oneByOne,
    };
  } finally {
    await cluster.stop();
  }
}

/** (a) `total` idle visitors, dealt evenly over the nodes and over the tenants' links. */
async function idleSockets(cluster: BenchCluster, total: number): Promise<ClusterResult['idle']> {
  await settle(1000);
  const before = cluster.nodes.map((n) => rssMiB(n.pid));
  const loaders: ChildProcess[] = [];
  try {
    const each = Math.floor(total / cluster.nodes.length);
    for (const node of cluster.nodes) loaders.push(await loader(node.wsUrl, cluster.linkKeys.join(','), each));
    await settle(2000);
    const deltaMiB = cluster.nodes.map((n, i) => rssMiB(n.pid) - (before[i] ?? 0));
    const sockets = each * cluster.nodes.length;
    return { sockets, deltaMiB, perSocketKiB: (deltaMiB.reduce((a, b) => a + b, 0) * 1024) / sockets };
  } finally {
    for (const l of loaders) l.kill('SIGKILL');
    // The nodes close those sockets and tell the owners (visitors leave) before the chat starts.
    await settle(3000);
  }
}

/** (b) The closed chat loop, pairs on nodes other than their tenant's owner; Redis/PostgreSQL counts. */
async function chatLoop(cluster: BenchCluster, { pairs, seconds, tenants }: ClusterSettings) {
  const n = cluster.nodes.length;
  const nodeFor = (i: number, side: 'visitor' | 'consultant') =>
    cluster.nodes[nonOwnerNode(cluster.ownerOf.get(cluster.tenantIds[i % tenants] ?? '') ?? 0, n, side)];
  const joined = await joinPairs(
    Array.from({ length: pairs }, (_, i) => ({
      url: nodeFor(i, 'consultant')?.wsUrl ?? '',
      cookie: cluster.consultantCookies[i] ?? '',
    })),
    Array.from({ length: pairs }, (_, i) => ({
      url: nodeFor(i, 'visitor')?.wsUrl ?? '',
      linkKey: cluster.linkKeys[i % tenants] ?? '',
    })),
  );
  try {
    // The nodes' background work (lease renewals, heartbeats) over 2 s, subtracted per second.
    const nodePids = cluster.nodes.map((node) => node.pid);
    await resetCounts(cluster);
    const idleTicks = ticksOf(nodePids);
    await settle(2000);
    const idle = await readCounts(cluster);
    const nodesIdleCpu = (ticksOf(nodePids) - idleTicks) / 2;
    const idlePerSecond: OperationCounts = {
      redis: scale(idle.redis, 1 / 2),
      postgres: idle.postgres && scale(idle.postgres, 1 / 2),
    };
    const engines = await cluster.enginePids();
    const engineBefore = [ticksOf([engines.redis]), ticksOf(engines.postgres)];
    await resetCounts(cluster);
    // A tenant that moves closes its sockets (1012); these peers do not resume, so the run stops.
    const moved = new Promise<never>((_, reject) => {
      for (const p of joined.pairs.flat()) {
        p.ws.once('close', (code) => reject(new Error(`a chat socket closed (${code}) mid-run: a tenant moved`)));
      }
    });
    moved.catch(() => undefined);
    const result = await Promise.race([loopParley(nodePids, joined.pairs, seconds), moved]);
    const during = await readCounts(cluster);
    const chat = {
      ...result,
      joinMs: joined.joinMs,
      nodesIdleCpu,
      redisCpu: (ticksOf([engines.redis]) - (engineBefore[0] ?? 0)) / seconds,
      postgresCpu: (ticksOf(engines.postgres) - (engineBefore[1] ?? 0)) / seconds,
    };
    return { chat, counts: { during, idlePerSecond } };
  } finally {
    await settle(500);
    for (const p of joined.pairs.flat()) p.ws.terminate();
  }
}

/**
 * (c) One message at a time, visitor → consultant, through a pair on the tenant's owner node and a
 * pair on another node (with one node: two pairs on it), in turns so both see the same machine.
 */
async function ownerVersusOther(
  cluster: BenchCluster,
  { pairs, tenants, rounds }: ClusterSettings,
): Promise<Pick<ClusterResult, 'direct' | 'forwarded'>> {
  const tenant = pairs % tenants;
  const owner = cluster.ownerOf.get(cluster.tenantIds[tenant] ?? '') ?? 0;
  const n = cluster.nodes.length;
  const viaOwner = await pairOn(cluster, owner, pairs, tenant);
  const viaOther = await pairOn(cluster, nonOwnerNode(owner, n, 'visitor'), pairs + tenants, tenant);
  try {
    const times: [number[], number[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const [k, [v, c]] of [viaOwner, viaOther].entries()) {
        const clientId = `r${round}-${k}`;
        const delivered = c.next('chat.message', (m) => m.message.clientId === clientId);
        const started = performance.now();
        v.send({ type: 'chat.send', conversationId: (v as Peer & { conv: string }).conv, clientId, text: 'ping' });
        await delivered;
        times[k]?.push(performance.now() - started);
      }
    }
    const [direct, other] = times.map((t) => {
      const sorted = t.sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    });
    return { direct: direct ?? { p50: NaN, p99: NaN }, forwarded: n > 1 ? (other ?? null) : null };
  } finally {
    for (const p of [...viaOwner, ...viaOther]) p.ws.terminate();
  }
}

/** Consultant `index` and a new visitor of tenant `tenant`, both on node `node`, in a conversation. */
async function pairOn(cluster: BenchCluster, node: number, index: number, tenant: number): Promise<[Peer, Peer]> {
  const url = cluster.nodes[node]?.wsUrl ?? '';
  const c = await Peer.open(url, cluster.consultantCookies[index]);
  await c.hello({ role: 'consultant' });
  const ready = c.next('availability');
  c.send({ type: 'presence.set', available: true });
  await ready;
  const ring = c.next('conversation.updated', (m) => m.conversation.state === 'ringing');
  const v = await Peer.open(url);
  await v.hello({ role: 'visitor', linkKey: cluster.linkKeys[tenant] });
  const active = v.next('conversation.updated', (m) => m.conversation.state === 'active');
  v.send({ type: 'conversation.request' });
  c.send({ type: 'conversation.accept', conversationId: (await ring).conversation.id });
  const conv = (await active).conversation.id;
  // Available no longer: the next pair's visitor must ring the next consultant.
  c.send({ type: 'presence.set', available: false });
  Object.assign(v, { conv });
  Object.assign(c, { conv });
  return [v, c];
}

/** A step of the bench, named on stderr as it starts; one stuck for 3 minutes fails the run. */
async function phase<T>(name: string, work: Promise<T>): Promise<T> {
  process.stderr.write(`[bench cluster] ${new Date().toISOString().slice(11, 19)} ${name}\n`);
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench cluster: ${name} took over 3 minutes`)), 180_000);
  });
  try {
    return await Promise.race([work, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

function scale(counts: ReadonlyMap<string, number>, factor: number): Map<string, number> {
  return new Map([...counts].map(([name, calls]) => [name, calls * factor]));
}

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `benchCluster` for each node count and prints the figures, then the ratios to the first. */
export async function runClusterBench(
  urls: { postgresUrl: string; redisUrl: string },
  settings: ClusterSettings,
  write: (line: string) => void,
): Promise<void> {
  const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  write(
    `\ncluster (issue 18): PostgreSQL + Redis, ${settings.tenants} tenants, ${settings.idleSockets} idle sockets, ` +
      `${settings.pairs} pairs chatting ${settings.seconds} s with every socket off its tenant's owner, ` +
      `${settings.rounds} one-at-a-time messages via the owner / another node\n`,
  );
  const results: ClusterResult[] = [];
  for (const nodes of settings.nodeCounts) {
    const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2));
    const r = await benchCluster(nodes, urls, settings);
    results.push(r);
    const c = r.chat;
    write(`\n  ${nodes} node(s), load average before ${load.join(' ')}; tenants owned per node ${r.owned.join('/')}\n`);
    write(
      `    idle: ${r.idle.sockets} sockets, RSS Δ per node ${r.idle.deltaMiB.map((m) => fmt(m, 0)).join('/')} MiB, ` +
        `${fmt(r.idle.perSocketKiB)} KiB per socket (all nodes)\n`,
    );
    write(
      `    chat: ${fmt(c.perSecond, 0)} msg/s, p50 ${fmt(c.p50, 2)} ms, p99 ${fmt(c.p99, 2)} ms; CPU % of a core: ` +
        `nodes ${c.serverCpuEach.map((x) => fmt(x, 0)).join('+')} = ${fmt(c.serverCpu, 0)} (${fmt((c.serverCpu * 1e4) / c.perSecond, 0)} µs/msg; ${fmt(c.nodesIdleCpu, 0)} with no chat), ` +
        `Redis ${fmt(c.redisCpu, 0)}, PostgreSQL ${fmt(c.postgresCpu, 0)}, load generator ${fmt(c.clientCpu, 0)}; ` +
        `${settings.pairs} joins ${fmt(c.joinMs, 0)} ms\n`,
    );
    const ops = (m: Map<string, number>) => [...m].map(([name, x]) => `${name} ${fmt(x, 2)}`).join(', ');
    write(`    per message, Redis: ${ops(r.perMessage.redis)}\n`);
    write(
      `    per message, PostgreSQL: ${r.perMessage.postgres ? ops(r.perMessage.postgres) : 'no pg_stat_statements (shared_preload_libraries)'}\n`,
    );
    const extra = r.forwarded
      ? `; via another node p50 ${fmt(r.forwarded.p50, 2)} ms, p99 ${fmt(r.forwarded.p99, 2)} ms (extra p50 ${fmt(r.forwarded.p50 - r.direct.p50, 2)} ms, ×${fmt(r.forwarded.p50 / r.direct.p50, 2)})`
      : '';
    write(`    one at a time: via the owner p50 ${fmt(r.direct.p50, 2)} ms, p99 ${fmt(r.direct.p99, 2)} ms${extra}\n`);
  }
  const [base] = results;
  if (!base) return;
  write(`\n  against ${base.nodes} node(s) in this run: msg/s, p50, p99, node µs/msg, KiB/socket, owner-path p50\n`);
  const ratio = (x: number, y: number) => `×${fmt(x / y, 2)}`;
  const cpuPerMessage = (r: ClusterResult) => r.chat.serverCpu / r.chat.perSecond;
  for (const r of results.slice(1)) {
    write(
      `    ${r.nodes} nodes: ${[
        ratio(r.chat.perSecond, base.chat.perSecond),
        ratio(r.chat.p50, base.chat.p50),
        ratio(r.chat.p99, base.chat.p99),
        ratio(cpuPerMessage(r), cpuPerMessage(base)),
        ratio(r.idle.perSocketKiB, base.idle.perSocketKiB),
        ratio(r.direct.p50, base.direct.p50),
      ].join(', ')}\n`,
    );
  }
}

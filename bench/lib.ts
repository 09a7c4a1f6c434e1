import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { hashToken } from '../packages/server/src/domain/auth/passwords.ts';
import { ensureDemoTenant, DEMO_LINK_KEY } from '../packages/server/src/domain/tenants/demo.ts';
import { systemRuntime } from '../packages/server/src/domain/runtime.ts';
import { migrateToLatest, openSqlite } from '../packages/server/src/storage/database.ts';
import { sqlStores, type SqlStores } from '../packages/server/src/storage/stores.ts';

export const PROBE_LINK_KEY = 'bench-probe';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time of a process in clock ticks (100 per second): utime + stime from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat (fields[11], fields[12] after the name).
  return Number(fields[11]) + Number(fields[12]);
}

export interface BenchServer {
  baseUrl: string;
  wsUrl: string;
  pid: number;
  /** Session cookies of the extra consultants, each assigned to its tenant's link. */
  consultantCookies: string[];
  linkKey: string;
  /** The link key of each tenant's link (one entry: the demo link); consultant i serves tenant i % n. */
  linkKeys: string[];
  stop(): Promise<void>;
}

/**
 * A Parley server in its own process (so the load generator does not share its event loop),
 * with `consultants` logged-in consultants on the demo link and the abuse limits lifted. With
 * `tenants` > 1 the consultants are dealt round-robin over that many tenants ([LT1]: each has its
 * own live unit), the demo tenant first, each tenant with one link like the demo's.
 */
export async function startParley(
  port: number,
  consultants: number,
  probeLink = false,
  tenants = 1,
): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const database = openSqlite(join(dataDir, 'parley.sqlite'));
  await migrateToLatest(database);
  const seeded = await seedBench(sqlStores(database.db, Date.now), consultants, { probeLink, tenants });
  await database.db.destroy();
  const child = spawnServer(port, { PARLEY_DATA_DIR: dataDir, ...UNLIMITED });
  return { ...(await healthy(child, port)), ...seeded };
}

/** The abuse limits lifted: thousands of bench sockets and messages come from one address. */
export const UNLIMITED = {
  PARLEY_WS_MESSAGES_PER_SECOND: '1000000',
  PARLEY_WS_MESSAGE_BURST: '1000000',
  PARLEY_WS_CONNECTIONS_PER_IP: '1000000',
  // [E16] Thousands of bench visitors come from one address.
  PARLEY_NEW_VISITOR_BURST: '1000000',
};

/**
 * The demo tenant, `tenants` - 1 more like it (ids `ten_bench_<idTag><t>`) and `consultants`
 * logged-in consultants dealt round-robin over them: consultant i serves tenant i % tenants.
 */
export async function seedBench(
  store: SqlStores,
  consultants: number,
  { probeLink = false, tenants = 1, idTag = '' }: { probeLink?: boolean; tenants?: number; idTag?: string } = {},
): Promise<Pick<BenchServer, 'consultantCookies' | 'linkKey' | 'linkKeys'> & { tenantIds: string[] }> {
  const { link } = await ensureDemoTenant(store, systemRuntime, { email: 'bench@demo.parley', password: 'bench' });
  const links = [link];
  for (let t = 1; t < tenants; t++) {
    const tenantId = `ten_bench_${idTag}${t}`;
    await store.tenants.createTenant({ id: tenantId, name: `Bench ${t}`, slug: `bench-${t}` });
    await store.tenants.setAllowedOrigins(tenantId, []);
    const own = { ...link, id: `link_bench_${idTag}${t}`, tenantId, key: `bench-link-${t}`, departmentId: null };
    await store.links.createLink(own);
    links.push(own);
  }
  const cookies: string[] = [];
  for (let i = 0; i < consultants; i++) {
    const id = `con_bench_${i}`;
    const served = links[i % links.length] ?? link;
    await store.consultants.createConsultant({
      id,
      tenantId: served.tenantId,
      email: `bench${i}@demo.parley`,
      name: `Bench ${i}`,
      role: 'consultant',
      passwordHash: 'unused',
      departmentId: null,
      active: true,
      maxConversations: 1,
    });
    // With a probe link, the last consultant serves only that link (ring-latency bench).
    const probe = probeLink && i === consultants - 1;
    if (probe) {
      await store.links.createLink({ ...link, id: 'link_probe', key: PROBE_LINK_KEY, name: 'Probe' });
      await store.links.assignConsultant(link.tenantId, 'link_probe', id);
    } else {
      await store.links.assignConsultant(served.tenantId, served.id, id);
    }
    const token = `bench-token-${i}-${Math.random().toString(36).slice(2)}`;
    await store.sessions.createAuthSession(
      { id: `sess_${i}`, consultantId: id, expiresAt: Date.now() + 3_600_000 },
      hashToken(token),
    );
    cookies.push(`parley_session=${token}`);
  }
  return {
    consultantCookies: cookies,
    linkKey: DEMO_LINK_KEY,
    linkKeys: links.map((l) => (l === link ? DEMO_LINK_KEY : l.key)),
    tenantIds: links.map((l) => l.tenantId),
  };
}

export function spawnServer(port: number, env: Record<string, string>): ChildProcess {
  const trace = Boolean(process.env.BENCH_TRACE);
  // BENCH_NODE_ARGS, e.g. "--cpu-prof", profiles the server under load.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...extra, '--import', 'tsx', resolve('packages/server/src/main.ts')], {
    // [U6] A set demo password: the demo accounts are created as before, nothing generated or printed.
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: trace ? 'info' : 'error',
      PARLEY_DEMO_PASSWORD: 'parley-demo',
      ...env,
    },
    stdio: ['ignore', trace ? 'inherit' : 'ignore', 'inherit'],
  });
}

/** Spawns any script (the bare relay) the same way. */
export async function startScript(
  script: string,
  port: number,
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(script)], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { ...(await healthy(child, port)), consultantCookies: [], linkKey: '', linkKeys: [] };
}

export async function healthy(
  child: ChildProcess,
  port: number,
): Promise<Omit<BenchServer, 'consultantCookies' | 'linkKey' | 'linkKeys'>> {
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid ?? 0;
  return {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    pid,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A raw protocol socket: cheap enough to open thousands from one process. */
export class Peer {
  private readonly waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  onMessage: (m: ServerMessage) => void = () => undefined;

  private constructor(readonly ws: WebSocket) {
    // BENCH_TRACE=1: what a stuck bench run needs to be explained (errors, closed sockets).
    if (process.env.BENCH_TRACE) ws.on('close', (code) => process.stderr.write(`[peer] closed ${code}\n`));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (process.env.BENCH_TRACE && message.type === 'error')
        process.stderr.write(`[peer] ${JSON.stringify(message)}\n`);
      this.onMessage(message);
      const i = this.waiters.findIndex((w) => w.test(message));
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(message);
    });
  }

  static open(url: string, cookie?: string): Promise<Peer> {
    const ws = new WebSocket(url, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Peer(ws)));
      ws.once('error', reject);
    });
  }

  send(message: object): void {
    this.ws.send(JSON.stringify(message));
  }

  next<T extends ServerMessage['type']>(
    type: T,
    test: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
  ) {
    return new Promise<Extract<ServerMessage, { type: T }>>((resolve) => {
      this.waiters.push({
        test: (m) => m.type === type && test(m as Extract<ServerMessage, { type: T }>),
        resolve: resolve as (m: ServerMessage) => void,
      });
    });
  }

  async hello(hello: object): Promise<Extract<ServerMessage, { type: 'welcome' }>> {
    const welcome = this.next('welcome');
    this.send({ type: 'hello', v: PROTOCOL_VERSION, ...hello });
    return welcome;
  }

  close(): void {
    this.ws.close();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { WebSocket } from 'ws';
import { ConsultantClient, VisitorClient, type SocketFactory } from '@parley/client';
import { RedisLeaseStore } from '../src/cluster/redisLeases.ts';
import { ChildServer, freePort } from './childServer.ts';
import { loginCookie, until } from './server.ts';

/**
 * The one harness of the multi-node tests (issue 18): a database of their own on the test
 * PostgreSQL, Parley nodes as OS processes on one Redis, clients whose sockets go wherever a test
 * says (the load balancer's part), and the lease transitions each node logs.
 */

/** The engines a cluster test needs (scripts/redis.sh and scripts/postgres.sh print them). */
export const clusterEngines = {
  redisUrl: process.env.PARLEY_TEST_REDIS_URL,
  postgresUrl: process.env.PARLEY_TEST_POSTGRES_URL,
};

/** Polls until `probe` returns a value (a test's wait on other processes, not a product timer). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, limitMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > limitMs) throw new Error(`still waiting for ${what} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One lease transition a node logged (`lease acquired` / `lease lost`, clusterNode.ts). */
export interface LeaseEvent {
  node: string;
  tenantId: string;
  kind: 'acquired' | 'lost';
  token: number;
  at: number;
}

/** When a node acted for a tenant: from its `acquired` to its `lost` (or now, still holding). */
export interface Tenure {
  node: string;
  tenantId: string;
  token: number;
  from: number;
  to: number;
}

export function leaseEvents(output: string): LeaseEvent[] {
  const events: LeaseEvent[] = [];
  for (const line of output.split('\n')) {
    if (!/"msg":"lease (acquired|lost)"/.test(line) || !line.endsWith('}')) continue;
    const entry = JSON.parse(line) as LeaseEvent;
    events.push({ node: entry.node, tenantId: entry.tenantId, kind: entry.kind, token: entry.token, at: entry.at });
  }
  return events;
}

export function tenures(events: readonly LeaseEvent[], now = Date.now()): Tenure[] {
  const open = new Map<string, LeaseEvent>();
  const result: Tenure[] = [];
  for (const event of events) {
    const key = `${event.node}/${event.tenantId}/${event.token}`;
    if (event.kind === 'acquired') open.set(key, event);
    else {
      const start = open.get(key);
      if (start) result.push({ ...start, from: start.at, to: event.at });
      open.delete(key);
    }
  }
  for (const start of open.values()) result.push({ ...start, from: start.at, to: now });
  return result;
}

/** [PL1] Pairs of tenures of one tenant, on different nodes, that overlap in time. */
export function overlaps(all: readonly Tenure[]): string[] {
  const found: string[] = [];
  for (const [i, x] of all.entries())
    for (const y of all.slice(i + 1))
      if (x.tenantId === y.tenantId && x.node !== y.node && x.from < y.to && y.from < x.to)
        found.push(`${x.node}#${x.token} [${x.from}, ${x.to}] and ${y.node}#${y.token} [${y.from}, ${y.to}]`);
  return found;
}

/** A redis-server of the test's own (no persistence: a restart loses every key, [PL5]). */
export class OwnRedis {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    this.process = spawn('redis-server', args, { stdio: 'ignore' });
    await eventually(async () => {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return true;
      } catch {
        return undefined;
      } finally {
        probe.disconnect();
      }
    }, 'redis-server to answer');
  }

  /** Ends the server (its keys are gone) and resolves once the process has exited. */
  async stop(): Promise<void> {
    const process = this.process;
    if (!process || process.exitCode !== null || process.signalCode !== null) return;
    const exited = new Promise((done) => process.once('exit', done));
    process.kill('SIGKILL');
    await exited;
  }

  /** Freezes the server: connections stay open and nothing is answered (a hung or partitioned Redis). */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }
}

/** Nodes, database and clients of one multi-node test; `close()` ends them all. */
export class Cluster {
  readonly database = `parley_cluster_${process.pid}_${Date.now().toString(36)}`;
  /** [PL44] Its own keys and channels on the shared test Redis: parallel test clusters never meet. */
  readonly namespace = `test-${process.pid}-${Date.now().toString(36)}`;
  readonly nodes: ChildServer[] = [];
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  private readonly clients: { close(): void }[] = [];
  private readonly redis: Redis;
  readonly leases: RedisLeaseStore;

  constructor(
    private readonly postgresUrl: string,
    readonly redisUrl: string,
    private readonly env: NodeJS.ProcessEnv = {},
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
    this.leases = new RedisLeaseStore(this.redis, () => Promise.resolve(0), `${this.namespace}:lease:`);
  }

  get databaseUrl(): string {
    return this.postgresUrl.replace(/\/[^/]*$/, `/${this.database}`);
  }

  async create(): Promise<void> {
    await this.query(this.postgresUrl, `create database ${this.database}`);
  }

  /** Kills every node, closes every client, drops the database. */
  async close(): Promise<void> {
    for (const client of this.clients) client.close();
    await Promise.all(this.nodes.map((n) => n.stop('SIGKILL').catch(() => undefined)));
    const keys = await this.redis.keys(`${this.namespace}:*`).catch(() => []);
    if (keys.length > 0) await this.redis.del(...keys).catch(() => undefined);
    this.redis.disconnect();
    await this.query(this.postgresUrl, `drop database if exists ${this.database}`).catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A client of the test's own making, closed by `close()`. */
  track<T extends { close(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }

  /** A node process named `name` (its lease owner name is `name-<pid of the test>`). */
  async node(name: string, env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
    const server = new ChildServer(await freePort(), this.dataDir, 'source', {
      PARLEY_DATABASE_URL: this.databaseUrl,
      PARLEY_REDIS_URL: this.redisUrl,
      PARLEY_REDIS_NAMESPACE: this.namespace,
      PARLEY_NODE_ID: this.ownerName(name),
      ...this.env,
      ...env,
    });
    this.nodes.push(server);
    await server.start();
    return server;
  }

  ownerName(name: string): string {
    return `${name}-${process.pid}`;
  }

  async rows<T extends pg.QueryResultRow>(statement: string, values: unknown[] = []): Promise<T[]> {
    return (await this.query<T>(this.databaseUrl, statement, values)).rows;
  }

  async tenantId(slug = 'demo'): Promise<string> {
    const rows = await this.rows<{ id: string }>(`select id from tenants where slug = $1`, [slug]);
    if (!rows[0]) throw new Error(`no tenant ${slug}`);
    return rows[0].id;
  }

  /** Waits until Redis names a holder of `tenantId` that `predicate` accepts. */
  holderOf(tenantId: string, predicate: (owner: string | null) => boolean, limitMs = 15_000): Promise<string | null> {
    return eventually(
      async () => {
        const owner = (await this.leases.holder(tenantId).catch(() => undefined))?.owner ?? null;
        return predicate(owner) ? { owner } : undefined;
      },
      `a holder of ${tenantId}`,
      limitMs,
    ).then(({ owner }) => owner);
  }

  visitor(target: () => ChildServer, linkKey = 'demo-help'): VisitorClient {
    const storage = new Map<string, string>();
    const client = new VisitorClient({
      baseUrl: target().baseUrl,
      linkKey,
      socketFactory: socketsTo(target),
      storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, value) => storage.set(k, value) },
    });
    this.track(client).connect();
    return client;
  }

  async consultant(target: () => ChildServer): Promise<ConsultantClient> {
    const client = new ConsultantClient({
      baseUrl: target().baseUrl,
      socketFactory: socketsTo(target, await loginCookie(target().baseUrl)),
    });
    this.track(client).connect();
    return client;
  }

  /** A visitor on `visitorNode` and the demo consultant on `consultantNode`, in an active conversation. */
  async conversation(
    visitorNode: () => ChildServer,
    consultantNode: () => ChildServer,
    name = 'Ann',
  ): Promise<{ v: VisitorClient; c: ConsultantClient; conversationId: string }> {
    const c = await this.consultant(consultantNode);
    await until(c, (s) => s.status === 'open');
    c.setAvailable(true);
    const v = this.visitor(visitorNode);
    await until(v, (s) => s.status === 'open' && s.available);
    v.request(name);
    await until(c, () => c.ringing.some((r) => r.visitorName === name));
    const conversationId = c.ringing.find((r) => r.visitorName === name)?.id ?? '';
    c.accept(conversationId);
    await until(v, (s) => s.conversation?.state === 'active');
    return { v, c, conversationId };
  }

  /** Every lease transition every node logged so far (nodes log at `info`). */
  leaseEvents(): LeaseEvent[] {
    return this.nodes.flatMap((n) => leaseEvents(n.history)).sort((x, y) => x.at - y.at);
  }

  private async query<T extends pg.QueryResultRow>(
    url: string,
    statement: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<T>> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query<T>(statement, values);
    } finally {
      await client.end();
    }
  }
}

/** Sockets to whichever node `target()` names when they open. */
export function socketsTo(target: () => ChildServer, cookie?: string): SocketFactory {
  return (url) => {
    const path = new URL(url).pathname;
    return new WebSocket(target().baseUrl.replace('http', 'ws') + path, cookie ? { headers: { cookie } } : {});
  };
}

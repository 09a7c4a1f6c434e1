import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { WebSocket } from 'ws';
import type { SocketFactory } from '@parley/client';
import { RedisLeaseStore } from '../src/cluster/redisLeases.ts';
import { ChildServer, freePort } from './childServer.ts';

/** The engines a cluster test needs (scripts/redis.sh and scripts/postgres.sh print them). */
export const clusterEngines = {
  redisUrl: process.env.PARLEY_TEST_REDIS_URL,
  postgresUrl: process.env.PARLEY_TEST_POSTGRES_URL,
};

/**
 * Issue 18: Parley nodes as OS processes on one fresh PostgreSQL database and one Redis, for a
 * test file's `beforeAll`/`afterAll`. Each node is a `ChildServer` with cluster mode on.
 */
export class ClusterHarness {
  readonly database = `parley_cluster_${process.pid}_${Date.now().toString(36)}`;
  readonly databaseUrl: string;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'parley-cluster-'));
  private readonly redis: Redis;
  readonly leases: RedisLeaseStore;
  private readonly nodes: ChildServer[] = [];
  private readonly clients: { close(): void }[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly postgresUrl: string,
    readonly leaseTtlMs: number,
  ) {
    this.databaseUrl = postgresUrl.replace(/\/[^/]*$/, `/${this.database}`);
    this.redis = new Redis(redisUrl);
    this.leases = new RedisLeaseStore(this.redis, () => Promise.resolve(0));
  }

  /** Creates the test's own database. */
  async setUp(): Promise<void> {
    await this.query(this.postgresUrl, `create database ${this.database}`);
  }

  /** Kills every node, closes every client, drops the database. */
  async tearDown(): Promise<void> {
    for (const client of this.clients) client.close();
    await Promise.all(this.nodes.map((n) => n.stop('SIGKILL').catch(() => undefined)));
    this.redis.disconnect();
    await this.query(this.postgresUrl, `drop database if exists ${this.database}`).catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A client closed at tear-down. */
  track<T extends { close(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }

  /** Starts a node named `name` (its node id: `name-pid`). */
  async node(name: string): Promise<ChildServer> {
    const server = new ChildServer(await freePort(), this.dataDir, 'source', {
      PARLEY_DATABASE_URL: this.databaseUrl,
      PARLEY_REDIS_URL: this.redisUrl,
      PARLEY_NODE_ID: this.nodeId(name),
      PARLEY_LEASE_TTL_MS: String(this.leaseTtlMs),
    });
    this.nodes.push(server);
    await server.start();
    return server;
  }

  nodeId(name: string): string {
    return `${name}-${process.pid}`;
  }

  /** Runs one statement on the cluster's database. */
  async sql<Row extends object>(statement: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.query<Row>(this.databaseUrl, statement, values)).rows;
  }

  /** The demo tenant's id (the first node seeds it). */
  async demoTenantId(): Promise<string> {
    const [row] = await this.sql<{ id: string }>(`select id from tenants where slug = 'demo'`);
    if (!row) throw new Error('no demo tenant');
    return row.id;
  }

  /** Polls Redis until the tenant's holder satisfies `predicate` (a test's wait on another process). */
  async holderOf(tenantId: string, predicate: (owner: string | null) => boolean, limitMs = 15_000) {
    const started = Date.now();
    for (;;) {
      const owner = (await this.leases.holder(tenantId))?.owner ?? null;
      if (predicate(owner)) return owner;
      if (Date.now() - started > limitMs) throw new Error(`lease holder still ${owner ?? 'none'}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async query<Row extends object>(url: string, statement: string, values: unknown[] = []) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query<Row>(statement, values);
    } finally {
      await client.end();
    }
  }
}

/** Sockets to whichever node `target()` names: the load balancer's part. */
export function socketsTo(target: () => ChildServer, cookie?: string): SocketFactory {
  return (url) => {
    const path = new URL(url).pathname;
    return new WebSocket(target().baseUrl.replace('http', 'ws') + path, cookie ? { headers: { cookie } } : {});
  };
}

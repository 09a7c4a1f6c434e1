import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { RedisLeaseStore } from '../packages/server/src/cluster/redisLeases.ts';
import { rankNodes } from '../packages/server/src/domain/placement/spread.ts';
import { migrateToLatest, openPostgres } from '../packages/server/src/storage/database.ts';
import { sqlStores } from '../packages/server/src/storage/stores.ts';
import { cpuTicks, healthy, seedBench, spawnServer, UNLIMITED, type BenchServer } from './lib.ts';

/**
 * The engines and nodes of `npm run bench cluster` (issue 18): Parley nodes as OS processes on one
 * PostgreSQL database and one Redis, like scripts/cluster.sh but without the balancer, because the
 * bench itself chooses each socket's node (to make commands forwarded, or not).
 */

/** PostgreSQL and Redis: PARLEY_TEST_POSTGRES_URL / PARLEY_TEST_REDIS_URL, or started here. */
export function engines(): { postgresUrl: string; redisUrl: string; stop(): void } {
  const own = {
    ...process.env,
    PARLEY_PG_PORT: process.env.PARLEY_PG_PORT ?? '56397',
    PARLEY_PG_DIR: process.env.PARLEY_PG_DIR ?? '/tmp/parley-bench-pg',
    PARLEY_REDIS_PORT: process.env.PARLEY_REDIS_PORT ?? '56398',
    PARLEY_REDIS_DIR: process.env.PARLEY_REDIS_DIR ?? '/tmp/parley-bench-redis',
  };
  const script = (name: string, command: string) =>
    execFileSync('bash', [`scripts/${name}.sh`, command], { env: own, encoding: 'utf8' });
  const started: string[] = [];
  const url = (variable: string, name: string) => {
    const given = process.env[variable];
    if (given) return given;
    started.push(name);
    const found = new RegExp(`export ${variable}=(\\S+)`).exec(script(name, 'start'))?.[1];
    if (!found) throw new Error(`no ${name} (apt-get install ${name === 'redis' ? 'redis-server' : 'postgresql'})`);
    return found;
  };
  return {
    postgresUrl: url('PARLEY_TEST_POSTGRES_URL', 'postgres'),
    redisUrl: url('PARLEY_TEST_REDIS_URL', 'redis'),
    stop: () => {
      for (const name of started) script(name, 'stop');
    },
  };
}

export interface BenchCluster {
  nodes: BenchServer[];
  /** Each tenant's owner node, by index into `nodes`, once placement has settled. */
  ownerOf: Map<string, number>;
  tenantIds: string[];
  linkKeys: string[];
  consultantCookies: string[];
  database: string;
  redis: Redis;
  postgres: pg.Client;
  /** redis-server's pid and the PostgreSQL backends serving the nodes (for their CPU). */
  enginePids(): Promise<{ redis: number; postgres: number[] }>;
  stop(): Promise<void>;
}

/**
 * A fresh database with `tenants` tenants and `consultants` consultants (seedBench), then `count`
 * nodes on ports `port`, `port` + 1, …; resolves once every tenant has an owner that has stayed
 * put for a few heartbeats (the spread of [PL22]–[PL24] has settled).
 */
export async function startCluster(
  count: number,
  port: number,
  urls: { postgresUrl: string; redisUrl: string },
  { tenants, consultants }: { tenants: number; consultants: number },
): Promise<BenchCluster> {
  const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const database = `parley_bench_${tag}`;
  const admin = new pg.Client({ connectionString: urls.postgresUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  // Counted only when PostgreSQL preloads it (shared_preload_libraries); otherwise readCounts says so.
  await admin.query('create extension if not exists pg_stat_statements').catch(() => undefined);
  const databaseUrl = urls.postgresUrl.replace(/\/[^/]*$/, `/${database}`);
  const opened = openPostgres(databaseUrl);
  await migrateToLatest(opened);
  const seeded = await seedBench(sqlStores(opened.db, Date.now), consultants, { tenants, idTag: `${tag}_` });
  await opened.db.destroy();

  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-cluster-'));
  const nodeIds = Array.from({ length: count }, (_, i) => `bench-${tag}-${i + 1}`);
  const nodes = await Promise.all(
    nodeIds.map(async (nodeId, i) => {
      const child = spawnServer(port + i, {
        ...UNLIMITED,
        HOST: '127.0.0.1',
        PARLEY_PUBLIC_URL: `http://127.0.0.1:${port + i}`,
        PARLEY_JANUS: 'off',
        // The demo tenant is seeded above, with the bench's accounts.
        PARLEY_DEMO: 'off',
        PARLEY_DATABASE_URL: databaseUrl,
        PARLEY_REDIS_URL: urls.redisUrl,
        PARLEY_NODE_ID: nodeId,
        // Three times the default lease (renewed every 3 s): on the shared, overloaded two cores a
        // late renewal or heartbeat moved tenants mid-run, which closes their sockets (1012).
        PARLEY_LEASE_TTL_MS: String(LEASE_TTL_MS),
        PARLEY_DATA_DIR: join(dataDir, nodeId),
      });
      const node = await healthy(child, port + i);
      await ready(node.baseUrl);
      return node;
    }),
  );
  const redis = new Redis(urls.redisUrl);
  const cluster: BenchCluster = {
    nodes: nodes.map((n) => ({ ...n, ...seeded })),
    ownerOf: await settledOwners(new RedisLeaseStore(redis, () => Promise.resolve(0)), seeded.tenantIds, nodeIds),
    tenantIds: seeded.tenantIds,
    linkKeys: seeded.linkKeys,
    consultantCookies: seeded.consultantCookies,
    database,
    redis,
    postgres: admin,
    enginePids: async () => {
      const info = await redis.info('server');
      const backends = await admin.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1`, [
        database,
      ]);
      return { redis: Number(/process_id:(\d+)/.exec(info)?.[1]), postgres: backends.rows.map((r) => r.pid) };
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      redis.disconnect();
      await admin.query(`drop database if exists ${database}`).catch(() => undefined);
      await admin.end();
    },
  };
  return cluster;
}

async function ready(baseUrl: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 60_000;) {
    if (
      await fetch(`${baseUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${baseUrl} not ready after 60 s`);
}

const LEASE_TTL_MS = 12_000;

/**
 * Polls the lease holders until each tenant is held by the node it prefers ([PL22]–[PL24]: it is
 * handed over as the others join) and has been for two renewal periods. A holder in Redis is not
 * yet a node that acts (it restores first, [P5]), so its being preferred is not enough.
 */
async function settledOwners(
  leases: RedisLeaseStore,
  tenantIds: readonly string[],
  nodeIds: readonly string[],
): Promise<Map<string, number>> {
  let last = '';
  let sameSince = Date.now();
  for (const started = Date.now(); Date.now() - started < 120_000;) {
    const holders = await Promise.all(tenantIds.map((t) => leases.holder(t)));
    const owners = holders.map((h) => nodeIds.indexOf(h?.owner ?? ''));
    const key = owners.join(',');
    if (key !== last) [last, sameSince] = [key, Date.now()];
    const preferred = owners.every((o, i) => nodeIds[o] === rankNodes(tenantIds[i] ?? '', nodeIds)[0]);
    if (preferred && Date.now() - sameSince >= LEASE_TTL_MS / 2) {
      return new Map(tenantIds.map((t, i) => [t, owners[i] ?? 0]));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`tenants without a settled owner after 120 s: ${last}`);
}

/**
 * The node a socket of a tenant owned by node `owner` opens on, of `nodes`: with one node the
 * owner; otherwise never the owner, so each of its commands is forwarded ([PL6]) — the visitor on
 * the next node, the consultant on the one after when there are three or more.
 */
export function nonOwnerNode(owner: number, nodes: number, side: 'visitor' | 'consultant'): number {
  if (nodes === 1) return 0;
  const step = side === 'visitor' || nodes === 2 ? 1 : 2;
  return (owner + step) % nodes;
}

/** CPU time (clock ticks) of processes; a vanished one counts 0. */
export function ticksOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuTicks(pid);
    } catch {
      return sum;
    }
  }, 0);
}

/** Redis commands by name (INFO commandstats) and PostgreSQL statements (pg_stat_statements). */
export interface OperationCounts {
  redis: Map<string, number>;
  /** null when pg_stat_statements is not loaded (shared_preload_libraries). */
  postgres: Map<string, number> | null;
}

/** Zeroes the counters (CONFIG RESETSTAT, pg_stat_statements_reset()). */
export async function resetCounts(cluster: BenchCluster): Promise<void> {
  await cluster.redis.config('RESETSTAT');
  await cluster.postgres.query('select pg_stat_statements_reset()').catch(() => undefined);
}

export async function readCounts(cluster: BenchCluster): Promise<OperationCounts> {
  const info = await cluster.redis.info('commandstats');
  const redis = new Map<string, number>();
  for (const [, name, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (name !== 'info' && name !== 'config') redis.set(name ?? '', Number(calls));
  }
  const postgres = await cluster.postgres
    .query<{ query: string; calls: string }>(
      `select query, calls from pg_stat_statements
        where dbid = (select oid from pg_database where datname = $1) order by calls desc`,
      [cluster.database],
    )
    .then(
      (result) => {
        const byStatement = new Map<string, number>();
        for (const row of result.rows) {
          const statement = statementName(row.query);
          byStatement.set(statement, (byStatement.get(statement) ?? 0) + Number(row.calls));
        }
        return byStatement;
      },
      () => null,
    );
  return { redis, postgres };
}

/** "insert into chat_messages", "select … from conversations", "begin", … (a statement's kind and table). */
export function statementName(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim().toLowerCase();
  const verb = q.split(' ')[0] ?? q;
  const table = /(?:insert into|update|delete from|from) "?([a-z_]+)"?/.exec(q)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * Operations per chat message: what the loop counted, less what the same nodes do idle (lease
 * renewals, heartbeats) over as long, divided by the messages delivered.
 */
export function perMessage(
  during: ReadonlyMap<string, number>,
  idlePerSecond: ReadonlyMap<string, number>,
  seconds: number,
  messages: number,
): Map<string, number> {
  const result = new Map<string, number>();
  for (const [name, calls] of during) {
    const own = calls - (idlePerSecond.get(name) ?? 0) * seconds;
    if (own / messages >= 0.005) result.set(name, own / messages);
  }
  return new Map([...result].sort((a, b) => b[1] - a[1]));
}

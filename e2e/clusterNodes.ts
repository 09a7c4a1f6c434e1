import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { RedisLeaseStore } from '../packages/server/src/cluster/redisLeases.ts';
import { rankNodes } from '../packages/server/src/domain/placement/spread.ts';
import { DEMO, loginConsultant, visitorFrame } from './helpers.ts';
import { ServerProcess } from './serverProcess.ts';

/** One statement on the database at `url`, on a connection of its own. */
export async function sql(url: string, statement: string): Promise<pg.QueryResult<Record<string, string>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The Janus the main e2e server started beside its port (scripts/janus.sh prints it again). */
export async function sharedJanus(e2ePort: number): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)('bash', ['scripts/janus.sh', 'start'], {
    env: { ...process.env, PARLEY_JANUS_WS_PORT: String(e2ePort + 1000) },
  });
  const vars: Record<string, string> = {};
  for (const [, name, value] of stdout.matchAll(/(PARLEY_JANUS_(?:URL|API_SECRET|ADMIN_KEY))=(\S+)/g)) {
    if (name && value) vars[name] = value;
  }
  if (!vars.PARLEY_JANUS_URL) throw new Error(`no Janus: ${stdout}`);
  return vars;
}

/**
 * Issue 18's browser tests: Parley nodes as OS processes on the test PostgreSQL and Redis (`npm
 * test` starts both), in a database of their own so the main e2e server's demo tenant is not
 * touched. Node `i` listens on `firstPort + i`.
 */
export class E2eCluster {
  readonly database: string;
  readonly databaseUrl: string;
  readonly nodeIds: string[];
  readonly nodes: ServerProcess[];
  private readonly redis: Redis;
  private readonly leases: RedisLeaseStore;

  constructor(
    private readonly postgresUrl: string,
    redisUrl: string,
    options: { names: string[]; firstPort: number; dataRoot: string; leaseTtlMs: number; env: Record<string, string> },
  ) {
    this.database = `parley_e2e_${options.names[0] ?? 'node'}_${process.pid}_${Date.now().toString(36)}`;
    this.databaseUrl = postgresUrl.replace(/\/[^/]*$/, `/${this.database}`);
    this.redis = new Redis(redisUrl);
    this.leases = new RedisLeaseStore(this.redis, () => Promise.resolve(0));
    this.nodeIds = options.names.map((name) => `${name}-${process.pid}`);
    this.nodes = this.nodeIds.map(
      (nodeId, index) =>
        new ServerProcess(options.firstPort + index, `${options.dataRoot}/${nodeId}`, {
          PARLEY_DATABASE_URL: this.databaseUrl,
          PARLEY_REDIS_URL: redisUrl,
          PARLEY_NODE_ID: nodeId,
          PARLEY_LEASE_TTL_MS: String(options.leaseTtlMs),
          LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
          ...options.env,
        }),
    );
  }

  /** Creates the database, then starts the nodes one after another (the first migrates it and creates the demo tenant). */
  async start(): Promise<void> {
    await sql(this.postgresUrl, `create database ${this.database}`);
    for (const node of this.nodes) await node.start();
  }

  async demoTenantId(): Promise<string> {
    return (await sql(this.databaseUrl, `select id from tenants where slug = 'demo'`)).rows[0]?.id ?? '';
  }

  /** Who holds the tenant's lease now, if anyone. */
  async holder(tenantId: string): Promise<string | null> {
    return (await this.leases.holder(tenantId))?.owner ?? null;
  }

  /** [PL22][PL24] Waits until the tenant is held by the node it prefers (handed over as the others joined); its id. */
  async settledOwner(tenantId: string, timeout: number): Promise<string> {
    const ownerId = rankNodes(tenantId, this.nodeIds)[0] ?? '';
    await expect.poll(() => this.holder(tenantId), { timeout }).toBe(ownerId);
    return ownerId;
  }

  node(nodeId: string): ServerProcess {
    const node = this.nodes[this.nodeIds.indexOf(nodeId)];
    if (!node) throw new Error(`unknown node ${nodeId}`);
    return node;
  }

  /** Kills the nodes and drops the database. */
  async close(): Promise<void> {
    for (const node of this.nodes) await node.kill();
    this.redis.disconnect();
    await sql(this.postgresUrl, `drop database if exists ${this.database}`).catch(() => undefined);
  }
}

/**
 * Dana goes on air from a console on `presenterNode`; a visitor opens the demo broadcast page on
 * `viewerNode` and takes a seat. Returns Dana's console and the viewer's app frame.
 */
export async function broadcastWatched(
  presenter: BrowserContext,
  viewer: BrowserContext,
  presenterNode: ServerProcess,
  viewerNode: ServerProcess,
): Promise<{ dana: Page; app: Frame }> {
  const dana = await presenter.newPage();
  await loginConsultant(dana, DEMO, `${presenterNode.baseUrl}/console/`);
  await dana.getByTestId('broadcast-start').click();
  await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.');
  const page = await viewer.newPage();
  await page.goto(`${viewerNode.baseUrl}/demo?link=demo-broadcast`);
  await page.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(page);
  await app.getByTestId('broadcast-watch').click();
  return { dana, app };
}

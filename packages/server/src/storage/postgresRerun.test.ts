import {
  InsertQueryNode,
  Kysely,
  PostgresDialect,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultantDefaults, linkDefaults } from '../domain/tenants/directory.ts';
import { initialState } from '../domain/conversations/lifecycle.ts';
import { migrateToLatest } from './database.ts';
import { RetryingPool } from './postgresPool.ts';
import type { Database } from './schema.ts';
import { sqlStores, type SqlStores } from './stores.ts';

/**
 * [PL40] against a real PostgreSQL (scripts/postgres.sh): the backend of a fenced chat write is
 * terminated after the fence was admitted and before COMMIT — PostgreSQL rolls the transaction
 * back — and the write runs again whole on a fresh connection: the message is stored once.
 */
const url = process.env.PARLEY_TEST_POSTGRES_URL;

/**
 * Pauses the first transaction that admits a fence right after the admission, and has a second
 * connection terminate that transaction's backend (found by the pool's application name) before
 * the transaction goes on. Counts the admissions, so the test sees the re-run.
 */
class TerminateAfterFence implements KyselyPlugin {
  armed = false;
  admissions = 0;
  terminated = 0;
  private readonly fences = new WeakSet<QueryId>();

  constructor(
    private readonly admin: pg.Client,
    private readonly applicationName: string,
  ) {}

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'placement_fences') this.fences.add(queryId);
    return node;
  }

  async transformResult({ queryId, result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.fences.has(queryId)) return result;
    this.admissions++;
    if (this.armed) {
      this.armed = false;
      // The second argument makes PostgreSQL wait (up to 5 s) until the backend is gone.
      const { rows } = await this.admin.query<{ done: boolean }>(
        `select pg_terminate_backend(pid, 5000) as done from pg_stat_activity
          where application_name = $1 and state = 'idle in transaction'`,
        [this.applicationName],
      );
      this.terminated = rows.filter((row) => row.done).length;
    }
    return result;
  }
}

if (!url) {
  describe('[PL40] a transaction cut before COMMIT (PostgreSQL)', () =>
    it.skip('needs PARLEY_TEST_POSTGRES_URL (scripts/postgres.sh)', () => undefined));
} else {
  describe('[PL40] a transaction cut before COMMIT (PostgreSQL)', () => {
    const run = `${process.pid}_${Date.now().toString(36)}`;
    const database = `parley_rerun_${run}`;
    const applicationName = `parley-rerun-${run}`;
    const databaseUrl = url.replace(/\/[^/]*$/, `/${database}`);
    const admin = new pg.Client({ connectionString: databaseUrl });
    const server = new pg.Client({ connectionString: url });
    const warned: string[] = [];
    let db: Kysely<Database> | undefined;
    let plugin: TerminateAfterFence;
    let store: SqlStores;
    const id = (s: string) => `${s}_${run}`;
    const now = 1_800_000_000_000;
    const tenant = id('t');

    beforeAll(async () => {
      await server.connect();
      await server.query(`create database ${database}`);
      await admin.connect();
      const pgPool = new pg.Pool({
        connectionString: databaseUrl,
        application_name: applicationName,
      });
      const pool = new RetryingPool(pgPool, {
        retryMs: 10_000,
        statementTimeoutMs: 10_000,
        warn: (_e, what) => warned.push(what),
      });
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      await migrateToLatest({ db, dialect: 'postgres' });
      plugin = new TerminateAfterFence(admin, applicationName);
      store = sqlStores(db.withPlugin(plugin), () => now);
      await store.tenants.createTenant({ id: tenant, name: 'Rerun', slug: id('rerun') });
      await store.consultants.createConsultant({
        id: id('c'),
        tenantId: tenant,
        email: `rerun.${run}@rerun.test`,
        name: 'Ann',
        role: 'admin',
        passwordHash: 'h',
        ...consultantDefaults,
      });
      await store.links.createLink({ id: id('l'), tenantId: tenant, key: id('key'), name: 'L', ...linkDefaults });
      await store.visitors.createVisitor({ id: id('v'), tenantId: tenant, linkId: id('l'), name: '' }, id('h'));
    }, 60_000);

    afterAll(async () => {
      await db?.destroy();
      await admin.end();
      await server.query(`drop database if exists ${database} with (force)`);
      await server.end();
    });

    it('[PL40][PL3][M1] the backend killed after the fence, before COMMIT: the fenced write runs again and the message is stored once', async () => {
      const owner = store.conversations.fenced(tenant, 7);
      await owner.saveConversation({
        id: id('conv'),
        tenantId: tenant,
        linkId: id('l'),
        visitorId: id('v'),
        visitorName: 'Vi',
        state: initialState(now),
        visitorSetup: null,
      });
      const admitted = plugin.admissions;
      plugin.armed = true;
      const message = {
        id: id('m1'),
        tenantId: tenant,
        conversationId: id('conv'),
        clientId: 'client-1',
        sender: 'visitor' as const,
        authorName: 'Vi',
        text: 'survives the cut',
        sentAt: now,
      };
      const [result] = await owner.appendMessages([message]);
      expect(plugin.terminated).toBe(1);
      expect(plugin.admissions - admitted).toBe(2); // the cut attempt and the re-run
      expect(result).toEqual({ message, duplicate: false });
      const { rows } = await admin.query<{ text: string }>(`select text from messages where conversation_id = $1`, [
        id('conv'),
      ]);
      expect(rows.map((row) => row.text)).toEqual(['survives the cut']);
      expect(warned).toContain('PostgreSQL connection lost before COMMIT: the transaction runs again');
    });
  });
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DeskApi } from '@parley/client';
import { migrateToLatest, openSqlite, openSqliteOnWorker, type OpenDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/schema.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { migrations } from '../src/storage/migrations/index.ts';
import { adoptLegacyHistory } from '../src/storage/migrations/legacyNames.ts';
import { consultant, loginCookie, startServer, until, visitor, type TestServer } from './server.ts';

/**
 * [OP6] A database created and used by main before the migrations were renumbered (commit
 * cce01fb: a demo tenant, a call with an identified contact, chat, a note, custom data and a
 * wrap-up; dumped to test/upgrade/) migrates with today's code and serves a call afterwards.
 */
const fixture = (name: string): string => readFileSync(new URL(`./upgrade/${name}`, import.meta.url), 'utf8');
const OLD_CONVERSATION = 'conv_00000o';
const currentNames = migrations.map((m) => m.name);
/** Restores a database, migrates it, starts a server, logs in twice and runs a whole call. */
const CALL_TIMEOUT_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'parley-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An SQLite file restored from main's dump, after `alter` (SQL) has aged it further; opened as the
 * server opens it (on a worker thread) unless `inThread`.
 */
function oldSqlite(name: string, { alter = '', inThread = false } = {}): OpenDatabase {
  const file = join(dir, `${name}.sqlite`);
  const raw = new SQLite(file);
  raw.exec(fixture('main-cce01fb.sqlite.sql'));
  raw.exec(alter);
  raw.close();
  return inThread ? openSqlite(file) : openSqliteOnWorker(file);
}

/**
 * The upgraded server follows the process that made the fixture, as a real restart does: its
 * ids and session secrets carry on past the fixture's instead of starting over and colliding with
 * a session stored there (a fake runtime counts them, and any new timer at start shifts the count).
 */
function afterTheFixture(): FakeRuntime {
  const fixture = new FakeRuntime();
  for (let i = 0; i < 100_000; i++) fixture.ids.next('fixture');
  return new FakeRuntime(Date.now(), fixture);
}

async function recordedNames(database: OpenDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by timestamp, name`.execute(
    database.db,
  );
  return rows.map((r) => r.name);
}

/** The old conversation is still there, then a new call is served end to end. */
async function servesOldDataAndANewCall(server: TestServer): Promise<void> {
  const cookie = await loginCookie(server.baseUrl);
  const desk = new DeskApi(server.baseUrl, (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
  );
  const [contact] = await desk.contacts('cust-1');
  const [old] = (await desk.contact(contact?.id ?? '')).history;
  expect(old).toMatchObject({ conversationId: OLD_CONVERSATION, state: 'done', consultantName: 'Dana Demo' });
  expect(old?.notes.map((n) => n.text)).toEqual(['Parcel lost by the carrier', 'Promised a refund']);
  expect(old?.wrapUp).toMatchObject({ dispositionCode: 'refund', notes: 'Promised a refund' });
  const oldDesk = await desk.conversation(OLD_CONVERSATION);
  expect(oldDesk.fields.map((f) => f.value)).toEqual(['A-1001']);

  const c = await consultant(server);
  const v = visitor(server);
  try {
    c.setAvailable(true);
    await until(v, (s) => s.available);
    v.request('Bea');
    await until(c, () => c.ringing.length === 1);
    const id = c.ringing[0]?.id ?? '';
    expect(id).not.toBe(OLD_CONVERSATION);
    c.accept(id);
    await until(v, (s) => s.conversation?.state === 'active');
    v.sendChat('Hello after the upgrade');
    c.sendChat(id, 'Hello, Bea');
    await until(v, (s) => s.messages.length === 2);
    await until(c, (s) => (s.messages[id] ?? []).length === 2);
    c.end(id);
    await until(v, (s) => s.conversation?.state === 'ended');
    const done = await desk.done(id, 'refund', 'Second call');
    expect(done.dispositionLabel).toBe('Refund promised');
  } finally {
    v.close();
    c.close();
  }
}

describe('[OP6] upgrading a database created by main before the renumbering', () => {
  it(
    'SQLite: renames the recorded migrations, changes no data, and serves a call',
    async () => {
      const database = oldSqlite('plain');
      expect(await recordedNames(database)).toContain('0009_accounts');
      const server = await startServer({ database, runtime: afterTheFixture() });
      try {
        expect(await recordedNames(database)).toEqual(currentNames);
        await servesOldDataAndANewCall(server);
      } finally {
        await server.close();
      }
    },
    CALL_TIMEOUT_MS,
  );

  it(
    'SQLite: fills a migration an older build skipped and orders a history it ran out of order',
    async () => {
      // As a database from before `0004_trust` landed (its numbers were reserved per branch), whose
      // `0006_notes` ran before `0005_desk` and `0005_media`.
      const database = oldSqlite('gap', {
        inThread: true,
        alter: `alter table tenants drop column allowed_origins; drop table consultant_presence;
        delete from kysely_migration where name = '0004_trust';
        update kysely_migration set timestamp = '2026-01-01T00:00:00.000Z' where name = '0006_notes';`,
      });
      const adopted = await adoptLegacyHistory(database.db, database.dialect, migrations);
      expect(adopted).toContain('applied 0004_trust, which an older build had skipped');
      expect(adopted).toContain('renamed 0006_notes to 0003_conversation_notes');
      expect(await adoptLegacyHistory(database.db, database.dialect, migrations)).toEqual([]);
      const server = await startServer({ database, runtime: afterTheFixture() });
      try {
        expect(await recordedNames(database)).toEqual(currentNames);
        await servesOldDataAndANewCall(server);
      } finally {
        await server.close();
      }
    },
    CALL_TIMEOUT_MS,
  );

  it('leaves a new database alone: Kysely applies the list in order', async () => {
    const database = openSqlite(':memory:');
    expect(await adoptLegacyHistory(database.db, database.dialect, migrations)).toEqual([]);
    await migrateToLatest(database);
    expect(await recordedNames(database)).toEqual(currentNames);
    expect(await adoptLegacyHistory(database.db, database.dialect, migrations)).toEqual([]);
    await database.db.destroy();
  });

  // scripts/postgres.sh starts a throwaway PostgreSQL and exports this URL; the dump is pg_dump's.
  const url = process.env.PARLEY_TEST_POSTGRES_URL;
  it.skipIf(!url)(
    'PostgreSQL: a pg_dump of main’s database migrates and serves a call',
    async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const name = `parley_upgrade_${Math.random().toString(36).slice(2, 8)}`;
      await admin.query(`create database ${name}`);
      const target = new URL(url ?? '');
      target.pathname = `/${name}`;
      try {
        const restore = new pg.Client({ connectionString: target.href });
        await restore.connect();
        await restore.query(fixture('main-cce01fb.postgres.sql'));
        await restore.end();
        // As openPostgres, but the pool ignores the connections `drop database … with (force)` ends.
        const pool = new pg.Pool({ connectionString: target.href });
        pool.on('error', () => undefined);
        const database: OpenDatabase = {
          db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
          dialect: 'postgres',
        };
        const server = await startServer({ database, runtime: afterTheFixture() });
        try {
          expect(await recordedNames(database)).toEqual(currentNames);
          await servesOldDataAndANewCall(server);
        } finally {
          await server.close();
        }
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    CALL_TIMEOUT_MS,
  );
});

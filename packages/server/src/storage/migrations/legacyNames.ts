import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { NamedMigration } from './index.ts';

/**
 * The names builds before the renumbering (main up to cce01fb) recorded in `kysely_migration`,
 * mapped to the name the same migration has now. Their bodies did not change; only the names did.
 */
export const legacyNames: Readonly<Record<string, string>> = {
  '0006_notes': '0003_conversation_notes',
  '0005_desk': '0005_consultant_tools',
  '0005_media': '0006_media',
  '0009_accounts': '0008_accounts',
};

/**
 * How many migrations at the head of the list older builds knew and applied in any order
 * (`allowUnorderedMigrations`). Only inside this range is a gap filled; a later migration is
 * applied by Kysely in order, or the database is refused.
 */
export const LEGACY_MIGRATION_COUNT = 8;

/** Any fixed number: PostgreSQL serialises concurrent adoptions (several nodes starting) on it. */
const ADOPTION_LOCK = 7_051_926;

interface Recorded {
  name: string;
  timestamp: string;
}

/**
 * docs/decisions/0005-ordered-migrations.md: makes a database migrated by an older build look as
 * if it had been migrated by this one, so Kysely's in-order check accepts it. In one transaction:
 * 1. renames the legacy names ({@link legacyNames}) to the current ones;
 * 2. applies any migration of the legacy range that sorts before one already run but was itself
 *    never run (older builds ran a late-landing `0004_trust` after `0006_notes`);
 * 3. makes the recorded times non-decreasing in list order (Kysely orders by time, then name).
 * A new database, or one this build already adopted, is left untouched. Returns what it did.
 */
export async function adoptLegacyHistory(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  migrations: readonly NamedMigration[],
): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const legacy = migrations.slice(0, LEGACY_MIGRATION_COUNT);
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${ADOPTION_LOCK})`.execute(trx);
    const done: string[] = [];
    const recorded = await recordedMigrations(trx);
    for (const row of recorded) {
      const current = legacyNames[row.name];
      if (current === undefined) continue;
      await sql`update kysely_migration set name = ${current} where name = ${row.name}`.execute(trx);
      done.push(`renamed ${row.name} to ${current}`);
      row.name = current;
    }
    const names = new Set(recorded.map((r) => r.name));
    const last = legacy.findLastIndex((m) => names.has(m.name));
    for (const { name, migration } of legacy.slice(0, last + 1)) {
      if (names.has(name)) continue;
      await migration(dialect).up(trx);
      const row = { name, timestamp: new Date().toISOString() };
      await sql`insert into kysely_migration (name, timestamp) values (${row.name}, ${row.timestamp})`.execute(trx);
      recorded.push(row);
      done.push(`applied ${name}, which an older build had skipped`);
    }
    done.push(...(await orderTimestamps(trx, recorded, legacy)));
    return done;
  });
}

async function recordedMigrations(db: Kysely<Database>): Promise<Recorded[]> {
  const { rows } = await sql<Recorded>`select name, timestamp from kysely_migration`.execute(db);
  return rows.map((r) => ({ name: r.name, timestamp: r.timestamp }));
}

/** Raises a legacy row's time to its predecessor's where an older build ran them out of order. */
async function orderTimestamps(
  db: Kysely<Database>,
  recorded: Recorded[],
  legacy: readonly NamedMigration[],
): Promise<string[]> {
  const done: string[] = [];
  let previous = '';
  for (const { name } of legacy) {
    const row = recorded.find((r) => r.name === name);
    if (!row) continue;
    if (previous && Date.parse(row.timestamp) < Date.parse(previous)) {
      await sql`update kysely_migration set timestamp = ${previous} where name = ${name}`.execute(db);
      done.push(`recorded ${name} at ${previous} (was ${row.timestamp}), after the migration before it`);
      row.timestamp = previous;
    }
    previous = row.timestamp;
  }
  return done;
}

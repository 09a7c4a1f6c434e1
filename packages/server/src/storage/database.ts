import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider, type SqlDialectName } from './migrations.ts';
import type { Database } from './schema.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: SqlDialectName;
}

/** Opens (creating if needed) the embedded SQLite database; ':memory:' for tests. */
export function openSqlite(file: string): OpenDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers proceed while a write is in progress; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  // FULL: every commit is on disk before it returns, so an acknowledged chat message ([M1]) and
  // every state change survive a power loss, not only a killed process. Group commit ([M4]) makes
  // that one fsync per batch of messages, not per message: measured within noise of NORMAL
  // (docs/performance.md).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.defaultSafeIntegers(false);
  cachePreparedStatements(sqlite);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}

/**
 * Kysely's SQLite driver prepares every query anew; Parley runs a small set of distinct SQL
 * strings (plus one per chat batch size, [M4]), so prepared statements are kept and reused, the
 * least recently used dropped past 500 (a measured share of the chat path, see
 * docs/performance.md). Parley never streams rows, so a statement is never busy.
 */
function cachePreparedStatements(sqlite: SQLite.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, ReturnType<typeof prepare>>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/** Opens a PostgreSQL pool (production). bigint columns come back as strings; the stores convert. */
export function openPostgres(connectionString: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString, max: 10 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

export async function migrateToLatest({ db, dialect }: OpenDatabase): Promise<void> {
  // Migration numbers are reserved per feature branch and land in any order ('0004_trust' may
  // arrive after '0006_notes' ran), so a missing lower number is applied rather than refused.
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}

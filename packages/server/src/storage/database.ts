import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { SqlDialectName } from './dialect.ts';
import {
  DEFAULT_DB_RETRY_MS,
  DEFAULT_DB_STATEMENT_TIMEOUT_MS,
  RetryingPool,
  withoutStatementTimeout,
} from './postgresPool.ts';
import { migrationProvider, migrations } from './migrations/index.ts';
import { adoptLegacyHistory } from './migrations/legacyNames.ts';
import type { Database } from './schema.ts';
import { configureSqlite } from './sqlite/configure.ts';
import { SqliteWorkerDialect } from './sqlite/workerDialect.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: SqlDialectName;
}

/**
 * Opens (creating if needed) the embedded SQLite database in this thread; ':memory:' for tests.
 * The server uses {@link openSqliteOnWorker}.
 */
export function openSqlite(file: string): OpenDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  configureSqlite(sqlite);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite' };
}

/**
 * The server's embedded database: the same SQLite file and settings, its connection on a worker
 * thread so queries and fsyncs run beside the event loop, not in it (docs/performance.md).
 */
export function openSqliteOnWorker(file: string): OpenDatabase {
  mkdirSync(dirname(file), { recursive: true });
  return { db: new Kysely<Database>({ dialect: new SqliteWorkerDialect({ file }) }), dialect: 'sqlite' };
}

export interface PostgresOptions {
  /** [PL40] How long a storage call waits for a restarting PostgreSQL (ms). */
  retryMs?: number;
  /** [PL41] How long one statement may go unanswered (ms; 0: no limit). */
  statementTimeoutMs?: number;
  warn?: (error: unknown, what: string) => void;
}

/**
 * Opens a PostgreSQL pool (production). bigint columns come back as strings; the stores convert.
 * [PL40] A call rides out a restart for `retryMs`, a transaction cut before COMMIT runs again;
 * [PL41] a statement unanswered for `statementTimeoutMs` fails. See {@link RetryingPool}.
 */
export function openPostgres(
  connectionString: string,
  { retryMs = DEFAULT_DB_RETRY_MS, statementTimeoutMs = DEFAULT_DB_STATEMENT_TIMEOUT_MS, warn }: PostgresOptions = {},
): OpenDatabase {
  // A connect that hangs (a host that drops packets) counts as one failed attempt, not forever.
  const pgPool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000 });
  const pool = new RetryingPool(pgPool, { retryMs, statementTimeoutMs, warn });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

/**
 * [OP1] Names of the migrations this code knows that the database has not run yet. The names are
 * the same for both dialects (only the SQL inside differs), so the dialect is not needed.
 */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Brings the schema up to date. A database migrated by a build from before the renumbering is
 * first adopted (legacy names, skipped migrations: migrations/legacyNames.ts); after that Kysely
 * applies the list in order and refuses a history that is not a prefix of it.
 */
export function migrateToLatest({ db, dialect }: OpenDatabase): Promise<void> {
  // [PL41] A migration over a large table may rightly outlast a request's statement timeout.
  return withoutStatementTimeout(async () => {
    await adoptLegacyHistory(db, dialect, migrations);
    const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  });
}

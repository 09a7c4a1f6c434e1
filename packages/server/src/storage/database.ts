import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider, type SqlDialectName } from './migrations.ts';
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

/** Opens a PostgreSQL pool (production). bigint columns come back as strings; the stores convert. */
export function openPostgres(connectionString: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString, max: 10 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

/**
 * [OP1] Names of the migrations this code knows that the database has not run yet. The names are
 * the same for both dialects (only the SQL inside differs), so the dialect is not needed.
 */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider('sqlite'), allowUnorderedMigrations: true });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

export async function migrateToLatest({ db, dialect }: OpenDatabase): Promise<void> {
  // Migration numbers are reserved per feature branch and land in any order ('0004_trust' may
  // arrive after '0006_notes' ran), so a missing lower number is applied rather than refused.
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}

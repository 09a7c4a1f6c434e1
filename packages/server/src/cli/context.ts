import { loadConfig, type Config } from '../config.ts';
import { systemRuntime, type Runtime } from '../domain/runtime.ts';
import { migrateToLatest, openPostgres, openSqlite } from '../storage/database.ts';
import { sqlStores, type SqlStores } from '../storage/stores.ts';

/** What a subcommand gets: configuration, output, and the database on demand. */
export interface CliContext {
  config: Config;
  runtime: Runtime;
  out: (line: string) => void;
  err: (line: string) => void;
  /**
   * The configured database (PARLEY_DATABASE_URL, else the SQLite file under PARLEY_DATA_DIR),
   * migrated to the latest schema; the caller closes it.
   */
  openStore: () => Promise<{ store: SqlStores; close: () => Promise<void> }>;
}

/** One `npm run parley -- NAME …` subcommand. */
export interface CliCommand {
  /** One line for `npm run parley -- help`. */
  summary: string;
  /** Exit code: 0 done, 1 refused (the reason is printed), 2 wrong usage. */
  run(args: string[], context: CliContext): Promise<number>;
}

export function cliContext(env: NodeJS.ProcessEnv = process.env, runtime: Runtime = systemRuntime): CliContext {
  const config = loadConfig(env);
  return {
    config,
    runtime,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    async openStore() {
      // The server opens SQLite on a worker thread; a one-shot command needs no such thing.
      const database = config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.databaseFile);
      await migrateToLatest(database);
      return {
        store: sqlStores(database.db, () => runtime.clock.now()),
        close: () => database.db.destroy(),
      };
    },
  };
}

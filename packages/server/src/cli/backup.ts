import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../config.ts';

/** How long the backup waits for a writer's lock before giving up (the server commits in ms). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * [OP4] `npm run parley -- backup FILE`: a consistent copy of the running server's SQLite
 * database, taken online with SQLite's backup API (better-sqlite3 `backup()`). The server keeps
 * its own connection on a worker thread; this is a second connection to the same file, which WAL
 * mode allows while the server reads and writes. The copy is written beside FILE and renamed into
 * place only once complete and checked, so FILE is never a half-written backup.
 */
export async function backup(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const [target, ...rest] = args;
  if (!target || rest.length > 0 || target.startsWith('-')) {
    err.write('usage: npm run parley -- backup FILE\n');
    return 2;
  }
  const config = loadConfig(env);
  if (config.databaseUrl) {
    err.write('PARLEY_DATABASE_URL is set: back PostgreSQL up with pg_dump (docs/deploy.md, Operations).\n');
    return 1;
  }
  const file = resolve(target);
  if (existsSync(file)) {
    err.write(`${file} exists: choose a new file name (a backup never overwrites one).\n`);
    return 1;
  }
  if (!existsSync(config.databaseFile)) {
    err.write(`no database at ${config.databaseFile} (set PARLEY_DATA_DIR to the server's data folder)\n`);
    return 1;
  }
  const started = Date.now();
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const source = new SQLite(config.databaseFile, { fileMustExist: true });
  try {
    source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await source.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    err.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    source.close();
  }
  const check = checkBackup(partial);
  if (check !== 'ok') {
    rmSync(partial, { force: true });
    err.write(`the copy failed its integrity check: ${check}\n`);
    return 1;
  }
  renameSync(partial, file);
  const kib = Math.round(statSync(file).size / 1024);
  out.write(`backed up ${config.databaseFile} to ${file} (${kib} KiB, ${Date.now() - started} ms)\n`);
  out.write(`uploaded files are not in it: copy ${config.uploadsDir} and ${config.mediaDir} too\n`);
  return 0;
}

/** SQLite's own integrity check of the copy: `ok`, or what is wrong. */
function checkBackup(file: string): string {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    // A self-contained file: the copy's WAL is folded in and switched off.
    copy.pragma('journal_mode = DELETE');
    return String(copy.pragma('integrity_check', { simple: true }));
  } finally {
    copy.close();
  }
}

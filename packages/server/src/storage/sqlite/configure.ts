import type SQLite from 'better-sqlite3';

/**
 * The one place Parley's SQLite settings live, for the in-process connection (tests) and the
 * worker thread's (the server).
 */
export function configureSqlite(sqlite: SQLite.Database): void {
  // WAL lets readers proceed while a write is in progress; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  // FULL: every commit is on disk before it returns, so an acknowledged chat message ([M1]) and
  // every state change survive a power loss, not only a killed process. Group commit ([M4]) makes
  // that one fsync per batch of messages, not per message (docs/performance.md).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.defaultSafeIntegers(false);
  cachePreparedStatements(sqlite);
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

import { AsyncLocalStorage } from 'node:async_hooks';
import { Transaction, type Kysely } from 'kysely';

/**
 * [PL40] One storage call's wait for PostgreSQL: the first connection it asks for fixes the
 * deadline (`PARLEY_DB_RETRY_MS` from then), and every re-run of the call shares it, so a call
 * that is cut and re-run still gives up within the one limit.
 */
export interface RetryBudget {
  deadline?: number;
}

/** The budget of the transaction being run, if any; read by the PostgreSQL pool (postgresPool.ts). */
export const retryBudget = new AsyncLocalStorage<RetryBudget>();

// A WeakSet, not a property: the error stays the plain coded `storage_unavailable` wherever it goes.
const safeToRerun = new WeakSet<object>();

/**
 * Marks `error` as a failure after which the whole transaction may run again: PostgreSQL is known
 * to have kept none of it (its connection died before COMMIT was sent, which rolls it back).
 */
export function markSafeToRerun<E extends Error>(error: E): E {
  safeToRerun.add(error);
  return error;
}

export function isSafeToRerun(error: unknown): boolean {
  return typeof error === 'object' && error !== null && safeToRerun.has(error);
}

/**
 * Runs `work` in one transaction. [PL40] When the connection dies before COMMIT was sent (the pool
 * marks that failure, within the retry budget), the transaction was rolled back, so the whole of
 * `work` runs again on a fresh connection — never one statement in the middle of it. A failure
 * after COMMIT was sent (the outcome unknown), a bad statement, or the budget spent ends it.
 * `work` must therefore keep its effects inside `trx` (or rebuild them on each run).
 *
 * Over a caller's transaction it runs `work` in that one: Kysely cannot nest transactions, and
 * the caller's own run is the one to repeat.
 */
export function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db instanceof Transaction) return work(db as Transaction<DB>);
  return retryBudget.run({}, async () => {
    for (;;) {
      try {
        return await db.transaction().execute(work);
      } catch (error) {
        if (!isSafeToRerun(error)) throw error;
      }
    }
  });
}

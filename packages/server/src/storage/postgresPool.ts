import { AsyncLocalStorage } from 'node:async_hooks';
import { ParleyError } from '@parley/protocol';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { markSafeToRerun, retryBudget } from './transaction.ts';

/** [PL40] How long a storage call keeps trying while PostgreSQL is away. */
export const DEFAULT_DB_RETRY_MS = 15_000;
/** [PL41] How long one statement may go unanswered before its request gets `storage_unavailable`. */
export const DEFAULT_DB_STATEMENT_TIMEOUT_MS = 10_000;

/**
 * SQLSTATEs and socket errors that mean "the server is not there (now)", not "this statement is
 * wrong": 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
 * shutting down), class 08 (connection exceptions).
 */
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** [PL40] Whether `error` says PostgreSQL (or the way to it) is down rather than the query bad. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_STATES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))) {
    return true;
  }
  // pg's own words for a socket that closed under a query or a client that already lost it.
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i.test(
    error.message,
  );
}

/** [PL41] pg's error for a statement that got no answer within its `query_timeout`. */
export function isStatementTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/** The coded refusal a caller gets once PostgreSQL stayed away or silent too long ([PL40][PL41]). */
export function storageUnavailable(cause: unknown): ParleyError {
  return Object.assign(new ParleyError('storage_unavailable'), { cause });
}

const unbounded = new AsyncLocalStorage<true>();

/**
 * [PL41] Runs `work` with no statement timeout: schema migrations may rightly take longer than a
 * request may wait (an index built over a large table), and nobody waits on them but the start-up.
 */
export function withoutStatementTimeout<T>(work: () => Promise<T>): Promise<T> {
  return unbounded.run(true, work);
}

export interface RetryOptions {
  /** How long a storage call keeps trying to reach PostgreSQL (ms). */
  retryMs: number;
  /** [PL41] How long one statement may go unanswered (ms); 0 or absent: no limit. */
  statementTimeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each failed attempt and about connections PostgreSQL closed or that stopped answering. */
  warn?: (error: unknown, what: string) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * [PL40][PL41] The pg pool as Kysely sees it, made to ride out a PostgreSQL restart or hang:
 * - getting a connection waits and retries with backoff while PostgreSQL refuses or is starting
 *   (safe: nothing was sent yet), until the call's deadline, then fails with `storage_unavailable`;
 * - a statement whose connection died fails with `storage_unavailable`; what may run again is
 *   decided per connection by {@link Checkout}, which sees every statement sent on it;
 * - a statement unanswered for `statementTimeoutMs` fails the same way and its connection is
 *   discarded (what it is doing is unknown), so a frozen PostgreSQL cannot hold a request forever;
 * - an error on an idle or checked-out connection (PostgreSQL closing it) is logged, never
 *   thrown at the process: pg emits it as an 'error' event, which would otherwise kill Node.
 */
export class RetryingPool implements PostgresPool {
  private readonly listened = new WeakSet<pg.PoolClient>();
  readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    readonly options: RetryOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    pool.on('error', (error) => this.options.warn?.(error, 'idle PostgreSQL connection closed'));
  }

  /**
   * A connection for Kysely. Inside {@link inTransaction} the deadline is the transaction's, set by
   * its first attempt and shared by its re-runs; otherwise it runs from now.
   */
  async connect(): Promise<PostgresPoolClient> {
    const budget = retryBudget.getStore();
    const deadline = budget?.deadline ?? this.now() + this.options.retryMs;
    if (budget) budget.deadline = deadline;
    return new Checkout(this, await this.acquire(deadline), deadline) as unknown as PostgresPoolClient;
  }

  /** A pg client, retrying refusals with backoff (up to 1 s apart) until `deadline`. */
  async acquire(deadline: number): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      try {
        const client = await this.pool.connect();
        if (!this.listened.has(client)) {
          this.listened.add(client);
          client.on('error', (error) => this.options.warn?.(error, 'PostgreSQL connection closed while in use'));
        }
        return client;
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        const wait = Math.min(100 * 2 ** attempt, 1_000, deadline - this.now());
        if (wait <= 0) throw storageUnavailable(error);
        this.options.warn?.(error, 'PostgreSQL unreachable: retrying');
        await this.sleep(wait);
      }
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

// The statements Kysely sends to run a transaction (postgres-driver: `begin` or `start
// transaction …`, `commit`, `rollback`; savepoints stay inside the transaction).
const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const COMMIT = /^\s*(commit|end)\b/i;
const ROLLBACK = /^\s*(rollback|abort)\b(?!\s+to\b)/i;
// An autocommit SELECT changes nothing, so running it twice is harmless.
const READ = /^\s*select\b/i;

/** Where the connection's transaction stands, as far as what was sent on it tells. */
type TransactionState = 'none' | 'open' | 'committing';

/**
 * [PL40] One checkout of a pg client, as Kysely's connection. It follows the transaction from the
 * statements sent, so that when the connection dies it knows what PostgreSQL kept:
 * - before COMMIT was sent (BEGIN, a statement inside, ROLLBACK): nothing — PostgreSQL rolls an
 *   open transaction back when its connection goes — so the error is marked safe to re-run and
 *   {@link inTransaction} runs the whole transaction again (while the budget lasts);
 * - COMMIT sent and no answer, or an autocommit write sent: unknown — plain `storage_unavailable`,
 *   callers resend idempotently (chat by its client id, [M1]);
 * - an autocommit SELECT: re-run here at once on a fresh connection, within the deadline.
 * A dead or timed-out connection is never used again: later statements fail without being sent,
 * ROLLBACK is answered locally (discarding the connection rolls back), and release() hands the
 * error to pg's pool, which then closes the client instead of keeping it.
 * One per checkout, not per pg client: the transaction state belongs to one use of a client, and a
 * read may move to another client midway (Kysely keys its connection object on this one).
 */
class Checkout {
  private state: TransactionState = 'none';
  private broken: Error | undefined;

  constructor(
    private readonly pool: RetryingPool,
    private client: pg.PoolClient | undefined,
    private readonly deadline: number,
  ) {}

  query(sqlOrCursor: string | object, parameters?: readonly unknown[]): unknown {
    // A cursor (streaming) goes through as is: its errors come with the rows it reads.
    if (typeof sqlOrCursor !== 'string')
      return (this.client as unknown as { query(c: object): unknown }).query(sqlOrCursor);
    return this.run(sqlOrCursor, parameters ?? []);
  }

  release(): void {
    // Undefined when a read's fresh connection could not be had: the dead one went back already.
    this.client?.release(this.broken);
    this.client = undefined;
  }

  private async run(sql: string, parameters: readonly unknown[]): Promise<pg.QueryResult> {
    for (;;) {
      if (this.broken && ROLLBACK.test(sql)) {
        this.state = 'none';
        return { command: 'ROLLBACK', rowCount: null, rows: [], fields: [], oid: 0 };
      }
      const failure = this.broken ?? (await this.send(sql, parameters));
      if (!(failure instanceof Error)) return failure;
      const timedOut = isStatementTimeout(failure);
      if (!timedOut && !isConnectionFailure(failure)) {
        if (ROLLBACK.test(sql)) this.state = 'none';
        throw failure;
      }
      const rerun = !timedOut && this.keptNothing(sql);
      if (!this.broken) {
        this.broken = failure;
        // A lost connection is logged by its 'error' event; a silent one has none.
        if (timedOut) this.pool.options.warn?.(failure, 'PostgreSQL did not answer: connection discarded');
      }
      // Past the deadline nothing runs again, even on a PostgreSQL that accepts connections anew.
      const inTime = this.pool.now() < this.deadline;
      if (rerun && inTime && this.state === 'none' && READ.test(sql)) {
        this.client?.release(failure);
        this.client = undefined;
        this.client = await this.pool.acquire(this.deadline);
        this.broken = undefined;
        continue;
      }
      // [PL41] A timeout is not re-run: a server that stopped answering is hung, not restarting,
      // and waiting again would stretch the bound the operator set.
      const error = storageUnavailable(failure);
      if (!(rerun && inTime)) throw error;
      this.pool.options.warn?.(failure, 'PostgreSQL connection lost before COMMIT: the transaction runs again');
      throw markSafeToRerun(error);
    }
  }

  /** Sends one statement and follows the transaction; a failure is returned, not thrown. */
  private async send(sql: string, parameters: readonly unknown[]): Promise<pg.QueryResult | Error> {
    const committing = COMMIT.test(sql);
    if (committing) this.state = 'committing';
    const client = this.client;
    if (!client) throw new Error('PostgreSQL connection used after its release');
    const timeoutMs = unbounded.getStore() ? 0 : (this.pool.options.statementTimeoutMs ?? 0);
    try {
      const result =
        timeoutMs > 0
          ? await client.query({
              text: sql,
              values: parameters as unknown[],
              query_timeout: timeoutMs,
            } as pg.QueryConfig)
          : await client.query(sql, parameters as unknown[]);
      if (BEGIN.test(sql)) this.state = 'open';
      else if (committing || ROLLBACK.test(sql)) this.state = 'none';
      return result;
    } catch (error) {
      if (error instanceof Error) return error;
      throw error;
    }
  }

  /** Whether PostgreSQL surely kept nothing of `sql` (and its transaction) when the connection died. */
  private keptNothing(sql: string): boolean {
    if (this.state === 'committing') return false;
    if (this.state === 'open' || BEGIN.test(sql)) return true;
    return READ.test(sql);
  }
}

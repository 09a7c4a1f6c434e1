import { ParleyError } from '@parley/protocol';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** [PL40] How long getting a PostgreSQL connection keeps trying while the server is away. */
export const DEFAULT_DB_RETRY_MS = 15_000;

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

/** The coded refusal a caller gets once PostgreSQL stayed away too long ([PL40]). */
export function storageUnavailable(cause: unknown): ParleyError {
  return Object.assign(new ParleyError('storage_unavailable'), { cause });
}

export interface RetryOptions {
  /** How long to keep trying to get a connection (ms). */
  retryMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each failed attempt and about idle connections PostgreSQL closed. */
  warn?: (error: unknown, what: string) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * [PL40] The pg pool as Kysely sees it, made to ride out a PostgreSQL restart:
 * - getting a connection waits and retries with backoff while PostgreSQL refuses or is starting
 *   (safe: nothing was sent yet), up to `retryMs`, then fails with `storage_unavailable`;
 * - a statement whose connection died fails with `storage_unavailable` and is NOT re-run here:
 *   whether it (or its COMMIT) took effect is unknown. Callers that resend (chat, [M1][M3]) are
 *   idempotent; a transaction that failed before COMMIT was rolled back by PostgreSQL;
 * - an error on an idle or checked-out connection (PostgreSQL closing it) is logged, never
 *   thrown at the process: pg emits it as an 'error' event, which would otherwise kill Node.
 */
export class RetryingPool implements PostgresPool {
  private readonly clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RetryOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    pool.on('error', (error) => this.options.warn?.(error, 'idle PostgreSQL connection closed'));
  }

  async connect(): Promise<PostgresPoolClient> {
    const deadline = this.now() + this.options.retryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return this.wrap(await this.pool.connect());
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

  /** One wrapper per pg client, so Kysely keeps one connection object per client as before. */
  private wrap(client: pg.PoolClient): PostgresPoolClient {
    const known = this.clients.get(client);
    if (known) return known;
    client.on('error', (error) => this.options.warn?.(error, 'PostgreSQL connection closed while in use'));
    const query = async (sql: string, parameters: readonly unknown[]): Promise<pg.QueryResult> => {
      try {
        return await client.query(sql, parameters as unknown[]);
      } catch (error) {
        throw isConnectionFailure(error) ? storageUnavailable(error) : error;
      }
    };
    const wrapped = {
      // A cursor (streaming) goes through as is: its errors come with the rows it reads.
      query: (sqlOrCursor: string | object, parameters?: readonly unknown[]) =>
        typeof sqlOrCursor === 'string'
          ? query(sqlOrCursor, parameters ?? [])
          : (client as unknown as { query(cursor: object): unknown }).query(sqlOrCursor),
      release: () => client.release(),
    } as unknown as PostgresPoolClient;
    this.clients.set(client, wrapped);
    return wrapped;
  }
}

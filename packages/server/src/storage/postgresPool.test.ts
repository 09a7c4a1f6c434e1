import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isParleyError } from '@parley/protocol';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure, RetryingPool, withoutStatementTimeout } from './postgresPool.ts';
import { inTransaction } from './transaction.ts';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

/** A pg.Pool stand-in whose connect() fails with `failures` in turn, then hands out a client. */
function fakePool(failures: Error[], queryError?: Error) {
  const pool = new EventEmitter() as EventEmitter & { connect(): Promise<unknown>; end(): Promise<void> };
  let connects = 0;
  const client = Object.assign(new EventEmitter(), {
    query: () => (queryError ? Promise.reject(queryError) : Promise.resolve({ rows: [{ one: 1 }] })),
    release: () => undefined,
  });
  pool.connect = () => {
    const failure = failures[connects++];
    return failure ? Promise.reject(failure) : Promise.resolve(client);
  };
  pool.end = () => Promise.resolve();
  return { pool: pool as unknown as pg.Pool, client, connects: () => connects };
}

/** A clock that sleeping advances: no real waits. */
function fakeTime() {
  let now = 0;
  return { now: () => now, sleep: (ms: number) => Promise.resolve(void (now += ms)) };
}

describe('[PL40] RetryingPool', () => {
  it('[PL40] classifies PostgreSQL restarts and unreachable servers, not bad statements', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', 'ECONNREFUSED']) {
      expect(isConnectionFailure(coded(code))).toBe(true);
    }
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionFailure(coded('23505'))).toBe(false);
    expect(isConnectionFailure(coded('42P01'))).toBe(false);
  });

  it('[PL40] getting a connection waits out refusals and a starting server, then succeeds', async () => {
    const fake = fakePool([coded('ECONNREFUSED'), coded('57P03'), coded('ECONNREFUSED')]);
    const retrying = new RetryingPool(fake.pool, { retryMs: 15_000, ...fakeTime() });
    const client = await retrying.connect();
    expect(fake.connects()).toBe(4);
    expect(await client.query('select 1', [])).toEqual({ rows: [{ one: 1 }] });
  });

  it('[PL40] after the limit: storage_unavailable, with the cause kept', async () => {
    const fake = fakePool(Array.from({ length: 100 }, () => coded('ECONNREFUSED')));
    const time = fakeTime();
    const retrying = new RetryingPool(fake.pool, { retryMs: 3000, ...time });
    const error = await retrying.connect().catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('storage_unavailable');
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(time.now()).toBe(3000);
  });

  it('[PL40] a bad statement or a login refused is not retried', async () => {
    const fake = fakePool([coded('28P01', 'password authentication failed')]);
    const retrying = new RetryingPool(fake.pool, { retryMs: 15_000, ...fakeTime() });
    await expect(retrying.connect()).rejects.toMatchObject({ code: '28P01' });
    expect(fake.connects()).toBe(1);
    const broken = fakePool([], coded('42P01', 'relation does not exist'));
    const client = await new RetryingPool(broken.pool, { retryMs: 15_000, ...fakeTime() }).connect();
    await expect(client.query('select', [])).rejects.toMatchObject({ code: '42P01' });
  });

  it('[PL40] a statement whose connection died fails coded, once; connection errors never reach the process', async () => {
    const fake = fakePool([], new Error('Connection terminated unexpectedly'));
    const warned: string[] = [];
    const retrying = new RetryingPool(fake.pool, {
      retryMs: 15_000,
      ...fakeTime(),
      warn: (_e, what) => warned.push(what),
    });
    const client = await retrying.connect();
    const error = await client.query('insert', []).catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('storage_unavailable');
    // Without listeners these 'error' events would throw (and end the process).
    (fake.pool as unknown as EventEmitter).emit('error', coded('57P01'));
    fake.client.emit('error', coded('57P01'));
    expect(warned).toEqual(['idle PostgreSQL connection closed', 'PostgreSQL connection closed while in use']);
  });
});

type Answer = Error | 'hang' | undefined;

/**
 * A pg.Pool stand-in for whole transactions through Kysely: each connect() hands out a new
 * numbered client (or fails with `refuse(n)`); `answer(sql, client)` fails a statement, hangs it,
 * or lets it succeed. Every statement sent and every release is recorded.
 */
function scriptedPool(
  answer: (sql: string, client: number) => Answer,
  refuse: (n: number) => Error | undefined = () => undefined,
) {
  const sent: string[] = [];
  const released: (string | undefined)[] = [];
  const timeouts: (number | undefined)[] = [];
  const pool = new EventEmitter() as EventEmitter & { connect(): Promise<unknown>; end(): Promise<void> };
  let connects = 0;
  pool.connect = () => {
    const n = connects++;
    const refusal = refuse(n);
    if (refusal) return Promise.reject(refusal);
    const client = Object.assign(new EventEmitter(), {
      query: (config: string | { text: string; query_timeout?: number }) => {
        const sql = typeof config === 'string' ? config : config.text;
        const timeout = typeof config === 'string' ? undefined : config.query_timeout;
        sent.push(`${n}: ${sql}`);
        timeouts.push(timeout);
        const outcome = answer(sql, n);
        // pg's own behaviour: with query_timeout a silent server gives this error, without it nothing.
        if (outcome === 'hang')
          return timeout ? Promise.reject(new Error('Query read timeout')) : new Promise(() => {});
        if (outcome) return Promise.reject(outcome);
        return Promise.resolve({ command: sql.split(' ')[0]?.toUpperCase(), rowCount: 1, rows: [{ n }] });
      },
      release: (error?: Error) => void released.push(`${n}${error ? ` (${error.message})` : ''}`),
    });
    return Promise.resolve(client);
  };
  pool.end = () => Promise.resolve();
  return { pool: pool as unknown as pg.Pool, sent, released, timeouts, connects: () => connects };
}

interface Db {
  items: { id: string };
}
const kysely = (pool: RetryingPool) => new Kysely<Db>({ dialect: new PostgresDialect({ pool }) });
const dead = () => new Error('Connection terminated unexpectedly');
const codeOf = (error: unknown) => (isParleyError(error) ? error.code : error);

describe('[PL40] a transaction cut before COMMIT runs again', () => {
  /** The write every case runs: a read, then an insert, in one transaction; counts its runs. */
  const write = (db: Kysely<Db>) => {
    let runs = 0;
    const done = inTransaction(db, async (trx) => {
      runs++;
      await trx.selectFrom('items').selectAll().execute();
      await trx.insertInto('items').values({ id: 'a' }).execute();
      return 'stored';
    });
    return { done, runs: () => runs };
  };

  it('[PL40] the connection dies inside the transaction: the whole transaction runs again on a fresh connection', async () => {
    const fake = scriptedPool((sql, n) => (n === 0 && /^(insert|rollback)/.test(sql) ? dead() : undefined));
    const warned: string[] = [];
    const pool = new RetryingPool(fake.pool, { retryMs: 3000, ...fakeTime(), warn: (_e, what) => warned.push(what) });
    const { done, runs } = write(kysely(pool));
    expect(await done).toBe('stored');
    expect(warned).toEqual(['PostgreSQL connection lost before COMMIT: the transaction runs again']);
    expect(runs()).toBe(2);
    expect(fake.sent.filter((s) => s.startsWith('1:'))).toEqual([
      '1: begin',
      '1: select * from "items"',
      '1: insert into "items" ("id") values ($1)',
      '1: commit',
    ]);
    // The dead client is handed back with its error, so pg's pool closes it instead of keeping it.
    expect(fake.released).toEqual(['0 (Connection terminated unexpectedly)', '1']);
  });

  it('[PL40] BEGIN itself cut: run again too (nothing was started)', async () => {
    const fake = scriptedPool((sql, n) => (n === 0 && sql === 'begin' ? coded('57P01') : undefined));
    const { done, runs } = write(kysely(new RetryingPool(fake.pool, { retryMs: 3000, ...fakeTime() })));
    expect(await done).toBe('stored');
    expect(runs()).toBe(1);
    expect(fake.connects()).toBe(2);
  });

  it('[PL40] the connection dies after COMMIT was sent: not run again, storage_unavailable (outcome unknown)', async () => {
    const fake = scriptedPool((sql, n) => (n === 0 && /^(commit|rollback)/.test(sql) ? dead() : undefined));
    const { done, runs } = write(kysely(new RetryingPool(fake.pool, { retryMs: 3000, ...fakeTime() })));
    expect(codeOf(await done.catch((e: unknown) => e))).toBe('storage_unavailable');
    expect(runs()).toBe(1);
    expect(fake.connects()).toBe(1);
    expect(fake.sent.at(-1)).toBe('0: commit'); // and no ROLLBACK sent on the dead connection
  });

  it('[PL40] a bad statement is not run again', async () => {
    const fake = scriptedPool((sql) => (sql.startsWith('insert') ? coded('23505', 'duplicate key') : undefined));
    const { done, runs } = write(kysely(new RetryingPool(fake.pool, { retryMs: 3000, ...fakeTime() })));
    await expect(done).rejects.toMatchObject({ code: '23505' });
    expect(runs()).toBe(1);
    expect(fake.sent.at(-1)).toBe('0: rollback');
  });

  it('[PL40] budget spent: PostgreSQL stays away after the cut → storage_unavailable at the limit, counted from the first attempt', async () => {
    const time = fakeTime();
    const fake = scriptedPool(
      (sql, n) => (n === 0 && sql.startsWith('insert') ? (time.sleep(500), dead()) : undefined),
      (n) => (n > 0 ? coded('ECONNREFUSED') : undefined),
    );
    const { done, runs } = write(kysely(new RetryingPool(fake.pool, { retryMs: 3000, ...time })));
    const error = await done.catch((e: unknown) => e);
    expect(codeOf(error)).toBe('storage_unavailable');
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(runs()).toBe(1);
    expect(time.now()).toBe(3000);
  });

  it('[PL40] budget spent: a connection that keeps dying inside the transaction stops being re-run at the limit', async () => {
    const time = fakeTime();
    const fake = scriptedPool((sql) => (sql.startsWith('insert') ? (time.sleep(1000), dead()) : undefined));
    const { done, runs } = write(kysely(new RetryingPool(fake.pool, { retryMs: 3000, ...time })));
    expect(codeOf(await done.catch((e: unknown) => e))).toBe('storage_unavailable');
    expect(runs()).toBe(3);
    expect(time.now()).toBe(3000);
  });
});

describe('[PL40] statements outside a transaction', () => {
  it('[PL40] a read whose connection died is re-run on a fresh connection; a write is not', async () => {
    const fake = scriptedPool((_sql, n) => (n === 0 ? dead() : undefined));
    const db = kysely(new RetryingPool(fake.pool, { retryMs: 3000, ...fakeTime() }));
    expect(await db.selectFrom('items').selectAll().execute()).toEqual([{ n: 1 }]);
    expect(fake.released).toEqual(['0 (Connection terminated unexpectedly)', '1']);

    const writes = scriptedPool(() => dead());
    const other = kysely(new RetryingPool(writes.pool, { retryMs: 3000, ...fakeTime() }));
    const error = await other
      .insertInto('items')
      .values({ id: 'a' })
      .execute()
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('storage_unavailable');
    expect(writes.sent).toEqual(['0: insert into "items" ("id") values ($1)']);
  });

  it('[PL40] a read re-run gives up at the limit', async () => {
    const time = fakeTime();
    const fake = scriptedPool(
      () => dead(),
      (n) => (n > 0 ? coded('57P03') : undefined),
    );
    const db = kysely(new RetryingPool(fake.pool, { retryMs: 2000, ...time }));
    expect(
      codeOf(
        await db
          .selectFrom('items')
          .selectAll()
          .execute()
          .catch((e: unknown) => e),
      ),
    ).toBe('storage_unavailable');
    expect(time.now()).toBe(2000);
    expect(fake.released).toEqual(['0 (Connection terminated unexpectedly)']);

    // A PostgreSQL that takes connections but drops each read: re-run until the limit, not on.
    const flapping = fakeTime();
    const drops = scriptedPool(() => (flapping.sleep(1000), dead()));
    const other = kysely(new RetryingPool(drops.pool, { retryMs: 3000, ...flapping }));
    expect(
      codeOf(
        await other
          .selectFrom('items')
          .selectAll()
          .execute()
          .catch((e: unknown) => e),
      ),
    ).toBe('storage_unavailable');
    expect(drops.sent).toHaveLength(3);
    expect(flapping.now()).toBe(3000);
  });
});

describe('[PL41] a PostgreSQL that does not answer', () => {
  it('[PL41] a statement unanswered within the timeout: storage_unavailable, not re-run, its connection discarded', async () => {
    const fake = scriptedPool((sql, n) => (n === 0 && sql.startsWith('insert') ? 'hang' : undefined));
    const warned: string[] = [];
    const pool = new RetryingPool(fake.pool, {
      retryMs: 3000,
      statementTimeoutMs: 2000,
      ...fakeTime(),
      warn: (_e, what) => warned.push(what),
    });
    let runs = 0;
    const error = await inTransaction(kysely(pool), async (trx) => {
      runs++;
      await trx.insertInto('items').values({ id: 'a' }).execute();
    }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('storage_unavailable');
    expect((error as Error).cause).toMatchObject({ message: 'Query read timeout' });
    expect(runs).toBe(1);
    expect(fake.timeouts).toEqual([2000, 2000]);
    // No ROLLBACK queued behind the silent statement; the client goes back with the error.
    expect(fake.sent).toEqual(['0: begin', '0: insert into "items" ("id") values ($1)']);
    expect(fake.released).toEqual(['0 (Query read timeout)']);
    expect(warned).toEqual(['PostgreSQL did not answer: connection discarded']);
  });

  it('[PL41] migrations run without the timeout', async () => {
    const fake = scriptedPool(() => undefined);
    const db = kysely(new RetryingPool(fake.pool, { retryMs: 3000, statementTimeoutMs: 2000, ...fakeTime() }));
    await withoutStatementTimeout(() => db.selectFrom('items').selectAll().execute());
    await db.selectFrom('items').selectAll().execute();
    expect(fake.timeouts).toEqual([undefined, 2000]);
  });
});

describe('[PL40] every store transaction can run again', () => {
  it('[PL40] storage code opens transactions only through inTransaction', () => {
    const dir = import.meta.dirname;
    const offenders = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'transaction.ts')
      // Kysely's migrator and the legacy adoption run once at start-up, before any request.
      .filter((file) => !file.startsWith('migrations'))
      .filter((file) => /\.transaction\(\)/.test(readFileSync(join(dir, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

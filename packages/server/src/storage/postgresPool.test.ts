import { EventEmitter } from 'node:events';
import { isParleyError } from '@parley/protocol';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure, RetryingPool } from './postgresPool.ts';

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

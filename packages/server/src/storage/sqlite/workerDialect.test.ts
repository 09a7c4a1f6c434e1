import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, openSqliteOnWorker } from '../database.ts';

interface Db {
  items: { id: number; name: string };
}

describe('SQLite on a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-worker-'));
  const file = join(dir, 'test.sqlite');
  let db: Kysely<Db>;

  beforeAll(async () => {
    db = openSqliteOnWorker(file).db as unknown as Kysely<Db>;
    await sql`create table items (id integer primary key, name text not null unique)`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pipelines queries outside a transaction and answers them in the order they were sent', async () => {
    const inserts = Array.from({ length: 50 }, (_, i) =>
      db
        .insertInto('items')
        .values({ id: i, name: `n${i}` })
        .executeTakeFirst(),
    );
    const count = db
      .selectFrom('items')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await Promise.all(inserts)).map((r) => Number(r.insertId))).toEqual([...Array(50).keys()]);
    // Sent after the inserts without waiting for them, it still sees all of them.
    expect((await count).n).toBe(50);
  });

  it('keeps other queries out of an open transaction, so a rollback takes back only its own writes', async () => {
    let releaseTransaction = (): void => undefined;
    const held = new Promise<void>((r) => (releaseTransaction = r));
    const transaction = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('items').values({ id: 100, name: 'inside' }).execute();
        await held;
        throw new Error('roll back');
      })
      .catch((e: unknown) => (e as Error).message);
    await new Promise((r) => setImmediate(r));
    // Issued while the transaction is open: it must not run inside it.
    const outside = db.insertInto('items').values({ id: 101, name: 'outside' }).execute();
    releaseTransaction();
    expect(await transaction).toBe('roll back');
    await outside;
    const names = await db.selectFrom('items').select('name').where('id', '>=', 100).orderBy('id').execute();
    expect(names.map((r) => r.name)).toEqual(['outside']);
  });

  it('reports SQLite errors with their code, and the connection goes on working', async () => {
    const error = await db
      .insertInto('items')
      .values({ id: 200, name: 'n1' })
      .execute()
      .catch((e: unknown) => e as Error & { code?: string });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(await db.selectFrom('items').select('name').where('id', '=', 1).executeTakeFirst()).toEqual({ name: 'n1' });
  });

  it('writes a file that an in-process connection reads, with the same settings', async () => {
    const reader = openSqlite(file).db as unknown as Kysely<Db>;
    try {
      const row = await reader.selectFrom('items').select('name').where('id', '=', 101).executeTakeFirst();
      expect(row).toEqual({ name: 'outside' });
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await reader.destroy();
    }
  });

  it('fails clearly, and does not hang, when the worker cannot open the database', async () => {
    // A directory is not a database file: the worker dies while opening it.
    const broken = openSqliteOnWorker(join(dir, 'a-directory', 'x.sqlite')).db;
    mkdirSync(join(dir, 'a-directory', 'x.sqlite'), { recursive: true });
    await expect(sql`select 1`.execute(broken)).rejects.toThrow();
    await expect(sql`select 1`.execute(broken)).rejects.toThrow();
    await broken.destroy();
  });
});

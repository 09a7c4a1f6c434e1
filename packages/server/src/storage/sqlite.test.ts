import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqlite, openSqliteOnWorker } from './database.ts';
import { storeContract } from './store.contract.ts';

storeContract('SQLite', () => Promise.resolve(openSqlite(':memory:')));

// The server's own arrangement: a database file, its connection on a worker thread.
const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
storeContract('SQLite on a worker thread', () => Promise.resolve(openSqliteOnWorker(join(dir, 'parley.sqlite'))));

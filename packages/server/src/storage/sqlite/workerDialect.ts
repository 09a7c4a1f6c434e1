import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { QueryReply, QueryRequest, WorkerOptions } from './protocol.ts';

/**
 * A Kysely dialect whose SQLite connection lives on a worker thread (sqlite/worker.ts), so the
 * server's event loop never waits on SQLite or on a commit's fsync.
 *
 * Queries outside a transaction are pipelined: each is posted at once and the worker runs them in
 * arrival order, so the server does not wait a round trip per query. A transaction owns the
 * connection from BEGIN to COMMIT/ROLLBACK; queries from elsewhere wait until it ends, as they did
 * behind Kysely's own single-connection mutex.
 */
export class SqliteWorkerDialect implements Dialect {
  constructor(private readonly options: WorkerOptions) {}
  createDriver(): Driver {
    return new SqliteWorkerDriver(this.options);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

class SqliteWorkerDriver implements Driver {
  private worker?: Worker;
  private exited: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<number, { resolve: (r: QueryReply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure?: Error;
  /** The connection inside a transaction, and a promise that settles when it ends. */
  private owner?: WorkerConnection;
  private ownerEnded: Promise<void> = Promise.resolve();
  private endOwner = (): void => undefined;

  constructor(private readonly options: WorkerOptions) {}

  async init(): Promise<void> {
    const worker = runningFromSource
      ? new Worker(bootTypeScript(new URL('./worker.ts', import.meta.url)), { eval: true, workerData: this.options })
      : new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: this.options });
    worker.on('message', (reply: QueryReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.on('error', (error: Error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the SQLite worker exited (code ${code})`)));
    this.worker = worker;
    // The first query fails clearly if the file cannot be opened, before the server listens.
    await this.post({ sql: 'select 1', parameters: [] });
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new WorkerConnection(this));
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    while (this.owner) await this.ownerEnded;
    if (!(connection instanceof WorkerConnection)) throw new Error('not a connection of this driver');
    this.owner = connection;
    this.ownerEnded = new Promise((resolve) => (this.endOwner = resolve));
    await this.run(connection, 'begin');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.endTransaction(connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.endTransaction(connection, 'rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.run(connection, `savepoint ${quoteName(name)}`);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.run(connection, `rollback to ${quoteName(name)}`);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.run(connection, `release ${quoteName(name)}`);
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.postMessage('close'); // ignored by a worker that has already exited
    await this.exited;
  }

  /** Runs a query for `connection`: at once if it owns the transaction or none is open. */
  async execute(connection: WorkerConnection, compiled: CompiledQuery): Promise<QueryResult<unknown>> {
    while (this.owner && this.owner !== connection) await this.ownerEnded;
    const reply = await this.post({ sql: compiled.sql, parameters: compiled.parameters });
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), reply.error);
    if ('changes' in reply) {
      return { rows: [], numAffectedRows: BigInt(reply.changes), insertId: BigInt(reply.lastInsertRowid) };
    }
    return { rows: reply.rows };
  }

  private async endTransaction(connection: DatabaseConnection, sql: 'commit' | 'rollback'): Promise<void> {
    try {
      await this.run(connection, sql);
    } finally {
      this.owner = undefined;
      this.endOwner();
    }
  }

  private async run(connection: DatabaseConnection, sql: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(sql));
  }

  private post(request: Omit<QueryRequest, 'id'>): Promise<QueryReply> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the SQLite worker is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request } satisfies QueryRequest);
    });
  }

  /** A crashed worker fails every waiting query and every later one, loudly. */
  private fail(error: Error): void {
    if (!this.worker) return; // closed on purpose
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly driver: SqliteWorkerDriver) {}
  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute(this, compiled) as Promise<QueryResult<R>>;
  }
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Parley never streams rows from SQLite');
  }
}

/**
 * [OP5] From source (tsx, vitest) this module is a .ts file; compiled, it is part of the bundle
 * `dist/main.js`, and the build puts the worker beside it as `dist/sqlite-worker.js`.
 */
const runningFromSource = import.meta.url.endsWith('.ts');

/**
 * The worker is TypeScript like the rest of the server. Node 20 cannot start a worker from a .ts
 * file (not even with `--import tsx` in its execArgv), so a two-line script registers tsx's loader
 * in the worker and then imports it.
 */
function bootTypeScript(entry: URL): string {
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { configureSqlite } from './configure.ts';
import type { QueryReply, QueryRequest, WorkerOptions } from './protocol.ts';

/**
 * The SQLite connection of a running server, on its own thread: SQLite's work and each commit's
 * fsync ([M4], `synchronous = FULL`) no longer stop the event loop that relays signalling.
 * Requests are answered strictly in the order they arrive.
 */
const { file } = workerData as WorkerOptions;
const sqlite = new SQLite(file);
configureSqlite(sqlite);

function execute({ id, sql, parameters }: QueryRequest): QueryReply {
  try {
    const statement = sqlite.prepare(sql);
    if (statement.reader) return { id, rows: statement.all(parameters) as Record<string, unknown>[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { id, rows: [], changes, lastInsertRowid };
  } catch (error) {
    const { name, message, code } = error as Error & { code?: string };
    return { id, error: { name, message, code } };
  }
}

parentPort?.on('message', (request: QueryRequest | 'close') => {
  if (request === 'close') {
    sqlite.close();
    parentPort?.close();
    return;
  }
  parentPort?.postMessage(execute(request));
});

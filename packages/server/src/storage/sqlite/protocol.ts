/** Messages between the server's thread and the SQLite worker thread (sqlite/worker.ts). */
export interface QueryRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

export type QueryReply =
  | { id: number; rows: Record<string, unknown>[] }
  | { id: number; rows: []; changes: number; lastInsertRowid: number | bigint }
  | { id: number; error: { name: string; message: string; code?: string } };

export interface WorkerOptions {
  file: string;
}

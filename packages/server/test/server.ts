import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { Kysely } from 'kysely';
import {
  ConsultantClient,
  VisitorClient,
  login,
  type ConsultantState,
  type SocketFactory,
  type VisitorState,
} from '@parley/client';
import { build } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { ensureDemoTenant } from '../src/domain/tenants/demo.ts';
import { FakeRuntime, type Runtime } from '../src/domain/runtime.ts';
import { migrateToLatest, openSqlite, type OpenDatabase } from '../src/storage/database.ts';
import { sqlStores } from '../src/storage/stores.ts';
import type { Database } from '../src/storage/schema.ts';
import { MemoryBlobStore } from '../src/storage/blobs.ts';
import type { BlobStore } from '../src/domain/media/supportVideos.ts';
import type { Sfu } from '../src/domain/media/sfu.ts';

export const DEMO = { email: 'consultant@demo.parley', password: 'parley-demo' };

export interface TestServer {
  baseUrl: string;
  runtime: Runtime;
  config: Config;
  services: Awaited<ReturnType<typeof build>>['services'];
  app: Awaited<ReturnType<typeof build>>['app'];
  /** The server's database, for tests that look at or break storage directly. */
  db: Kysely<Database>;
  /** Every route the server registered (method, URL pattern). */
  routes: Awaited<ReturnType<typeof build>>['routes'];
  close(): Promise<void>;
}

/**
 * A real Parley server on a random port with the demo tenant, on in-memory SQLite unless given a
 * database (which it migrates, and closes with the server).
 */
export async function startServer(
  options: {
    runtime?: Runtime;
    config?: Partial<Config>;
    blobs?: BlobStore;
    sfu?: Sfu | null;
    database?: OpenDatabase;
  } = {},
): Promise<TestServer> {
  const runtime = options.runtime ?? new FakeRuntime(Date.now());
  const config = { ...loadConfig({}), ...options.config };
  const database = options.database ?? openSqlite(':memory:');
  await migrateToLatest(database);
  await ensureDemoTenant(
    sqlStores(database.db, () => runtime.clock.now()),
    runtime,
    DEMO,
  );
  const { app, services, routes } = await build({
    config,
    db: database.db,
    runtime,
    logger: false,
    blobs: options.blobs ?? new MemoryBlobStore(),
    ...(options.sfu === undefined ? {} : { sfu: options.sfu }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo; // listening on TCP, never a pipe
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    runtime,
    config,
    services,
    app,
    routes,
    db: database.db,
    close: async () => {
      await app.close();
      await database.db.destroy();
    },
  };
}

export function nodeSockets(cookie?: string, userAgent?: string): SocketFactory {
  const headers = { ...(cookie ? { cookie } : {}), ...(userAgent ? { 'user-agent': userAgent } : {}) };
  return (url) => new WebSocket(url, { headers });
}

/** Logs in over HTTP and returns the session cookie, as a browser would keep it. */
export async function loginCookie(baseUrl: string, email = DEMO.email, password = DEMO.password): Promise<string> {
  let cookie = '';
  await login(baseUrl, email, password, async (input, init) => {
    const response = await fetch(input, init);
    cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return response;
  });
  return cookie;
}

export async function consultant(server: TestServer): Promise<ConsultantClient> {
  const client = new ConsultantClient({
    baseUrl: server.baseUrl,
    socketFactory: nodeSockets(await loginCookie(server.baseUrl)),
  });
  client.connect();
  await until(client, (s) => s.status === 'open');
  return client;
}

export function visitor(
  server: TestServer,
  storage = new Map<string, string>(),
  linkKey = 'demo-help',
  userAgent?: string,
): VisitorClient {
  const client = new VisitorClient({
    baseUrl: server.baseUrl,
    linkKey,
    socketFactory: nodeSockets(undefined, userAgent),
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
  });
  client.connect();
  return client;
}

/** Resolves as soon as the client's state satisfies the predicate (event-driven, no polling). */
export function until(client: VisitorClient, predicate: (state: VisitorState) => boolean): Promise<VisitorState>;
export function until(
  client: ConsultantClient,
  predicate: (state: ConsultantState) => boolean,
): Promise<ConsultantState>;
export function until(
  client: VisitorClient | ConsultantClient,
  predicate: (state: never) => boolean,
): Promise<VisitorState | ConsultantState> {
  const test = predicate as (state: VisitorState | ConsultantState) => boolean;
  if (test(client.state)) return Promise.resolve(client.state);
  return new Promise((resolve) => {
    const off = (client as VisitorClient).on('change', (state) => {
      if (!test(state)) return;
      off();
      resolve(state);
    });
  });
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCodes } from '@parley/protocol';
import { ConsultantClient, VisitorClient, type ReconnectPolicy, type SocketFactory } from '@parley/client';
import { ChildServer, freePort } from './childServer.ts';
import { loginCookie, until } from './server.ts';

const children: ChildServer[] = [];
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const child of children.splice(0)) await child.stop('SIGKILL').catch(() => undefined);
});

/** Sockets that record the close code each one ends with. */
function recordingSockets(codes: number[], cookie?: string): SocketFactory {
  return (url) => {
    const ws = new WebSocket(url, cookie ? { headers: { cookie } } : {});
    ws.on('close', (code) => codes.push(code));
    return ws;
  };
}

/** Retries every 100 ms, so the test does not wait out a long back-off while the server restarts. */
const promptly: ReconnectPolicy = { nextRetryDelayMs: () => 100 };

function storedClientIds(dataDir: string): string[] {
  const db = new SQLite(join(dataDir, 'parley.sqlite'), { readonly: true });
  try {
    return db.prepare<[], string>("select client_id from messages where sender = 'visitor'").pluck().all();
  } finally {
    db.close();
  }
}

describe('[OP3] graceful shutdown', () => {
  it('[OP3][M1] SIGTERM with chat in flight: sockets closed with 1012, every acknowledged message stored, the rest stored once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-shutdown-'));
    const port = await freePort();
    // The chat burst below is far past the per-connection rate limit ([E6]) on purpose.
    const env = { PARLEY_WS_MESSAGES_PER_SECOND: '100000', PARLEY_WS_MESSAGE_BURST: '100000' };
    let server = new ChildServer(port, dataDir, 'source', env);
    children.push(server);
    await server.start();

    const consultantCloses: number[] = [];
    const visitorCloses: number[] = [];
    const c = new ConsultantClient({
      baseUrl: server.baseUrl,
      socketFactory: recordingSockets(consultantCloses, await loginCookie(server.baseUrl)),
      reconnect: promptly,
    });
    clients.push(c);
    c.connect();
    await until(c, (s) => s.status === 'open');
    c.setAvailable(true);
    await until(c, (s) => s.available);
    const resume = new Map<string, string>();
    const v = new VisitorClient({
      baseUrl: server.baseUrl,
      linkKey: 'demo-help',
      socketFactory: recordingSockets(visitorCloses),
      reconnect: promptly,
      storage: { getItem: (k) => resume.get(k) ?? null, setItem: (k, value) => resume.set(k, value) },
    });
    clients.push(v);
    v.connect();
    await until(v, (s) => s.available);
    v.request('Ann');
    await until(c, () => c.ringing.length === 1);
    c.accept(c.ringing[0]?.id ?? '');
    await until(v, (s) => s.conversation?.state === 'active');

    const acknowledged = new Set<string>();
    v.connection.on('chat.message', ({ message }) => {
      if (message.sender === 'visitor') acknowledged.add(message.clientId);
    });
    const sent: string[] = [];
    for (let i = 0; i < 600; i++) sent.push(v.sendChat(`message ${i}`) ?? '');
    await v.connection.next('chat.message');
    // Chat is in flight: the first batch is stored, most of the burst is not yet acknowledged.
    expect(v.connection.unacknowledged.length).toBeGreaterThan(0);

    const ended = await server.stop('SIGTERM');
    expect(ended, server.errors).toEqual({ code: 0, signal: null });
    // Both sides were told to reconnect at once, not dropped (their retries then find nobody: 1006).
    expect(consultantCloses[0]).toBe(closeCodes.serviceRestart);
    expect(visitorCloses[0]).toBe(closeCodes.serviceRestart);
    const stored = new Set(storedClientIds(dataDir));
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);

    // The next process: the visitor resumes and resends what was not acknowledged; each is stored once.
    server = new ChildServer(port, dataDir, 'source', env);
    children.push(server);
    await server.start();
    await until(v, (s) => s.status === 'open');
    if (v.connection.unacknowledged.length > 0) {
      await new Promise<void>((done) => {
        const off = v.connection.on('outbox', (waiting) => {
          if (waiting.length > 0) return;
          off();
          done();
        });
      });
    }
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(storedClientIds(dataDir).sort()).toEqual([...sent].sort());
  }, 120_000);
});

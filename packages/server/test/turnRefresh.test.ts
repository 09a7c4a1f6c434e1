import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IceServer } from '@parley/protocol';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { consultant, startServer, until, visitor, type TestServer } from './server.ts';

const TTL_SECONDS = 600;
let server: TestServer;
let runtime: FakeRuntime;
const open: { close(): void }[] = [];

beforeEach(async () => {
  runtime = new FakeRuntime(Date.now());
  server = await startServer({
    runtime,
    config: {
      turn: { urls: ['turn:turn.example.test:3478?transport=udp'], secret: 's3cret', ttlSeconds: TTL_SECONDS },
    },
  });
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

/** The expiry (Unix seconds) in a TURN REST username `expiry:userId`. */
function turnExpiry(servers: IceServer[]): number {
  const username = servers.find((s) => s.username)?.username ?? '';
  return Number(username.split(':')[0]);
}

describe('[NW3] TURN credentials are refreshed on a live connection', () => {
  it('[NW3] a visitor and a consultant get fresh credentials at half their lifetime, again and again', async () => {
    const v = visitor(server);
    const c = await consultant(server);
    open.push(v, c);
    await until(v, (s) => s.iceServers.length > 0);
    const start = runtime.clock.now() / 1000;
    expect(turnExpiry(v.state.iceServers)).toBe(Math.floor(start) + TTL_SECONDS);
    const first = turnExpiry(c.state.iceServers);

    runtime.advance((TTL_SECONDS / 2) * 1000 - 1);
    // Not yet: nothing is sent before half the lifetime.
    await new Promise((r) => setImmediate(r));
    expect(turnExpiry(c.state.iceServers)).toBe(first);

    runtime.advance(1);
    const refreshed = await until(v, (s) => turnExpiry(s.iceServers) > Math.floor(start) + TTL_SECONDS);
    expect(turnExpiry(refreshed.iceServers)).toBe(Math.floor(start + TTL_SECONDS / 2) + TTL_SECONDS);
    await until(c, (s) => turnExpiry(s.iceServers) === first + TTL_SECONDS / 2);

    // And on: a call of hours never holds credentials older than half their lifetime.
    runtime.advance((TTL_SECONDS / 2) * 1000);
    await until(v, (s) => turnExpiry(s.iceServers) === Math.floor(start + TTL_SECONDS) + TTL_SECONDS);
    const credential = v.state.iceServers.find((s) => s.username)?.credential;
    expect(credential).toBeTruthy();
  });

  it('[NW3] without TURN nothing is refreshed', async () => {
    await server.close();
    runtime = new FakeRuntime(Date.now());
    server = await startServer({ runtime, config: { turn: null } });
    const v = visitor(server);
    open.push(v);
    await until(v, (s) => s.status === 'open');
    let changes = 0;
    v.on('change', () => (changes += 1));
    runtime.advance(3600 * 1000);
    await new Promise((r) => setImmediate(r));
    expect(changes).toBe(0);
  });
});

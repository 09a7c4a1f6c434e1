import { WebSocket } from 'ws';
import { closeCodes } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLimits, loadConfig } from '../src/config.ts';
import { startServer, type TestServer } from './server.ts';
import { rawRequest } from './rawHttp.ts';

let server: TestServer | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await server?.close();
  server = undefined;
});

/** A real server configured from the environment as an operator would, behind a proxy at `proxy`. */
async function behindProxy(proxy: string, connectionsPerIp = defaultLimits.connectionsPerIp): Promise<TestServer> {
  const { trustProxy } = loadConfig({ PARLEY_TRUST_PROXY: proxy });
  server = await startServer({ config: { trustProxy, limits: { ...defaultLimits, connectionsPerIp } } });
  return server;
}

/** What a reverse proxy forwards: whatever the client claimed, then the address it really came from. */
const forwarded = (claimed: string, real: string) => ({ 'x-forwarded-for': `${claimed}, ${real}` });

function leaveMessage(s: TestServer, headers: Record<string, string>) {
  const body = JSON.stringify({ name: 'V', email: 'v@example.com', text: 'hello' });
  return rawRequest(
    s.baseUrl,
    'POST',
    '/api/v1/links/demo-help/messages',
    { 'content-type': 'application/json', 'x-parley-csrf': '1', ...headers },
    body,
  );
}

describe('[E13] the client address behind a reverse proxy', () => {
  it('[E13] PARLEY_TRUST_PROXY=on is refused with a message naming the fix; a list of proxies is taken', () => {
    for (const on of ['on', 'true', '1', '*']) {
      expect(() => loadConfig({ PARLEY_TRUST_PROXY: on })).toThrow(/List your reverse proxies/);
    }
    expect(() => loadConfig({ PARLEY_TRUST_PROXY: '10.0.0.5, proxy.example' })).toThrow(/proxy\.example/);
    expect(() => loadConfig({ PARLEY_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/not an IP address or CIDR/);
    expect(loadConfig({ PARLEY_TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,loopback,::1' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      'loopback',
      '::1',
    ]);
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ PARLEY_TRUST_PROXY: 'off' }).trustProxy).toEqual([]);
  });

  it('[E13][I2] a client cannot name its own address: spoofed X-Forwarded-For hops do not reset the limit', async () => {
    const s = await behindProxy('127.0.0.1');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await leaveMessage(s, forwarded(`198.51.100.${i}`, '203.0.113.7'))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429, 429, 429]);
    // Another visitor behind the same proxy is someone else, with a budget of their own.
    expect((await leaveMessage(s, forwarded('203.0.113.7', '203.0.113.8'))).status).toBe(201);
  });

  it('[E13] X-Forwarded-For from an address that is not a listed proxy is ignored', async () => {
    const s = await behindProxy('10.9.9.9');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await leaveMessage(s, { 'x-forwarded-for': `198.51.100.${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('[E13][E7] the connection limit counts the real client behind the proxy, whatever it claims', async () => {
    const s = await behindProxy('loopback', 2);
    const open = (claimed: string, real: string) =>
      new Promise<WebSocket>((resolve) => {
        const ws = new WebSocket(s.baseUrl.replace('http', 'ws') + '/ws', { headers: forwarded(claimed, real) });
        sockets.push(ws);
        ws.on('open', () => resolve(ws));
      });
    await open('198.51.100.1', '203.0.113.7');
    await open('198.51.100.2', '203.0.113.7');
    const third = await open('198.51.100.3', '203.0.113.7');
    const closed = await new Promise<number>((resolve) => third.on('close', (code) => resolve(code)));
    expect(closed).toBe(closeCodes.tooManyConnections);
    expect(s.services.connections.count('203.0.113.7')).toBe(2);
    const other = await open('198.51.100.4', '203.0.113.8');
    expect(other.readyState).toBe(WebSocket.OPEN);
  });
});

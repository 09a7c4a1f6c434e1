import { WebSocket } from 'ws';
import { closeCodes, PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLimits, type LimitsConfig } from '../src/config.ts';
import { hashPassword } from '../src/domain/auth/passwords.ts';
import { DEMO, loginCookie, startServer, type TestServer } from './server.ts';

const csrf = { 'x-parley-csrf': '1' };
let server: TestServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await server?.close();
  server = undefined;
});

async function start(limits: Partial<LimitsConfig> = {}): Promise<TestServer> {
  server = await startServer({ config: { limits: { ...defaultLimits, ...limits } } });
  return server;
}

interface Raw {
  ws: WebSocket;
  next: () => Promise<ServerMessage>;
  closed: Promise<number>;
}

function raw(s: TestServer, headers: Record<string, string> = {}): Promise<Raw> {
  const ws = new WebSocket(s.baseUrl.replace('http', 'ws') + '/ws', { headers });
  sockets.push(ws);
  const inbox: ServerMessage[] = [];
  const waiters: ((m: ServerMessage) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const next = () => {
    const queued = inbox.shift();
    return queued ? Promise.resolve(queued) : new Promise<ServerMessage>((resolve) => waiters.push(resolve));
  };
  return new Promise((resolve) => ws.on('open', () => resolve({ ws, next, closed })));
}

const visitorHello = (extra: object = {}) =>
  JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', linkKey: 'demo-help', ...extra });

async function setOrigins(s: TestServer, allowedOrigins: string[]): Promise<void> {
  const cookie = await loginCookie(s.baseUrl);
  const response = await s.app.inject({
    method: 'PUT',
    url: '/api/v1/tenant/settings',
    payload: { allowedOrigins },
    headers: { ...csrf, cookie },
  });
  expect(response.statusCode).toBe(200);
}

describe('the edge under hostile input', () => {
  it('[E5][EM1] with a list of sites, a visitor socket from a site not on it is refused with 4403; a listed one is welcome', async () => {
    const s = await start();
    await setOrigins(s, ['https://shop.example']);
    const evil = await raw(s, { origin: 'https://evil.example' });
    evil.ws.send(visitorHello());
    expect(await evil.next()).toMatchObject({ type: 'error', code: 'origin_not_allowed' });
    expect(await evil.closed).toBe(closeCodes.originNotAllowed);

    const shop = await raw(s, { origin: 'https://shop.example' });
    shop.ws.send(visitorHello());
    expect(await shop.next()).toMatchObject({ type: 'welcome' });
    // The iframe's socket carries Parley's own Origin; the embedding page is reported in hello.
    const framed = await raw(s, { origin: s.baseUrl });
    framed.ws.send(visitorHello({ embedOrigin: 'https://evil.example' }));
    expect(await framed.next()).toMatchObject({ type: 'error', code: 'origin_not_allowed' });
    expect(await framed.closed).toBe(closeCodes.originNotAllowed);
    const framedOk = await raw(s, { origin: s.baseUrl });
    framedOk.ws.send(visitorHello({ embedOrigin: 'https://shop.example' }));
    expect(await framedOk.next()).toMatchObject({ type: 'welcome' });
  });

  it('[E5] a consultant socket opened by another site is refused before the session cookie is used', async () => {
    const s = await start();
    const cookie = await loginCookie(s.baseUrl);
    const hijack = await raw(s, { origin: 'https://evil.example', cookie });
    hijack.ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'consultant' }));
    expect(await hijack.next()).toMatchObject({ type: 'error', code: 'origin_not_allowed' });
    expect(await hijack.closed).toBe(closeCodes.originNotAllowed);
    const own = await raw(s, { origin: s.baseUrl, cookie });
    own.ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'consultant' }));
    expect(await own.next()).toMatchObject({ type: 'welcome', role: 'consultant' });
  });

  it('[E6] past its message rate a connection gets rate_limited errors, then is closed with 4429', async () => {
    const s = await start({ messagesPerSecond: 1, messageBurst: 3, messageStrikes: 2 });
    const r = await raw(s);
    r.ws.send(visitorHello());
    expect(await r.next()).toMatchObject({ type: 'welcome' });
    for (let i = 0; i < 10; i++) r.ws.send(JSON.stringify({ type: 'ping' }));
    const got = [await r.next(), await r.next(), await r.next(), await r.next()].map((m) =>
      m.type === 'error' ? m.code : m.type,
    );
    // hello took one of the three tokens; the clock stands still, so nothing refills.
    expect(got).toEqual(['pong', 'pong', 'rate_limited', 'rate_limited']);
    expect(await r.closed).toBe(closeCodes.rateLimited);
  });

  it('[E7] one address may hold only so many sockets; the next is told and closed with 4430', async () => {
    const s = await start({ connectionsPerIp: 2 });
    await raw(s);
    const second = await raw(s);
    const third = await raw(s);
    expect(await third.next()).toMatchObject({ type: 'error', code: 'too_many_connections' });
    expect(await third.closed).toBe(closeCodes.tooManyConnections);
    second.ws.close();
    await second.closed;
    await expect.poll(() => s.services.connections.count('127.0.0.1')).toBe(1);
    const again = await raw(s);
    again.ws.send(visitorHello());
    expect(await again.next()).toMatchObject({ type: 'welcome' });
  });

  it('[E9] a state-changing API request needs the CSRF header and, from a browser, Parley’s own Origin', async () => {
    const s = await start();
    const cookie = await loginCookie(s.baseUrl);
    const logout = (headers: Record<string, string>) =>
      s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: {}, headers: { cookie, ...headers } });
    expect((await logout({})).json()).toMatchObject({ code: 'csrf_failed' });
    const crossSite = await logout({ ...csrf, origin: 'https://evil.example' });
    expect([crossSite.statusCode, crossSite.json<{ code: string }>().code]).toEqual([403, 'csrf_failed']);
    expect((await s.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await logout({ ...csrf, origin: s.config.publicUrl })).statusCode).toBe(200);
  });

  it('[E8] tenant settings need a session; only an admin may change them; bad bodies get coded errors', async () => {
    const s = await start();
    const tenant = await s.services.directory.tenants.findTenantBySlug('demo');
    await s.services.directory.consultants.createConsultant({
      id: 'con_plain',
      tenantId: tenant?.id ?? '',
      email: 'plain@demo.parley',
      name: 'Plain',
      role: 'consultant',
      passwordHash: await hashPassword('plain-pass'),
      departmentId: null,
      active: true,
      maxConversations: 1,
    });
    const put = (cookie: string, payload: unknown) =>
      s.app.inject({
        method: 'PUT',
        url: '/api/v1/tenant/settings',
        payload: payload as object,
        headers: { ...csrf, cookie },
      });
    expect((await s.app.inject({ url: '/api/v1/tenant/settings' })).statusCode).toBe(401);
    const plain = await loginCookie(s.baseUrl, 'plain@demo.parley', 'plain-pass');
    expect((await s.app.inject({ url: '/api/v1/tenant/settings', headers: { cookie: plain } })).json()).toEqual({
      allowedOrigins: [],
    });
    expect((await put(plain, { allowedOrigins: [] })).json()).toMatchObject({ code: 'forbidden' });
    const admin = await loginCookie(s.baseUrl);
    expect((await put(admin, { allowedOrigins: ['https://x.test/path'] })).json()).toMatchObject({
      code: 'invalid_site',
    });
    expect((await put(admin, { allowedOrigins: ['HTTPS://Shop.Example'] })).json()).toEqual({
      allowedOrigins: ['https://shop.example'],
    });
  });

  it('[E8][EM1] serves the apps with a CSP; the visitor app may be framed by the tenant’s sites only, once listed', async () => {
    const s = await start();
    const consolePage = await s.app.inject({ url: '/console/' });
    expect(consolePage.headers['content-security-policy']).toContain("script-src 'self'");
    expect(consolePage.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(consolePage.headers['x-frame-options']).toBe('DENY');
    expect(consolePage.headers['x-content-type-options']).toBe('nosniff');
    await setOrigins(s, ['https://shop.example']);
    const app = await s.app.inject({ url: '/widget/app/?link=demo-help&lang=en' });
    expect(app.headers['content-security-policy']).toContain("frame-ancestors 'self' https://shop.example");
    const unknown = await s.app.inject({ url: '/widget/app/?link=nope' });
    expect(unknown.headers['content-security-policy']).toMatch(/frame-ancestors 'self'$/);
  });

  it('[E10] repeated failed logins are refused with 429 and Retry-After, even with the right password', async () => {
    const s = await start({ loginFailuresPerWindow: 3 });
    const login = (password: string) =>
      s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { ...DEMO, password }, headers: csrf });
    for (let i = 0; i < 3; i++) expect((await login('wrong')).statusCode).toBe(401);
    const locked = await login(DEMO.password);
    expect([locked.statusCode, locked.json<{ code: string }>().code]).toEqual([429, 'too_many_attempts']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

import { WebSocket } from 'ws';
import {
  closeCodes,
  PROTOCOL_VERSION,
  type ConsultantMe,
  type PasswordReset,
  type ServerMessage,
} from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_TTL_MS } from '../src/domain/auth/auth.ts';
import { DEMO_SECOND_EMAIL } from '../src/domain/tenants/demo.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { DEMO, loginCookie, startServer, type TestServer } from './server.ts';

// [U1]–[U5] against a real listening server: HTTP with fetch, consultant consoles as real sockets.
// Every login hashes a password with scrypt (~128 MiB), so these tests take seconds each.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });
let server: TestServer;
let runtime: FakeRuntime;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  runtime = new FakeRuntime(Date.now());
  server = await startServer({ runtime });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await server.close();
});

interface Console {
  ws: WebSocket;
  next(): Promise<ServerMessage>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A consultant console's socket after its welcome (or its refusal). */
function openConsole(cookie: string): Promise<Console> {
  const ws = new WebSocket(server.baseUrl.replace('http', 'ws') + '/ws', { headers: { cookie } });
  sockets.push(ws);
  const inbox: ServerMessage[] = [];
  const waiters: ((m: ServerMessage) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const any = () => {
    const queued = inbox.shift();
    return queued ? Promise.resolve(queued) : new Promise<ServerMessage>((resolve) => waiters.push(resolve));
  };
  // What a test looks at; the team chat's history and presence that follow a welcome are skipped.
  const next = async (): Promise<ServerMessage> => {
    for (;;) {
      const message = await any();
      if (['welcome', 'session.ended', 'availability', 'pong', 'error'].includes(message.type)) return message;
    }
  };
  return new Promise((resolve) =>
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'consultant' }));
      resolve({ ws, next, closed });
    }),
  );
}

async function welcomed(cookie: string): Promise<Console> {
  const console = await openConsole(cookie);
  expect((await console.next()).type).toBe('welcome');
  return console;
}

function post(path: string, cookie: string, body: unknown = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
    body: JSON.stringify(body),
  });
}

const get = (path: string, cookie: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie } });

/** After the session ended, a command on the old socket must not be served: the end comes first. */
async function expectEnded(console: Console, reason: string): Promise<void> {
  if (console.ws.readyState === WebSocket.OPEN) {
    console.ws.send(JSON.stringify({ type: 'presence.set', available: true }));
  }
  expect(await console.next()).toEqual({ type: 'session.ended', reason });
  expect(await console.closed).toEqual({ code: closeCodes.notAuthenticated, reason });
}

describe('[U1] a consultant socket lives no longer than its login session', () => {
  it('[U1] logout closes the sockets of that session with 4401, and only those', async () => {
    const cookie = await loginCookie(server.baseUrl);
    const otherCookie = await loginCookie(server.baseUrl);
    const tab = await welcomed(cookie);
    const otherDevice = await welcomed(otherCookie);

    const out = await post('/api/v1/auth/logout', cookie);
    expect(out.status).toBe(200);
    expect((await get('/api/v1/auth/me', cookie)).status).toBe(401);
    await expectEnded(tab, 'logged_out');

    // The same account's other session is untouched and still served.
    otherDevice.ws.send(JSON.stringify({ type: 'presence.set', available: true }));
    expect(await otherDevice.next()).toMatchObject({ type: 'availability', available: true });
  });

  it('[U1] the session expiring closes the socket at that moment', async () => {
    const console = await welcomed(await loginCookie(server.baseUrl));
    runtime.advance(SESSION_TTL_MS - 1000);
    console.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await console.next()).toEqual({ type: 'pong' });
    runtime.advance(1000);
    await expectEnded(console, 'session_expired');
  });
});

describe('[U2][U3] a consultant changes their password', () => {
  it('[U2] ends every other session of the account, sockets included; the changing one stays', async () => {
    const here = await loginCookie(server.baseUrl);
    const elsewhere = await loginCookie(server.baseUrl);
    const hereSocket = await welcomed(here);
    const elsewhereSocket = await welcomed(elsewhere);

    const changed = await post('/api/v1/auth/password', here, {
      currentPassword: DEMO.password,
      newPassword: 'violet-harbour-42',
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as ConsultantMe).mustChangePassword).toBe(false);
    await expectEnded(elsewhereSocket, 'password_changed');
    expect((await get('/api/v1/auth/me', elsewhere)).status).toBe(401);

    hereSocket.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await hereSocket.next()).toEqual({ type: 'pong' });
    expect((await get('/api/v1/auth/me', here)).status).toBe(200);
    await expect(loginCookie(server.baseUrl, DEMO.email, DEMO.password)).rejects.toThrow();
    expect(await loginCookie(server.baseUrl, DEMO.email, 'violet-harbour-42')).toContain('parley_session=');
  });

  it('[U3] refuses a wrong current password, a short one and a common one with coded errors', async () => {
    const cookie = await loginCookie(server.baseUrl);
    const attempt = async (currentPassword: string, newPassword: string) => {
      const response = await post('/api/v1/auth/password', cookie, { currentPassword, newPassword });
      return [response.status, ((await response.json()) as { code: string }).code];
    };
    expect(await attempt('wrong-password', 'violet-harbour-42')).toEqual([403, 'wrong_current_password']);
    expect(await attempt(DEMO.password, 'short1')).toEqual([400, 'password_too_short']);
    expect(await attempt(DEMO.password, 'Password123')).toEqual([400, 'password_too_common']);
    // Each attempt hashes the current password (scrypt, ~128 MiB): slow on a shared machine.
  }, 60_000);
});

describe('[U4][U5] an admin resets a consultant password', () => {
  it('[U5] gives a one-time password, closes the account every session; [U4] it opens nothing but the change', async () => {
    const samCookie = await loginCookie(server.baseUrl, DEMO_SECOND_EMAIL, DEMO.password);
    const samSocket = await welcomed(samCookie);
    const sam = await server.services.directory.consultants.findConsultantByEmail(DEMO_SECOND_EMAIL);
    const admin = await loginCookie(server.baseUrl);

    const reset = await post(`/api/v1/admin/consultants/${sam?.id ?? ''}/reset-password`, admin);
    expect(reset.status).toBe(200);
    const { oneTimePassword } = (await reset.json()) as PasswordReset;
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(16);
    await expectEnded(samSocket, 'password_reset');
    await expect(loginCookie(server.baseUrl, DEMO_SECOND_EMAIL, DEMO.password)).rejects.toThrow();

    const fresh = await loginCookie(server.baseUrl, DEMO_SECOND_EMAIL, oneTimePassword);
    expect(((await (await get('/api/v1/auth/me', fresh)).json()) as ConsultantMe).mustChangePassword).toBe(true);
    const inbox = await get('/api/v1/inbox', fresh);
    expect([inbox.status, ((await inbox.json()) as { code: string }).code]).toEqual([403, 'password_change_required']);
    const refused = await openConsole(fresh);
    expect(await refused.next()).toMatchObject({ type: 'error', code: 'password_change_required' });
    expect((await refused.closed).code).toBe(closeCodes.notAuthenticated);

    const changed = await post('/api/v1/auth/password', fresh, {
      currentPassword: oneTimePassword,
      newPassword: 'quiet-meadow-1987',
    });
    expect(changed.status).toBe(200);
    expect((await get('/api/v1/inbox', fresh)).status).toBe(200);
    await welcomed(fresh);
  });

  it('[U5][T2] only an admin of the same tenant may reset, and another tenant answers 404', async () => {
    const sam = await server.services.directory.consultants.findConsultantByEmail(DEMO_SECOND_EMAIL);
    const dana = await server.services.directory.consultants.findConsultantByEmail(DEMO.email);
    const samCookie = await loginCookie(server.baseUrl, DEMO_SECOND_EMAIL, DEMO.password);
    expect((await post(`/api/v1/admin/consultants/${dana?.id ?? ''}/reset-password`, samCookie)).status).toBe(403);
    const admin = await loginCookie(server.baseUrl);
    expect((await post('/api/v1/admin/consultants/con_elsewhere/reset-password', admin)).status).toBe(404);
    expect(sam?.mustChangePassword).toBe(false);
  });
});

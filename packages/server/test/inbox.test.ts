import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApi, ApiError, leaveMessage } from '@parley/client';
import type { LeftMessageView } from '@parley/protocol';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { LEAVE_MESSAGE_LIMIT } from '../src/transport/http/routes/inbox.ts';
import type { TestServer } from './server.ts';
import { addTenant, as, CSRF, httpCode, startAdminServer, type Member, type TestTenant } from './tenants.ts';

let server: TestServer;
let a: TestTenant;
const runtime = new FakeRuntime(Date.now());
beforeAll(async () => {
  server = await startAdminServer(runtime);
  a = await addTenant(server, 'alpha');
});
afterAll(async () => {
  await server.close();
});

/** The typed SDK the console uses, over a real socket, with the member's session cookie. */
function apiAs(member: Member): AdminApi {
  return new AdminApi(server.baseUrl, (input, init) =>
    fetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), cookie: `parley_session=${member.token}` },
    }),
  );
}

function post(url: string, payload: unknown, ip = '203.0.113.1') {
  return server.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: ip, headers: CSRF });
}

describe('leave a message (F-04)', () => {
  it('[I1] takes a message from any visitor of the link and refuses bad ones with coded errors', async () => {
    const ok = await post(`/api/v1/links/${a.link.key}/messages`, {
      name: 'Ann <b>',
      email: 'Ann@Example.test',
      text: 'Call me <script>',
    });
    expect(ok.statusCode).toBe(201);

    const url = `/api/v1/links/${a.link.key}/messages`;
    expect(httpCode(await post(url, { name: '', email: 'nope', text: 'x' }, '203.0.113.2'))).toEqual([
      400,
      'invalid_message',
    ]);
    expect(httpCode(await post(url, { name: '', email: 'a@b.test', text: '  ' }, '203.0.113.2'))).toEqual([
      400,
      'invalid_message',
    ]);
    expect(httpCode(await post(url, { name: '', email: 'a@b.test', text: 'x'.repeat(4001) }, '203.0.113.2'))).toEqual([
      400,
      'invalid_message',
    ]);
    expect(httpCode(await post('/api/v1/links/nope/messages', { name: '', email: 'a@b.test', text: 'x' }))).toEqual([
      404,
      'link_not_found',
    ]);
  });

  it('[I2] limits how many messages one IP address leaves, refilled with time', async () => {
    const url = `/api/v1/links/${a.link.key}/messages`;
    const body = { name: 'Bot', email: 'bot@example.test', text: 'spam' };
    for (let i = 0; i < LEAVE_MESSAGE_LIMIT.capacity; i++)
      expect((await post(url, body, '198.51.100.7')).statusCode).toBe(201);
    expect(httpCode(await post(url, body, '198.51.100.7'))).toEqual([429, 'rate_limited']);
    expect((await post(url, body, '198.51.100.8')).statusCode).toBe(201); // another address is not affected
    runtime.advance(LEAVE_MESSAGE_LIMIT.refillMs);
    expect((await post(url, body, '198.51.100.7')).statusCode).toBe(201);
    expect(httpCode(await post(url, body, '198.51.100.7'))).toEqual([429, 'rate_limited']);
  });
});

describe('inbox', () => {
  it('[I3] shows consultants the messages of their links and admins all of the tenant, with link names', async () => {
    await leaveMessage(server.baseUrl, a.link.key, { name: 'Via SDK', email: 'sdk@example.test', text: 'Hello' });
    const forConsultant = await apiAs(a.consultant).inbox();
    expect(forConsultant.map((m) => m.name)).toContain('Via SDK');
    const ann = forConsultant.find((m) => m.name === 'Ann <b>');
    expect(ann).toMatchObject({
      linkId: a.link.id,
      linkName: 'Help alpha',
      email: 'ann@example.test',
      text: 'Call me <script>',
      handledAt: null,
    });
    expect(await apiAs(a.outsider).inbox()).toEqual([]);
    const forAdmin = await apiAs(a.admin).inbox();
    expect(forAdmin.map((m) => m.id).sort()).toEqual(forConsultant.map((m) => m.id).sort());
    expect(httpCode(await as(server, null)('GET', '/api/v1/inbox'))).toEqual([401, 'not_authenticated']);
  });

  it('[I4] marks a message handled once; others cannot reach it', async () => {
    const before = (await as(server, a.consultant)('GET', '/api/v1/inbox')).json<LeftMessageView[]>();
    const target = before.find((m) => m.id === a.messageId);
    expect(target?.handledAt).toBeNull();
    const handled = await apiAs(a.consultant).markHandled(a.messageId);
    expect(handled.handledAt).toBe(server.runtime.clock.now());
    const again = await apiAs(a.admin).markHandled(a.messageId);
    expect(again.handledAt).toBe(handled.handledAt);
    await expect(apiAs(a.outsider).markHandled(a.messageId)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(apiAs(a.admin).markHandled('msg_nope')).rejects.toBeInstanceOf(ApiError);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConsultantClient, DeskApi, VisitorClient } from '@parley/client';
import { signIdentity } from '../src/domain/contacts/identity.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { sqlStores } from '../src/storage/stores.ts';
import { nodeSockets, startServer, until, type TestServer } from './server.ts';
import { addTenant, as, CSRF, httpCode, sessionFor, type Member, type TestTenant } from './tenants.ts';

const DAY = 86_400_000;
const stores = () => sqlStores(server.db, () => runtime.clock.now());
const runtime = new FakeRuntime(Date.now());
let server: TestServer;
let tenant: TestTenant;
let other: TestTenant;
const open: { close(): void }[] = [];

function deskAs(member: Member): DeskApi {
  const cookie = `parley_session=${member.token}`;
  return new DeskApi(server.baseUrl, (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
  );
}

/** An identified visitor (signed id `externalId`) talks to the tenant's consultant and writes `text`. */
async function conversation(externalId: string, text: string): Promise<string> {
  const secret = await server.services.contacts.secret(tenant.tenantId);
  const who = {
    id: externalId,
    name: 'Zofia',
    email: 'zofia@example.test',
    expires: Math.floor(runtime.clock.now() / 1000) + 3600,
  };
  const storage = new Map<string, string>();
  const visitor = new VisitorClient({
    baseUrl: server.baseUrl,
    linkKey: tenant.link.key,
    socketFactory: nodeSockets(),
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
    context: { identity: { ...who, signature: signIdentity(secret, who) } },
  });
  const handler = new ConsultantClient({
    baseUrl: server.baseUrl,
    socketFactory: nodeSockets(`parley_session=${tenant.consultant.token}`),
  });
  open.push(visitor, handler);
  handler.connect();
  visitor.connect();
  await until(handler, (s) => s.status === 'open');
  handler.setAvailable(true);
  await until(visitor, (s) => s.available);
  visitor.request('Zofia');
  await until(handler, () => handler.ringing.length === 1);
  const id = handler.ringing[0]?.id ?? '';
  handler.accept(id);
  await until(visitor, (s) => s.conversation?.state === 'active');
  visitor.sendChat(text);
  await until(handler, (s) => (s.messages[id]?.length ?? 0) > 0);
  handler.end(id);
  await until(visitor, (s) => s.conversation?.state === 'ended');
  await deskAs(tenant.consultant).done(id, null, 'note ZOFIAMARK');
  handler.setAvailable(false);
  visitor.close();
  handler.close();
  return id;
}

beforeAll(async () => {
  server = await startServer({ runtime });
  tenant = await addTenant(server, 'privacy');
  other = await addTenant(server, 'bystander');
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

describe('privacy (issue 15 item 7)', () => {
  it('[GD1][GD5] retention periods: read by every consultant, changed only by an admin, https notice only', async () => {
    const read = await as(server, tenant.consultant)('GET', '/api/v1/tenant/privacy');
    expect(read.json()).toEqual({ chatDays: 365, notesDays: 365, inboxDays: 365, visitsDays: 90, privacyUrl: null });
    const body = {
      chatDays: 30,
      notesDays: null,
      inboxDays: 60,
      visitsDays: 7,
      privacyUrl: 'https://acme.test/privacy',
    };
    expect(httpCode(await as(server, tenant.consultant)('PUT', '/api/v1/tenant/privacy', body))).toEqual([
      403,
      'forbidden',
    ]);
    for (const bad of [
      { ...body, privacyUrl: 'http://acme.test/p' },
      { ...body, chatDays: 0 },
      { ...body, inboxDays: 1.5 },
    ]) {
      expect(httpCode(await as(server, tenant.admin)('PUT', '/api/v1/tenant/privacy', bad))).toEqual([
        400,
        'invalid_message',
      ]);
    }
    expect((await as(server, tenant.admin)('PUT', '/api/v1/tenant/privacy', body)).statusCode).toBe(200);
    expect((await as(server, tenant.consultant)('GET', '/api/v1/tenant/privacy')).json()).toEqual(body);
    // [GD5] A visitor of the tenant learns both when the app connects.
    const visitor = new VisitorClient({
      baseUrl: server.baseUrl,
      linkKey: tenant.link.key,
      socketFactory: nodeSockets(),
    });
    open.push(visitor);
    visitor.connect();
    const seen = await until(visitor, (s) => s.privacy !== null);
    expect(seen.privacy).toEqual({ keptDays: 30, noticeUrl: 'https://acme.test/privacy' });
    visitor.close();
    // Another tenant keeps the defaults.
    expect((await as(server, other.admin)('GET', '/api/v1/tenant/privacy')).json()).toMatchObject({ chatDays: 365 });
  });

  it('[GD3][GD4] an admin exports a contact with its transcript, then erases it: gone from history and search', async () => {
    const id = await conversation('crm-zofia', 'my account number is ZOFIAMARK-123');
    const [contact] = await deskAs(tenant.admin).contacts('crm-zofia');
    const url = `/api/v1/admin/contacts/${contact?.id ?? ''}`;
    expect(httpCode(await as(server, tenant.consultant)('GET', `${url}/export`))).toEqual([403, 'forbidden']);
    expect(httpCode(await as(server, other.admin)('GET', `${url}/export`))).toEqual([404, 'contact_not_found']);
    const exported = await as(server, tenant.admin)('GET', `${url}/export`);
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(JSON.stringify(exported.json())).toContain('ZOFIAMARK-123');
    expect(exported.json()).toMatchObject({ contact: { externalId: 'crm-zofia' }, conversations: [{ id }] });

    expect(httpCode(await as(server, other.admin)('DELETE', url))).toEqual([404, 'contact_not_found']);
    const erased = await as(server, tenant.admin)('DELETE', url);
    expect(erased.json()).toMatchObject({ removed: { contacts: 1, conversations: 1, messages: 1 } });
    expect(await deskAs(tenant.admin).contacts('crm-zofia')).toEqual([]);
    expect(httpCode(await as(server, tenant.admin)('GET', `${url}/export`))).toEqual([404, 'contact_not_found']);
    expect(await stores().conversations.getConversation(tenant.tenantId, id)).toBeUndefined();
  });

  it('[GD2] the hourly job applies the periods by itself on the server clock; an admin may apply them at once', async () => {
    const id = await conversation('crm-olga', 'OLGAMARK transcript');
    const transcript = () => stores().conversations.listMessages(tenant.tenantId, id);
    expect((await transcript()).map((m) => m.text)).toEqual(['OLGAMARK transcript']);
    // Thirty days (the tenant's chat period) and an hour later, the job has run.
    runtime.advance(31 * DAY + 3_600_000);
    await vi.waitFor(async () => expect(await transcript()).toEqual([]), { timeout: 10_000, interval: 20 });
    // Applying now finds nothing more.
    tenant.admin.token = await sessionFor(server, tenant.admin.id);
    const now = await as(server, tenant.admin)('POST', '/api/v1/admin/privacy/purge', {});
    expect(now.json()).toEqual({ removed: {} });
    expect(
      httpCode(await server.app.inject({ method: 'POST', url: '/api/v1/admin/privacy/purge', headers: CSRF })),
    ).toEqual([401, 'not_authenticated']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient, DeskApi, VisitorClient } from '@parley/client';
import { signIdentity } from '../src/domain/contacts/identity.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { nodeSockets, startServer, until, type TestServer } from './server.ts';
import { addTenant, type Member, type TestTenant } from './tenants.ts';

const runtime = new FakeRuntime(Date.now());
let server: TestServer;
let tenant: TestTenant;
const open: { close(): void }[] = [];

/** The desk's REST client as a member of the tenant, over real HTTP. */
function deskAs(member: Member): DeskApi {
  const cookie = `parley_session=${member.token}`;
  return new DeskApi(server.baseUrl, (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
  );
}

beforeAll(async () => {
  server = await startServer({ runtime });
  tenant = await addTenant(server, 'acme');
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

describe('a contact’s history keeps each consultant’s notes to them', () => {
  it('[SD9][N1][K3] a colleague sees the conversation but not its notes or wrap-up; its consultant and admins do', async () => {
    const secret = await server.services.contacts.secret(tenant.tenantId);
    const ann = { id: 'cust-9', name: 'Ann', expires: Math.floor(runtime.clock.now() / 1000) + 3600 };
    const storage = new Map<string, string>();
    const visitor = new VisitorClient({
      baseUrl: server.baseUrl,
      linkKey: tenant.link.key,
      socketFactory: nodeSockets(),
      storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
      context: { identity: { ...ann, signature: signIdentity(secret, ann) } },
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
    visitor.request('Ann');
    await until(handler, () => handler.ringing.length === 1);
    const id = handler.ringing[0]?.id ?? '';
    handler.accept(id);
    await until(visitor, (s) => s.conversation?.state === 'active');
    handler.end(id);
    await until(visitor, (s) => s.conversation?.state === 'ended');

    const own = deskAs(tenant.consultant);
    await own.addNote(id, 'Private: customer sounded upset about the bill');
    await own.done(id, null, 'Promised a refund');

    const [contact] = await deskAs(tenant.outsider).contacts('cust-9');
    const contactId = contact?.id ?? '';
    const asColleague = (await deskAs(tenant.outsider).contact(contactId)).history;
    expect(asColleague).toHaveLength(1);
    expect(asColleague[0]).toMatchObject({ conversationId: id, consultantName: 'consultant', notes: [], wrapUp: null });
    expect(JSON.stringify(asColleague)).not.toMatch(/upset|refund/);

    for (const reader of [tenant.consultant, tenant.admin]) {
      const [entry] = (await deskAs(reader).contact(contactId)).history;
      expect(entry?.notes.map((n) => n.text)).toEqual([
        'Private: customer sounded upset about the bill',
        'Promised a refund',
      ]);
      expect(entry?.wrapUp?.notes).toBe('Promised a refund');
    }
  });
});

import type { ConsultantClient, VisitorClient } from '@parley/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '../src/bus/bus.ts';
import { defaultLimits } from '../src/config.ts';
import { hashPassword } from '../src/domain/auth/passwords.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { DEMO_TENANT_SLUG } from '../src/domain/tenants/demo.ts';
import { consultantDefaults, linkDefaults } from '../src/domain/tenants/directory.ts';
import { loginCookie, nodeSockets, startServer, until, visitor, type TestServer } from './server.ts';
import { ConsultantClient as Client } from '@parley/client';

const VISITORS = 200;
const CONSULTANTS = 5;

let server: TestServer;
const clients: { close(): void }[] = [];

beforeAll(async () => {
  // One address opens 205 sockets and the fake clock never refills the message buckets: the
  // abuse limits ([E6], [E7], [E16]) are lifted so this test measures routing only.
  const limits = { ...defaultLimits, connectionsPerIp: 10_000, messageBurst: 1_000_000, newVisitorBurst: 10_000 };
  server = await startServer({ runtime: new FakeRuntime(Date.now()), config: { limits } });
  const { directory } = server.services;
  const tenant = await directory.tenants.findTenantBySlug(DEMO_TENANT_SLUG);
  if (!tenant) throw new Error('demo tenant missing');
  const passwordHash = await hashPassword('pool-pass');
  for (let n = 1; n <= CONSULTANTS; n++) {
    await directory.consultants.createConsultant({
      id: `pool-c${n}`,
      tenantId: tenant.id,
      email: `pool${n}@demo.parley`,
      name: `Pool ${n}`,
      role: 'consultant',
      passwordHash,
      ...consultantDefaults,
    });
  }
  await directory.links.createLink({
    id: 'pool-link',
    tenantId: tenant.id,
    key: 'pool',
    name: 'Pool',
    ...linkDefaults,
    mode: 'pool',
  });
}, 60_000);
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('pool routing under load over real WebSockets', () => {
  it(`[Q1][Q3][Q4][R2] ${VISITORS} visitors and ${CONSULTANTS} pool consultants: all served once, in order`, async () => {
    // The server's own record of who was rung, in the order it rang them.
    const rung: string[] = [];
    const served = new Map<string, number>();
    for (let n = 1; n <= CONSULTANTS; n++) {
      clients.push({
        close: server.services.bus.subscribe(topicOf({ kind: 'consultant', consultantId: `pool-c${n}` }), (m) => {
          if (m.type !== 'conversation.updated' || m.conversation.consultantId !== `pool-c${n}`) return;
          if (m.conversation.state === 'ringing' && !rung.includes(m.conversation.id)) rung.push(m.conversation.id);
          if (m.conversation.state === 'active')
            served.set(m.conversation.id, (served.get(m.conversation.id) ?? 0) + 1);
        }),
      });
    }

    const consultants: ConsultantClient[] = [];
    for (let n = 1; n <= CONSULTANTS; n++) {
      const cookie = await loginCookie(server.baseUrl, `pool${n}@demo.parley`, 'pool-pass');
      const c = new Client({ baseUrl: server.baseUrl, socketFactory: nodeSockets(cookie) });
      clients.push(c);
      c.connect();
      await until(c, (s) => s.status === 'open' && s.links.some((l) => l.id === 'pool-link'));
      c.setAvailable(true);
      await until(c, (s) => s.available);
      consultants.push(c);
    }

    // Every visitor queues, one after another, before anybody is accepted: the request order is known.
    const visitors: VisitorClient[] = [];
    const requestOrder: string[] = [];
    for (let i = 0; i < VISITORS; i++) {
      const v = visitor(server, new Map(), 'pool');
      clients.push(v);
      await until(v, (s) => s.status === 'open' && s.available);
      v.request(`Visitor ${i}`);
      const state = await until(v, (s) => s.conversation !== null);
      requestOrder.push(state.conversation?.id ?? '');
      visitors.push(v);
    }
    expect(new Set(requestOrder).size).toBe(VISITORS);

    // Consultants now work: accept each ring, say hello, end.
    const greeted = new Set<string>();
    for (const c of consultants) {
      const work = (): void => {
        for (const v of c.ringing) c.accept(v.id);
        for (const v of c.active) {
          if (!greeted.has(v.id)) {
            greeted.add(v.id);
            c.sendChat(v.id, 'hello');
          } else if ((c.state.messages[v.id] ?? []).length > 0) c.end(v.id);
        }
      };
      c.on('change', work);
      work();
    }
    await Promise.all(visitors.map((v) => until(v, (s) => s.conversation?.state === 'ended')));

    expect(rung).toEqual(requestOrder); // first in, first out across the pool, nobody skipped
    expect([...served.values()].every((count) => count === 1)).toBe(true); // nobody served twice
    expect(served.size).toBe(VISITORS); // nobody lost
    for (const v of visitors) expect(v.state.messages.map((m) => m.text)).toEqual(['hello']);
  }, 120_000);
});

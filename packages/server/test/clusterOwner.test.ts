import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient, VisitorClient } from '@parley/client';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import {
  SITE_PROTOCOL_VERSION,
  type ConsultantView,
  type LinkView,
  type SiteServerMessage,
  type TransferTargets,
} from '@parley/protocol';
import { DEMO_SECOND_EMAIL } from '../src/domain/tenants/demo.ts';
import { NODE_HEADER } from '../src/transport/http/nodeHeader.ts';
import type { ChildServer } from './childServer.ts';
import { openSitePage } from './sitePages.ts';
import { Cluster, clusterEngines, socketsTo } from './clusterProcesses.ts';
import { DEMO, loginCookie, until } from './server.ts';

/**
 * Issue 18: what a user does through a node that does NOT own the tenant reaches the owner's live
 * state ([PL8]–…). Node A takes the demo tenant's lease; every action below goes through node B.
 */
const { redisUrl, postgresUrl } = clusterEngines;

if (!redisUrl || !postgresUrl) {
  describe('cluster: actions through a node that does not own the tenant', () =>
    it.skip('needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (scripts/redis.sh, scripts/postgres.sh)', () =>
      undefined));
} else {
  describe('[PL8] actions through a node that does not own the tenant (issue 18)', () => {
    const h = new Cluster(postgresUrl, redisUrl, { PARLEY_LEASE_TTL_MS: '2000' });
    let a: ChildServer;
    let b: ChildServer;
    let tenantId = '';

    beforeAll(async () => {
      await h.create();
      a = await h.node('a');
      tenantId = await h.tenantId();
      await h.holderOf(tenantId, (owner) => owner === h.ownerName('a'));
      b = await h.node('b');
    }, 180_000);

    afterAll(() => h.close(), 30_000);

    const json = (server: ChildServer, cookie: string) => ({
      get: async <T>(path: string): Promise<T> =>
        (await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie } })).json()) as T,
      post: (path: string, body: object, method = 'POST') =>
        fetch(`${server.baseUrl}${path}`, {
          method,
          headers: { cookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
          body: JSON.stringify(body),
        }),
    });

    /** The demo consultant on B, available. */
    const consultantOnB = async (): Promise<{ c: ConsultantClient; cookie: string }> => {
      const cookie = await loginCookie(b.baseUrl);
      const c = h.track(new ConsultantClient({ baseUrl: b.baseUrl, socketFactory: socketsTo(() => b, cookie) }));
      c.connect();
      await until(c, (s) => s.status === 'open');
      c.setAvailable(true);
      return { c, cookie };
    };

    /** A visitor on B asks for a call, which rings the consultant. */
    const ringingCall = async (c: ConsultantClient, name: string): Promise<{ v: VisitorClient; id: string }> => {
      const storage = new Map<string, string>();
      const v = h.track(
        new VisitorClient({
          baseUrl: b.baseUrl,
          linkKey: 'demo-help',
          socketFactory: socketsTo(() => b),
          storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, val) => storage.set(k, val) },
        }),
      );
      v.connect();
      await until(v, (s) => s.status === 'open' && s.available);
      v.request(name);
      await until(c, () => c.ringing.length === 1);
      return { v, id: c.ringing[0]?.id ?? '' };
    };

    /** The consultant accepts a visitor's call; the visitor ends it. Returns the conversation. */
    const endedCall = async (c: ConsultantClient, name: string): Promise<string> => {
      const { v, id } = await ringingCall(c, name);
      c.accept(id);
      await until(v, (s) => s.conversation?.state === 'active');
      v.end();
      await until(c, (s) => s.conversations[id]?.state === 'ended');
      v.close();
      return id;
    };

    it('[PL8][C13] Mark as done through B (socket and REST): A stores it with the wrap-up and the consultant sees it', async () => {
      const { c, cookie } = await consultantOnB();
      const bySocket = await endedCall(c, 'Ann');
      c.markDone(bySocket, null);
      await until(c, (s) => s.conversations[bySocket]?.state === 'done');

      const byRest = await endedCall(c, 'Bea');
      const response = await json(b, cookie).post(`/api/v1/conversations/${byRest}/done`, {
        dispositionCode: null,
        notes: 'Wants gold',
      });
      expect(response.status).toBe(200);
      await until(c, (s) => s.conversations[byRest]?.state === 'done');

      const stored = await h.rows<{ id: string; state: string; notes: string | null }>(
        `select c.id, c.state, w.notes from conversations c left join wrap_ups w on w.conversation_id = c.id
         where c.id = any($1)`,
        [[bySocket, byRest]],
      );
      expect(stored.sort((x, y) => (x.id === bySocket ? -1 : y.id === bySocket ? 1 : 0))).toEqual([
        { id: bySocket, state: 'done', notes: '' },
        { id: byRest, state: 'done', notes: 'Wants gold' },
      ]);
      // The owner wrote it behind its fence ([PL3]): the fence holds A's token.
      const holder = await h.leases.holder(tenantId);
      const [fence] = await h.rows<{ token: string }>(`select token from placement_fences where tenant_id = $1`, [
        tenantId,
      ]);
      expect(Number(fence?.token)).toBe(holder?.token);
      c.setAvailable(false);
      c.close();
    }, 60_000);

    it('[PL9][C12] transfer targets and a new link by an admin, through B: answered and applied by A', async () => {
      // Sam is available on A, the owner; the demo consultant (an admin) works on B.
      const samCookie = await loginCookie(a.baseUrl, DEMO_SECOND_EMAIL, DEMO.password);
      const sam = h.track(new ConsultantClient({ baseUrl: a.baseUrl, socketFactory: socketsTo(() => a, samCookie) }));
      sam.connect();
      await until(sam, (s) => s.status === 'open');
      sam.setAvailable(true);
      const { c, cookie } = await consultantOnB();
      await until(c, (s) => s.available);
      const onB = json(b, cookie);
      const targets = await onB.get<TransferTargets>('/api/v1/transfer-targets');
      expect(targets.consultants.map((t) => t.name)).toContain('Sam Sales');
      expect(targets.links.length).toBeGreaterThan(0);

      // An admin's new link, assigned to the demo consultant, made through B: A's routing re-reads
      // the directory and the consultant's socket is told of the link.
      const me = (await onB.get<ConsultantView[]>('/api/v1/admin/consultants')).find((x) => x.email === DEMO.email);
      const created = await onB.post('/api/v1/admin/links', { name: 'Made on B', consultantIds: [me?.id ?? ''] });
      expect(created.status).toBe(201);
      await until(c, (s) => s.links.some((l) => l.name === 'Made on B'));
      sam.setAvailable(false);
      c.setAvailable(false);
      sam.close();
      c.close();
    }, 60_000);

    it('[PL10][RP3] a message left through B: A tells the consoles and counts the request as left a message', async () => {
      const { c } = await consultantOnB();
      const { v, id } = await ringingCall(c, 'Cid');
      const inboxVersion = c.state.inboxVersion;
      const left = await fetch(`${b.baseUrl}/api/v1/links/demo-help/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
        body: JSON.stringify({ name: 'Cid', email: 'cid@example.test', text: 'Call me back', conversationId: id }),
      });
      expect(left.status).toBe(201);
      await until(c, (s) => s.inboxVersion > inboxVersion);
      v.cancel();
      await until(c, () => c.ringing.length === 0);
      // The request closes on A with its facts: reports count it as "left a message".
      const started = Date.now();
      let facts: { left_message: number }[] = [];
      while (facts[0]?.left_message !== 1 && Date.now() - started < 10_000) {
        facts = await h.rows(`select left_message from conversation_facts where conversation_id = $1`, [id]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(facts).toEqual([{ left_message: 1 }]);
      v.close();
      c.setAvailable(false);
      c.close();
    }, 60_000);

    it('[PL11][AI2][PL32] an automatic invitation to a page on B comes from the consultant available on A, under rules saved on B', async () => {
      const cookie = await loginCookie(a.baseUrl);
      const c = h.track(new ConsultantClient({ baseUrl: a.baseUrl, socketFactory: socketsTo(() => a, cookie) }));
      c.connect();
      await until(c, (s) => s.status === 'open');
      c.setAvailable(true);
      await until(c, (s) => s.available);
      const onB = json(b, cookie);
      const link = (await onB.get<LinkView[]>('/api/v1/admin/links')).find((l) => l.key === 'demo-help');
      // [PL32] A page first, so the owner (A) reads the tenant's rules — none yet — and keeps them.
      const early = openSitePage(
        b.baseUrl,
        { page: { url: 'https://shop.example/early', title: 'Early', referrer: '' } },
        { track: (ws) => h.track({ close: () => ws.close() }) },
      );
      await early.next('site.welcome');
      early.ws.close();
      // An admin looks at the rules on A first (on the old code that filled A's copy too).
      expect((await json(a, cookie).get<{ rules: unknown[] }>('/api/v1/admin/auto-invitations')).rules).toEqual([]);
      const rule = { urlPattern: '/*', seconds: 1, pages: 1, capHours: 1, text: 'Hello from %name%', enabled: true };
      const saved = await onB.post('/api/v1/admin/auto-invitations', { rules: [{ ...rule, linkId: link?.id }] }, 'PUT');
      expect(saved.status).toBe(200);
      // An admin reading them on the owner sees what was saved on B, not the owner's cache.
      expect((await json(a, cookie).get<{ rules: unknown[] }>('/api/v1/admin/auto-invitations')).rules).toHaveLength(1);

      // A page of the site, its loader's socket on B.
      const page = new WebSocket(`${b.baseUrl.replace('http', 'ws')}/ws/site`, {
        headers: { origin: 'https://shop.example' },
      });
      h.track({ close: () => page.close() });
      const invitation = new Promise<SiteServerMessage>((resolve) =>
        page.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as SiteServerMessage;
          if (message.type === 'site.invitation') resolve(message);
        }),
      );
      page.on('open', () =>
        page.send(
          JSON.stringify({
            type: 'site.hello',
            v: SITE_PROTOCOL_VERSION,
            linkKey: 'demo-help',
            page: { url: 'https://shop.example/shop', title: 'Shop', referrer: '' },
            language: 'en',
            doNotTrack: false,
          }),
        ),
      );
      const got = await invitation;
      expect(got.type === 'site.invitation' ? got.text : '').toContain('Hello from');
      page.close();
      await onB.post('/api/v1/admin/auto-invitations', { rules: [] }, 'PUT');
      c.setAvailable(false);
      c.close();
    }, 60_000);

    it('[PL35] each node names itself in x-parley-node, on HTTP answers and on WebSocket handshakes', async () => {
      for (const [server, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        expect((await fetch(`${server.baseUrl}/readyz`)).headers.get(NODE_HEADER)).toBe(h.ownerName(name));
        const socket = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/ws/site`, {
          headers: { origin: 'https://shop.example' },
        });
        h.track({ close: () => socket.close() });
        const handshake = await new Promise<IncomingMessage>((resolve) => socket.once('upgrade', resolve));
        expect(handshake.headers[NODE_HEADER]).toBe(h.ownerName(name));
        socket.close();
      }
    });
  });
}

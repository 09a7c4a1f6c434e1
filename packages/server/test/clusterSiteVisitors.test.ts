import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient } from '@parley/client';
import type { SiteServerMessage } from '@parley/protocol';
import { rankNodes } from '../src/domain/placement/spread.ts';
import type { ChildServer } from './childServer.ts';
import { Cluster, clusterEngines, socketsTo } from './clusterProcesses.ts';
import { loginCookie, until } from './server.ts';
import { openSitePage, watchVisitors, type Welcome } from './sitePages.ts';

/**
 * Issue 18 [PL31]: one list of site visitors per tenant across the cluster, kept by the tenant's
 * owner. Pages' site sockets land on both nodes; a consultant on the node that does NOT own the
 * tenant sees them all and invites each; the pages of a node that dies leave the list.
 */
const { redisUrl, postgresUrl } = clusterEngines;

if (!redisUrl || !postgresUrl) {
  describe('cluster: site visitors', () =>
    it.skip('needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (scripts/redis.sh, scripts/postgres.sh)', () =>
      undefined));
} else {
  describe('[PL31] site visitors across nodes (issue 18)', () => {
    const LEASE_TTL_MS = 2000;
    const h = new Cluster(postgresUrl, redisUrl, { PARLEY_LEASE_TTL_MS: String(LEASE_TTL_MS) });
    /** The node holding the demo tenant's lease, and the other one. */
    let owner: ChildServer;
    let other: ChildServer;

    beforeAll(async () => {
      await h.create();
      const a = await h.node('a');
      const tenantId = await h.tenantId();
      const b = await h.node('b');
      // [PL22] The tenant settles on the node it prefers.
      const preferred = rankNodes(tenantId, [h.ownerName('a'), h.ownerName('b')])[0];
      await h.holderOf(tenantId, (holder) => holder === preferred);
      [owner, other] = preferred === h.ownerName('a') ? [a, b] : [b, a];
    }, 180_000);

    afterAll(() => h.close(), 30_000);

    const consultantOn = async (node: ChildServer): Promise<ConsultantClient> => {
      const cookie = await loginCookie(node.baseUrl);
      const c = h.track(new ConsultantClient({ baseUrl: node.baseUrl, socketFactory: socketsTo(() => node, cookie) }));
      c.connect();
      await until(c, (s) => s.status === 'open');
      return c;
    };
    const pageOn = (node: ChildServer, path: string) =>
      openSitePage(
        node.baseUrl,
        { page: { url: `https://shop.example${path}`, title: path, referrer: '' } },
        { track: (ws) => h.track({ close: () => ws.close() }) },
      );
    const invitation = (messages: SiteServerMessage[]) =>
      messages.find((m): m is Extract<SiteServerMessage, { type: 'site.invitation' }> => m.type === 'site.invitation');

    it('[PL31][SV5][SV7] a consultant on the node that does not own the tenant sees pages of both nodes and invites each', async () => {
      const desk = await consultantOn(other);
      const { list, seen } = watchVisitors(desk);
      const onOwner = pageOn(owner, '/on-owner');
      const onOther = pageOn(other, '/on-other');
      const ownerVisit = ((await onOwner.next('site.welcome')) as Welcome).visitId;
      const otherVisit = ((await onOther.next('site.welcome')) as Welcome).visitId;
      const rows = await seen((v) => v.filter((row) => row.online).length === 2);
      expect(rows.map((row) => row.pages.at(-1)?.url).sort()).toEqual([
        'https://shop.example/on-other',
        'https://shop.example/on-owner',
      ]);

      // The page on the owner and the page on this very node each get their card.
      list.invite(ownerVisit, 'Hello from %name%');
      list.invite(otherVisit, null);
      const [toOwner, toOther] = await Promise.all([onOwner.next('site.invitation'), onOther.next('site.invitation')]);
      expect(toOwner.type === 'site.invitation' && toOwner.text).toMatch(/^Hello from /);
      expect(toOther.type).toBe('site.invitation');
      // The visitor's answer on the other node reaches the owner's record and the list.
      const card = invitation(onOther.messages);
      onOther.ws.send(
        JSON.stringify({ type: 'site.invitation.answer', invitationId: card?.invitationId, answer: 'declined' }),
      );
      await seen((v) => v.some((row) => row.visitId === otherVisit && row.invitation?.state === 'declined'));
      onOwner.ws.close();
      onOther.ws.close();
      await seen((v) => v.every((row) => !row.online));
      desk.close();
    }, 60_000);

    it('[PL31][SV6] the pages of a node that dies go offline on the list kept by the owner', async () => {
      const desk = await consultantOn(owner);
      const { seen } = watchVisitors(desk);
      const page = pageOn(other, '/doomed');
      const visitId = ((await page.next('site.welcome')) as Welcome).visitId;
      await seen((v) => v.some((row) => row.visitId === visitId && row.online));
      const killedAt = Date.now();
      await other.stop('SIGKILL');
      // The node drops out of the live nodes one TTL after its last heartbeat ([PL22]); its pages
      // close then and the visitor leaves the list `lingerMs` later ([SV6]).
      await seen((v) => v.some((row) => row.visitId === visitId && !row.online));
      expect(Date.now() - killedAt).toBeLessThan(LEASE_TTL_MS * 3);
      desk.close();
    }, 60_000);
  });
}

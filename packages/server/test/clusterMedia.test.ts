import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient, VisitorClient } from '@parley/client';
import type { MediaRoomRef, ServerMessage } from '@parley/protocol';
import { rankNodes } from '../src/domain/placement/spread.ts';
import { DEMO_BROADCAST_KEY, DEMO_SECOND_EMAIL } from '../src/domain/tenants/demo.ts';
import type { ChildServer } from './childServer.ts';
import { Cluster, clusterEngines, socketsTo } from './clusterProcesses.ts';
import { FakeJanus } from './fakeJanus.ts';
import { DEMO, loginCookie, until } from './server.ts';

/**
 * Issue 18 item 3, media across nodes ([PL25]–[PL27]): each node has a Janus of its own (a fake
 * one here: the signalling is under test, no media flows). The presenter's socket is on the
 * tenant's owner, the viewer's on the other node; both reach one room on the owner's Janus.
 */
const { redisUrl, postgresUrl } = clusterEngines;
const API_SECRET = 'cluster-janus-secret';
const ADMIN_KEY = 'cluster-janus-admin';

/** What the server answers to one media request of a client: the SDP it got, or the error's code. */
function answerTo(
  client: VisitorClient | ConsultantClient,
  message: Extract<ServerMessage, { type: 'media.answer' | 'media.offer' }>['type'],
  send: () => void,
): Promise<string> {
  return new Promise((resolve) => {
    const offs = [
      client.connection.on(message, (m: { sdp: string }) => done(m.sdp)),
      client.connection.on('error', (m: { code: string }) => done(`error ${m.code}`)),
    ];
    function done(outcome: string) {
      for (const off of offs) off();
      resolve(outcome);
    }
    send();
  });
}

if (!redisUrl || !postgresUrl) {
  describe('cluster: media across nodes', () =>
    it.skip('needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (scripts/redis.sh, scripts/postgres.sh)', () =>
      undefined));
} else {
  describe('[PL25][PL26][PL27] broadcast media across nodes (issue 18)', () => {
    const LEASE_TTL_MS = 2000;
    const h = new Cluster(postgresUrl, redisUrl, { PARLEY_LEASE_TTL_MS: String(LEASE_TTL_MS) });
    const janus = new Map<string, FakeJanus>();
    const nodes = new Map<string, ChildServer>();
    let tenantId = '';
    let owner = '';
    let other = '';

    /** A cluster node whose Janus is a fake one of its own (the harness's nodes have none). */
    const mediaNode = async (name: string): Promise<void> => {
      const fake = await FakeJanus.start(API_SECRET);
      janus.set(name, fake);
      const env = {
        PARLEY_JANUS_URL: fake.url,
        PARLEY_JANUS_API_SECRET: API_SECRET,
        PARLEY_JANUS_ADMIN_KEY: ADMIN_KEY,
      };
      nodes.set(name, await h.node(name, env));
    };
    const node = (name: string): ChildServer => {
      const server = nodes.get(name);
      if (!server) throw new Error(`no node ${name}`);
      return server;
    };
    const janusOf = (name: string): FakeJanus => {
      const fake = janus.get(name);
      if (!fake) throw new Error(`no Janus of ${name}`);
      return fake;
    };

    beforeAll(async () => {
      await h.create();
      await mediaNode('a');
      tenantId = await h.tenantId();
      await mediaNode('b');
      // [PL22][PL24] The demo tenant settles on the node it prefers; the other node only forwards.
      const ranked = rankNodes(tenantId, [h.ownerName('a'), h.ownerName('b')]);
      [owner, other] = ranked[0] === h.ownerName('a') ? ['a', 'b'] : ['b', 'a'];
      await h.holderOf(tenantId, (holder) => holder === h.ownerName(owner), 30_000);
    }, 180_000);

    afterAll(async () => {
      await h.close();
      await Promise.all([...janus.values()].map((fake) => fake.close()));
    }, 30_000);

    let room: Extract<MediaRoomRef, { kind: 'broadcast' }> = { kind: 'broadcast', linkId: '' };
    let roomId = '';
    /** The one SFU room recorded for a broadcast or conference (`b-…`, `c-…`). */
    const recordedRoom = async (prefix: string): Promise<string> => {
      const rows = await h.rows<{ room_id: string }>(`select room_id from media_rooms where room_id like $1`, [
        `${prefix}.%`,
      ]);
      expect(rows).toHaveLength(1);
      return rows[0]?.room_id ?? '';
    };

    it("[PL25][PL26] a viewer on the other node receives the feed the presenter publishes through the owner, on the owner's Janus", async () => {
      const [link] = await h.rows<{ id: string }>(`select id from links where key = $1`, [DEMO_BROADCAST_KEY]);
      room = { kind: 'broadcast', linkId: link?.id ?? '' };

      // The presenter on the owner goes on air and publishes.
      const cookie = await loginCookie(node(owner).baseUrl);
      const presenter = h.track(
        new ConsultantClient({ baseUrl: node(owner).baseUrl, socketFactory: socketsTo(() => node(owner), cookie) }),
      );
      presenter.connect();
      await until(presenter, (s) => s.status === 'open');
      presenter.startBroadcast(room.linkId);
      await until(presenter, (s) => s.broadcasts[room.linkId]?.live === true);
      const answer = await answerTo(presenter, 'media.answer', () =>
        presenter.connection.send({ type: 'media.publish', room, leg: 'camera', sdp: 'v=0 presenter' }),
      );
      expect(answer).toBe(`answer from ${janusOf(owner).url}`);
      // [PL38] The SFU's room is the broadcast's id with a suffix of its own.
      roomId = await recordedRoom(`b-${room.linkId}`);

      // The viewer's socket is on the other node: the feed reaches it, and its receiving leg is
      // opened by the owner on the owner's Janus, in the presenter's room.
      const storage = new Map<string, string>();
      const viewer = h.track(
        new VisitorClient({
          baseUrl: node(other).baseUrl,
          linkKey: DEMO_BROADCAST_KEY,
          socketFactory: socketsTo(() => node(other)),
          storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
        }),
      );
      viewer.connect();
      await until(viewer, (s) => s.broadcast?.feed != null);
      viewer.joinBroadcast();
      await until(viewer, (s) => s.watching);
      const feed = viewer.state.broadcast?.feed ?? '';
      const offer = await answerTo(viewer, 'media.offer', () =>
        viewer.connection.send({ type: 'media.subscribe', room, leg: 'watch', feed }),
      );
      expect(offer).toBe(`offer from ${janusOf(owner).url}`);
      viewer.connection.send({ type: 'media.start', leg: 'watch', sdp: 'v=0 viewer' });
      await expect
        .poll(() => janusOf(owner).requests.some((r) => r.body?.request === 'start' && r.jsep?.sdp === 'v=0 viewer'))
        .toBe(true);
      expect(
        janusOf(owner)
          .requestsFor(roomId)
          .map((r) => r.request),
      ).toEqual(['create', 'joinandconfigure', 'join']);
      // The other node's Janus never heard of the room.
      expect(janusOf(other).requestsFor(roomId)).toEqual([]);
      // [PL26] The room is recorded with the Janus it lives on.
      expect(await h.rows(`select tenant_id, sfu from media_rooms where room_id = $1`, [roomId])).toEqual([
        { tenant_id: tenantId, sfu: janusOf(owner).url },
      ]);
    }, 60_000);

    it("[PL25][S5][S6] a colleague on the other node joins a call on the owner: both publish into one conference room on the owner's Janus", async () => {
      const consultantOn = async (name: string, email?: string) => {
        const cookie = await loginCookie(node(name).baseUrl, email, email ? DEMO.password : undefined);
        const client = h.track(
          new ConsultantClient({ baseUrl: node(name).baseUrl, socketFactory: socketsTo(() => node(name), cookie) }),
        );
        client.connect();
        await until(client, (s) => s.status === 'open');
        return client;
      };
      const host = await consultantOn(owner);
      host.setAvailable(true);
      const storage = new Map<string, string>();
      const caller = h.track(
        new VisitorClient({
          baseUrl: node(other).baseUrl,
          linkKey: 'demo-help',
          socketFactory: socketsTo(() => node(other)),
          storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
        }),
      );
      caller.connect();
      await until(caller, (s) => s.status === 'open' && s.available);
      caller.request('Vic');
      await until(host, () => host.ringing.length === 1);
      const id = host.ringing[0]?.id ?? '';
      host.accept(id);
      await until(caller, (s) => s.conversation?.state === 'active');

      const guest = await consultantOn(other, DEMO_SECOND_EMAIL);
      guest.setAvailable(true);
      await until(guest, (s) => s.available);
      host.inviteToConference(id, guest.state.consultantId ?? '');
      await until(guest, () => guest.invitations.length === 1);
      guest.answerInvitation(id, true);
      await until(host, (s) => s.conversations[id]?.media === 'sfu');

      const conference = { kind: 'conversation', conversationId: id } as const;
      const hostAnswer = await answerTo(host, 'media.answer', () =>
        host.connection.send({ type: 'media.publish', room: conference, leg: 'cam', sdp: 'v=0 host' }),
      );
      const guestAnswer = await answerTo(guest, 'media.answer', () =>
        guest.connection.send({ type: 'media.publish', room: conference, leg: 'cam', sdp: 'v=0 guest' }),
      );
      expect([hostAnswer, guestAnswer]).toEqual([
        `answer from ${janusOf(owner).url}`,
        `answer from ${janusOf(owner).url}`,
      ]);
      // The guest learns the host's feed from the owner's live state and receives it.
      await until(guest, (s) => s.conversations[id]?.feeds.includes(`c-${host.state.consultantId ?? ''}`) === true);
      const offer = await answerTo(guest, 'media.offer', () =>
        guest.connection.send({
          type: 'media.subscribe',
          room: conference,
          leg: 'host',
          feed: `c-${host.state.consultantId ?? ''}`,
        }),
      );
      expect(offer).toBe(`offer from ${janusOf(owner).url}`);
      const conferenceRoom = await recordedRoom(`c-${id}`);
      expect(janusOf(other).requestsFor(conferenceRoom)).toEqual([]);

      // The call ends: the room goes on the owner's Janus and from the records ([S4][PL26]).
      host.end(id);
      await until(caller, (s) => s.conversation?.state === 'ended');
      await expect.poll(() => janusOf(owner).rooms.has(conferenceRoom)).toBe(false);
      await expect
        .poll(() => h.rows(`select room_id from media_rooms where room_id = $1`, [conferenceRoom]))
        .toEqual([]);
      caller.close();
      guest.setAvailable(false);
      host.setAvailable(false);
      guest.close();
      host.close();
    }, 60_000);

    it('[PL27][PL38] the owner dies mid-broadcast: the new owner destroys the dead room on its Janus; the broadcast stays on air and the presenter publishes into a new room', async () => {
      expect(janusOf(owner).rooms.has(roomId)).toBe(true);
      await node(owner).stop('SIGKILL');
      await h.holderOf(tenantId, (holder) => holder === h.ownerName(other), 30_000);
      // The room's legs died with the node that held them: the dead node's Janus is told to
      // destroy it by the new owner, with the room's own secret.
      await expect.poll(() => janusOf(owner).rooms.has(roomId), { timeout: 15_000 }).toBe(false);
      await expect
        .poll(() => h.rows(`select room_id from media_rooms where room_id = $1`, [roomId]), { timeout: 15_000 })
        .toEqual([]);
      expect(janusOf(other).requestsFor(roomId)).toEqual([]);

      // [PL38] The broadcast itself is kept: the presenter, back on the surviving node, finds it on
      // air with no feed yet and publishes again, into a room of the new owner's own.
      const cookie = await loginCookie(node(other).baseUrl);
      const presenter = h.track(
        new ConsultantClient({ baseUrl: node(other).baseUrl, socketFactory: socketsTo(() => node(other), cookie) }),
      );
      presenter.connect();
      await until(presenter, (s) => s.status === 'open');
      expect(presenter.state.broadcasts[room.linkId]).toMatchObject({
        live: true,
        presenterId: presenter.state.consultantId,
        feed: null,
      });
      const answer = await answerTo(presenter, 'media.answer', () =>
        presenter.connection.send({ type: 'media.publish', room, leg: 'camera', sdp: 'v=0 presenter again' }),
      );
      expect(answer).toBe(`answer from ${janusOf(other).url}`);
      await until(presenter, (s) => s.broadcasts[room.linkId]?.feed === `c-${presenter.state.consultantId ?? ''}`);
      const newRoom = await recordedRoom(`b-${room.linkId}`);
      expect(newRoom).not.toBe(roomId);
      expect(janusOf(other).rooms.has(newRoom)).toBe(true);
      presenter.stopBroadcast(room.linkId);
      await expect.poll(() => janusOf(other).rooms.has(newRoom), { timeout: 15_000 }).toBe(false);
      presenter.close();
    }, 60_000);
  });
}

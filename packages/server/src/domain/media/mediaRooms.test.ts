import type { Link } from '../tenants/directory.ts';
import { describe, expect, it } from 'vitest';
import {
  codeOfAsync as codeOf,
  goAvailable,
  requestOn,
  testOptions,
  world,
  type World,
} from '../../../test/fixtures.ts';
import { linkDefaults } from '../tenants/directory.ts';
import { MediaRooms, type MediaRoomRecord, type MediaRoomRecords } from './mediaRooms.ts';
import type { Sfu } from './sfu.ts';

/** An SFU that records what it was asked and answers with fixed SDP. */
class FakeSfu implements Sfu {
  constructor(readonly location?: string) {}
  readonly calls: string[] = [];
  readonly rooms = new Map<string, number>();
  readonly legs = new Set<string>();
  createRoom(roomId: string, o: { maxPublishers: number }): Promise<void> {
    this.rooms.set(roomId, o.maxPublishers);
    return Promise.resolve();
  }
  destroyRoom(roomId: string): Promise<void> {
    this.calls.push(`destroy ${roomId}`);
    this.rooms.delete(roomId);
    return Promise.resolve();
  }
  publish(legId: string, roomId: string, feedId: string): Promise<string> {
    this.calls.push(`publish ${roomId} ${feedId}`);
    this.legs.add(legId);
    return Promise.resolve('answer');
  }
  subscribe(legId: string, roomId: string, feedId: string): Promise<string> {
    this.calls.push(`subscribe ${roomId} ${feedId}`);
    this.legs.add(legId);
    return Promise.resolve('offer');
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  trickle(): Promise<void> {
    return Promise.resolve();
  }
  selectLayer(legId: string, substream: number): Promise<void> {
    this.calls.push(`layer ${legId} ${substream}`);
    return Promise.resolve();
  }
  closeLeg(legId: string): Promise<void> {
    this.legs.delete(legId);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Media rooms as the app wires them: access asked of the tenant's live state, its events followed. */
function mediaRoomsOf(w: World, sfu: Sfu): MediaRooms {
  const media = new MediaRooms(sfu, (tenantId) => w.live.of(tenantId));
  w.live.events.on((event) => media.onLiveEvent(event));
  return media;
}

async function broadcast(capacity = 2): Promise<{ w: World; link: Link; sfu: FakeSfu; media: MediaRooms }> {
  const w = await world(undefined, capacity);
  const link: Link = { id: 'B', tenantId: 't1', key: 'key-B', name: 'B', ...linkDefaults, mode: 'broadcast' };
  await w.store.links.createLink(link);
  await w.store.links.assignConsultant('t1', 'B', 'c1');
  await w.board.directoryChanged();
  await w.board.consultantConnected(w.consultant(1));
  const sfu = new FakeSfu();
  const media = mediaRoomsOf(w, sfu);
  await w.board.startBroadcast('c1', 'B');
  return { w, link, sfu, media };
}

const presenter = { kind: 'consultant', consultantId: 'c1' } as const;
const room = { kind: 'broadcast', linkId: 'B' } as const;

describe('media rooms', () => {
  it('[S1] only the presenter on air publishes into a broadcast; a visitor trying to is refused', async () => {
    const { w, link, sfu, media } = await broadcast();
    const v = w.visitor(1, link);
    await w.board.visitorConnected(v, link);
    await w.board.joinBroadcast(v.id);
    const visitor = { kind: 'visitor', visitorId: v.id } as const;
    expect(await codeOf(media.publish('t1', visitor, room, 'pub', 'sdp'))).toBe('forbidden');
    await w.board.consultantConnected(w.consultant(2));
    expect(await codeOf(media.publish('t1', { kind: 'consultant', consultantId: 'c2' }, room, 'pub', 'sdp'))).toBe(
      'forbidden',
    );
    expect(await media.publish('t1', presenter, room, 'pub', 'sdp')).toBe('answer');
    expect(sfu.rooms.get('b-B')).toBe(1);
    // [S7] Screens are shared in conferences only: a broadcast has its one presenter feed.
    expect(await codeOf(media.publish('t1', presenter, room, 'scr', 'sdp', 'screen'))).toBe('forbidden');
    await w.board.settled();
    const feeds = w.outbox
      .to({ kind: 'link', linkId: 'B' })
      .flatMap((m) => (m.type === 'broadcast.updated' ? [m.broadcast.feed] : []));
    expect(feeds.at(-1)).toBe('c-c1');
  });

  it('[S2][B3] only admitted viewers receive, at most the room capacity; leaving drops the leg', async () => {
    const { w, link, media } = await broadcast(2);
    await media.publish('t1', presenter, room, 'pub', 'sdp');
    const viewers = [1, 2, 3].map((n) => w.visitor(n, link));
    for (const v of viewers) await w.board.visitorConnected(v, link);
    const as = (n: number) => ({ kind: 'visitor', visitorId: viewers[n]?.id ?? '' }) as const;
    // Not in the room yet: refused, whatever the feed.
    expect(await codeOf(media.subscribe('t1', as(0), room, 'view', 'c-c1'))).toBe('forbidden');
    await w.board.joinBroadcast(as(0).visitorId);
    await w.board.joinBroadcast(as(1).visitorId);
    expect(await codeOf(w.board.joinBroadcast(as(2).visitorId))).toBe('room_full');
    expect(await codeOf(media.subscribe('t1', as(2), room, 'view', 'c-c1'))).toBe('forbidden');
    expect(await codeOf(media.subscribe('t1', as(0), room, 'view', 'nobody'))).toBe('not_found');
    expect(await media.subscribe('t1', as(0), room, 'view', 'c-c1')).toBe('offer');
    expect(await media.subscribe('t1', as(1), room, 'view', 'c-c1')).toBe('offer');
    expect(media.subscriberCount(room)).toBe(2);
    await w.board.leaveBroadcast(as(0).visitorId);
    expect(media.subscriberCount(room)).toBe(1);
  });

  it('[NW11] a viewer picks the simulcast layer of its own receiving leg only', async () => {
    const { w, link, sfu, media } = await broadcast(2);
    await media.publish('t1', presenter, room, 'pub', 'sdp');
    const [a, b] = [1, 2].map((n) => w.visitor(n, link));
    const as = (v: typeof a) => ({ kind: 'visitor', visitorId: v?.id ?? '' }) as const;
    for (const v of [a, b]) {
      await w.board.visitorConnected(v!, link);
      await w.board.joinBroadcast(v!.id);
    }
    await media.subscribe('t1', as(a), room, 'view', 'c-c1');
    await media.selectLayer(as(a), 'view', 0);
    expect(sfu.calls.at(-1)).toBe(`layer v:${a!.id}/view 0`);
    // Another viewer naming the same leg has none of that name; the presenter's leg sends, it picks nothing.
    expect(await codeOf(media.selectLayer(as(b), 'view', 1))).toBe('not_found');
    expect(await codeOf(media.selectLayer(presenter, 'pub', 1))).toBe('forbidden');
    expect(sfu.calls.filter((c) => c.startsWith('layer'))).toHaveLength(1);
  });

  it('[S4] ending the broadcast destroys its SFU room and every leg', async () => {
    const { w, link, sfu, media } = await broadcast();
    await media.publish('t1', presenter, room, 'pub', 'sdp');
    const v = w.visitor(1, link);
    await w.board.visitorConnected(v, link);
    await w.board.joinBroadcast(v.id);
    await media.subscribe('t1', { kind: 'visitor', visitorId: v.id }, room, 'view', 'c-c1');
    await w.board.stopBroadcast('c1', 'B');
    expect(sfu.calls).toContain('destroy b-B');
    expect(media.subscriberCount(room)).toBe(0);
  });

  it('[S5][S6] a conference: invited colleague joins, the call moves to the SFU, anyone may leave', async () => {
    const w = await world();
    const media = mediaRoomsOf(w, new FakeSfu());
    await goAvailable(w, 1);
    const conversation = await requestOn(w, 1);
    await w.board.accept('c1', conversation.id);
    const ref = { kind: 'conversation', conversationId: conversation.id } as const;
    const visitor = { kind: 'visitor', visitorId: w.visitor(1).id } as const;
    // 1:1 stays peer to peer: no SFU room until a third party joins.
    expect(await codeOf(media.publish('t1', visitor, ref, 'pub', 'sdp'))).toBe('illegal_transition');
    expect(await codeOf(w.board.inviteToConference('c1', conversation.id, 'c2'))).toBe('transfer_target_unavailable');
    await goAvailable(w, 2);
    await w.board.inviteToConference('c1', conversation.id, 'c2');
    const c2 = { kind: 'consultant', consultantId: 'c2' } as const;
    // Invited is not present: no media until they join.
    expect(await codeOf(media.publish('t1', c2, ref, 'pub', 'sdp'))).toBe('illegal_transition');
    await w.board.joinConference('c2', conversation.id);
    await media.publish('t1', visitor, ref, 'pub', 'sdp');
    await media.publish('t1', c2, ref, 'pub', 'sdp');
    // [S7] A shared screen is a second feed of its sharer, beside the camera.
    await media.publish('t1', c2, ref, 'scr', 'sdp', 'screen');
    await w.board.settled();
    const views = w.outbox.to(visitor).flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []));
    expect(views.at(-1)).toMatchObject({ media: 'sfu', members: [{ id: 'c2', name: 'Consultant 2' }] });
    expect(views.at(-1)?.feeds).toEqual(['v-v1L', 'c-c2', 'c-c2~screen']);
    await media.close(c2, 'scr');
    await w.board.settled();
    expect(
      w.outbox
        .to(visitor)
        .flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []))
        .at(-1)?.feeds,
    ).toEqual(['v-v1L', 'c-c2']);
    // The owner leaves; the colleague carries the call on.
    await w.board.leaveConference('c1', conversation.id);
    await w.board.settled();
    const last = w.outbox
      .to(visitor)
      .flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []))
      .at(-1);
    expect(last).toMatchObject({ state: 'active', consultantId: 'c2', members: [] });
    expect(await codeOf(w.board.leaveConference('c2', conversation.id))).toBe('illegal_transition');
  });

  it('[P2][S5][SM1] a consultant lost for good leaves the conference, media state and all; the call goes on with the others', async () => {
    const w = await world();
    const sfu = new FakeSfu();
    mediaRoomsOf(w, sfu);
    await goAvailable(w, 1);
    await goAvailable(w, 2);
    await goAvailable(w, 3);
    const conversation = await requestOn(w, 1);
    await w.board.accept(conversation.consultantId ?? '', conversation.id);
    const owner = conversation.consultantId ?? '';
    const [member, invitee] = ['c1', 'c2', 'c3'].filter((id) => id !== owner) as [string, string];
    await w.board.inviteToConference(owner, conversation.id, member);
    await w.board.joinConference(member, conversation.id);
    await w.board.inviteToConference(owner, conversation.id, invitee);
    const visitor = { kind: 'visitor', visitorId: w.visitor(1).id } as const;
    const lastView = () =>
      w.outbox
        .to(visitor)
        .flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []))
        .at(-1);

    // [SM1] The member turns the camera off: the visitor sees it on the member's tile, not the owner's.
    const off = { camera: false, microphone: true, screen: false, supportVideo: false };
    await w.board.setMediaState({ kind: 'consultant', consultantId: member }, conversation.id, off);
    await w.board.settled();
    expect(lastView()?.mediaState).toEqual({ visitor: null, consultant: null, members: { [`c-${member}`]: off } });

    // The member's tab closes for good: they leave, the owner and visitor carry on.
    await w.board.consultantDisconnected(member);
    w.runtime.advance(testOptions.consultantGraceMs);
    await w.board.settled();
    expect(lastView()).toMatchObject({ state: 'active', consultantId: owner, members: [] });
    expect(lastView()?.mediaState.members).toEqual({});
    expect(w.outbox.to({ kind: 'consultant', consultantId: member }).at(-1)).toEqual({
      type: 'conference.left',
      conversationId: conversation.id,
    });

    // The invitee is lost before answering: the invitation lapses.
    await w.board.consultantDisconnected(invitee);
    w.runtime.advance(testOptions.consultantGraceMs);
    await w.board.settled();
    expect(lastView()?.invited ?? []).toEqual([]);

    // The owner, alone again, is lost: now the call ends.
    await w.board.consultantDisconnected(owner);
    w.runtime.advance(testOptions.consultantGraceMs);
    await w.board.settled();
    expect(lastView()).toMatchObject({ state: 'ended', closeReason: 'consultant_left' });
  });
});

/** [PL26] Records kept in memory, as the `media_rooms` table keeps them. */
class MemoryRecords implements MediaRoomRecords {
  readonly rooms = new Map<string, MediaRoomRecord>();
  record(room: MediaRoomRecord): Promise<void> {
    this.rooms.set(room.roomId, room);
    return Promise.resolve();
  }
  forget(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
    return Promise.resolve();
  }
  list(tenantId?: string): Promise<MediaRoomRecord[]> {
    return Promise.resolve([...this.rooms.values()].filter((r) => tenantId === undefined || r.tenantId === tenantId));
  }
}

describe('media rooms across nodes', () => {
  it('[PL26][PL27] a room is recorded with its SFU; leftovers are destroyed on theirs; a dropped tenant takes its rooms along', async () => {
    const { w } = await broadcast();
    const own = new FakeSfu('ws://janus-here:8188');
    const elsewhere = new FakeSfu('ws://janus-there:8188');
    const records = new MemoryRecords();
    const errors: unknown[] = [];
    const media = new MediaRooms(own, (tenantId) => w.live.of(tenantId), {
      records,
      sfuAt: (location) => (location === elsewhere.location ? elsewhere : own),
      now: () => 42,
      newRoomSuffix: () => 'n1',
      onError: (error) => errors.push(error),
    });
    expect(await media.publish('t1', presenter, room, 'pub', 'sdp')).toBe('answer');
    expect(records.rooms.get('b-B.n1')).toEqual({
      roomId: 'b-B.n1',
      tenantId: 't1',
      sfu: 'ws://janus-here:8188',
      createdAt: 42,
    });

    // A node that died left a room of t1 on its Janus; t2's rooms are another owner's business.
    await records.record({ roomId: 'b-gone', tenantId: 't1', sfu: 'ws://janus-there:8188', createdAt: 1 });
    await records.record({ roomId: 'b-t2', tenantId: 't2', sfu: 'ws://janus-there:8188', createdAt: 1 });
    await media.clearLeftovers('t1');
    expect(elsewhere.calls).toEqual(['destroy b-gone']);
    expect(own.calls.filter((c) => c.startsWith('destroy'))).toEqual([]);
    expect([...records.rooms.keys()].sort()).toEqual(['b-B.n1', 'b-t2']);

    // The lease moved on: this node's rooms of t1 go, on its SFU and in the records.
    media.tenantDropped('t1');
    await expect.poll(() => [...records.rooms.keys()]).toEqual(['b-t2']);
    expect(own.calls.filter((c) => c.startsWith('destroy'))).toEqual(['destroy b-B.n1']);
    expect(media.census().rooms).toBe(0);
    expect(errors).toEqual([]);
  });

  it('[PL38][PL27] a presenter re-publishing into a restored broadcast gets a new SFU room, made after the leftover one is destroyed', async () => {
    const { w } = await broadcast();
    // The shared Janus, slow to destroy the room a dead node left there under the same id.
    let destroyed!: () => void;
    const gate = new Promise<void>((done) => (destroyed = done));
    const shared = new (class extends FakeSfu {
      override async destroyRoom(roomId: string): Promise<void> {
        await gate;
        return super.destroyRoom(roomId);
      }
      override createRoom(roomId: string, o: { maxPublishers: number }): Promise<void> {
        this.calls.push(`create ${roomId}`);
        return super.createRoom(roomId, o);
      }
    })('ws://janus:8188');
    const records = new MemoryRecords();
    await records.record({ roomId: 'b-B.n1', tenantId: 't1', sfu: 'ws://janus:8188', createdAt: 1 });
    const media = new MediaRooms(shared, (tenantId) => w.live.of(tenantId), {
      records,
      sfuAt: () => shared,
      now: () => 42,
      newRoomSuffix: () => 'n2',
      onError: (error) => {
        throw error;
      },
    });
    const cleared = media.clearLeftovers('t1');
    const answer = media.publish('t1', presenter, room, 'pub', 'sdp');
    destroyed();
    await cleared;
    expect(await answer).toBe('answer');
    // The dead node's room goes, and the new one is a room of its own on the SFU, made after.
    expect(shared.calls).toEqual(['destroy b-B.n1', 'create b-B.n2', 'publish b-B.n2 c-c1']);
    expect([...shared.rooms.keys()]).toEqual(['b-B.n2']);
    expect([...records.rooms.keys()]).toEqual(['b-B.n2']);
  });
});

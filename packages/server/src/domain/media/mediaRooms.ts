import { ParleyError, isParleyError, type MediaRoomRef } from '@parley/protocol';
import type { Actor } from '../ports/actor.ts';
import type { LiveEvent } from '../ports/liveEvents.ts';
import type { IceCandidateInit, Sfu } from './sfu.ts';

/** What one participant may do in one media room right now, as the live state decides. */
export interface MediaGrant {
  /** The participant's own feed id when they may publish into the room; null when they may not. */
  publishAs: string | null;
  /** Whether they may receive the room's feeds. */
  watch: boolean;
  /** [S1] Publishers the SFU admits (one for a broadcast). */
  maxPublishers: number;
  /** [S2] Receiving legs admitted per room: the SFU side of [B3]. */
  maxSubscribers: number;
}

/** The live state's side of media: who may do what, and who hears of new feeds. */
export interface MediaAccess {
  /** Throws a coded error (`forbidden`, `conversation_not_found`, …) when the room is not theirs. */
  grant(actor: Actor, room: MediaRoomRef): MediaGrant;
  feedsChanged(room: MediaRoomRef, feeds: readonly string[]): void;
}

/**
 * [PL25] The media signalling a tenant's live unit hands to the SFU side: what a socket's
 * `media.*` messages become. Plain JSON in and out, so a socket on another node forwards them to
 * the tenant's owner, whose media rooms hold every leg of the tenant's rooms.
 */
export interface MediaSignalling {
  publish(
    tenantId: string,
    actor: Actor,
    ref: MediaRoomRef,
    leg: string,
    sdp: string,
    source?: 'camera' | 'screen',
  ): Promise<string>;
  subscribe(tenantId: string, actor: Actor, ref: MediaRoomRef, leg: string, feed: string): Promise<string>;
  start(actor: Actor, leg: string, sdp: string): Promise<void>;
  trickle(actor: Actor, leg: string, candidate: IceCandidateInit | null): Promise<void>;
  selectLayer(actor: Actor, leg: string, substream: number): Promise<void>;
  close(actor: Actor, leg: string): Promise<void>;
}

/** [PL26] An open SFU room and where it lives. */
export interface MediaRoomRecord {
  roomId: string;
  tenantId: string;
  /** The SFU's `location` (the Janus URL). */
  sfu: string;
  createdAt: number;
}

/** [PL26] Each open room with its SFU, kept in storage so any node finds it ([PL27]). */
export interface MediaRoomRecords {
  record(room: MediaRoomRecord): Promise<void>;
  forget(roomId: string): Promise<void>;
  /** The tenant's rooms, or every tenant's without one. */
  list(tenantId?: string): Promise<MediaRoomRecord[]>;
}

/** [PL26][PL27] How a node keeps its rooms' records; without them a node keeps no record. */
export interface MediaRoomKeeping {
  records: MediaRoomRecords;
  /** The SFU at a recorded location: this node's own, or another node's (same credentials). */
  sfuAt(location: string): Sfu;
  now(): number;
  /**
   * [PL38] A fresh suffix for the SFU's name of each room made: a room made again (by a new
   * owner, after a restart) is a new SFU room, so destroying a leftover — or a former owner
   * destroying its own on the way out — never takes down the room in use.
   */
  newRoomSuffix(): string;
  /** A record that could not be written or a leftover room that could not be destroyed. */
  onError(error: unknown): void;
}

interface Leg {
  key: string;
  actorKey: string;
  roomId: string;
  kind: 'publisher' | 'subscriber';
  feed: string;
}

interface RoomState {
  /** The tenant whose live state decides who may do what in the room. */
  tenantId: string;
  ref: MediaRoomRef;
  /** The room's name on the SFU and in the records: its id, plus a suffix when records are kept. */
  sfuRoomId: string;
  ready: Promise<void>;
  /** feed id → the publishing leg's key */
  feeds: Map<string, string>;
  subscribers: Set<string>;
}

export function roomIdOf(room: MediaRoomRef): string {
  return room.kind === 'broadcast' ? `b-${room.linkId}` : `c-${room.conversationId}`;
}

export function feedIdOf(actor: Actor): string {
  return actor.kind === 'visitor' ? `v-${actor.visitorId}` : `c-${actor.consultantId}`;
}

/** F-15 The second feed of a participant sharing their screen ('~' never occurs in ids). */
export function screenFeedOf(feed: string): string {
  return `${feed}~screen`;
}

/**
 * Media rooms on the SFU (F-11, F-16; docs/SPEC.md [S1]–[S6]). Every leg is checked against the
 * live state's grant before the SFU hears of it: only a broadcast's presenter publishes into it,
 * only its admitted viewers (at most the room's capacity) receive, only a conference's members
 * take part. Legs are keyed by participant, so nobody can touch another person's leg.
 */
export class MediaRooms implements MediaSignalling {
  private readonly legs = new Map<string, Leg>();
  private readonly rooms = new Map<string, RoomState>();
  /**
   * [PL38] Leftover rooms being destroyed: a room is made only after that, so a presenter who
   * re-publishes into a restored broadcast never has the new room destroyed under them.
   */
  private clearing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sfu: Sfu,
    /** The live state of a tenant, which grants access to its rooms. */
    private readonly access: (tenantId: string) => MediaAccess,
    private readonly keeping?: MediaRoomKeeping,
  ) {}

  /**
   * [S1][S3] Publish the actor's camera and microphone — or [S7] their shared screen, as a second
   * feed, in a conference — and resolve with the SFU's answer.
   */
  async publish(
    tenantId: string,
    actor: Actor,
    ref: MediaRoomRef,
    leg: string,
    sdp: string,
    source: 'camera' | 'screen' = 'camera',
  ): Promise<string> {
    const grant = this.access(tenantId).grant(actor, ref);
    if (grant.publishAs === null) throw new ParleyError('forbidden', 'you may not publish into this room');
    if (source === 'screen' && ref.kind !== 'conversation') {
      throw new ParleyError('forbidden', 'a screen is shared in conferences only');
    }
    const feed = source === 'screen' ? screenFeedOf(grant.publishAs) : grant.publishAs;
    const room = this.room(tenantId, ref, grant.maxPublishers);
    const key = legKey(actor, leg);
    await this.close(actor, leg);
    // A re-publish (reload, new device) replaces the participant's previous feed.
    const previous = room.feeds.get(feed);
    if (previous !== undefined) await this.dropLeg(previous);
    return this.sfuCall(async () => {
      await room.ready;
      this.legs.set(key, { key, actorKey: actorKeyOf(actor), roomId: roomIdOf(ref), kind: 'publisher', feed });
      const answer = await this.sfu.publish(key, room.sfuRoomId, feed, sdp);
      room.feeds.set(feed, key);
      this.access(tenantId).feedsChanged(ref, [...room.feeds.keys()]);
      return answer;
    }, key);
  }

  /** [S2][S3] Receive one feed of the room; resolves with the SFU's offer. */
  async subscribe(tenantId: string, actor: Actor, ref: MediaRoomRef, leg: string, feed: string): Promise<string> {
    const grant = this.access(tenantId).grant(actor, ref);
    if (!grant.watch) throw new ParleyError('forbidden', 'you may not watch this room');
    const room = this.rooms.get(roomIdOf(ref));
    if (!room?.feeds.has(feed)) throw new ParleyError('not_found', 'no such feed');
    const key = legKey(actor, leg);
    await this.close(actor, leg);
    // [SD7] One receiving leg per participant and feed: leg names are the client's to pick, so a
    // new one replaces the participant's earlier leg of that feed instead of taking another slot.
    await this.dropReceiving(actorKeyOf(actor), roomIdOf(ref), feed);
    // The slot is taken before any await, so concurrent joins cannot overshoot the cap.
    if (room.subscribers.size >= grant.maxSubscribers) throw new ParleyError('room_full');
    room.subscribers.add(key);
    this.legs.set(key, { key, actorKey: actorKeyOf(actor), roomId: roomIdOf(ref), kind: 'subscriber', feed });
    return this.sfuCall(() => this.sfu.subscribe(key, room.sfuRoomId, feed), key);
  }

  async start(actor: Actor, leg: string, sdp: string): Promise<void> {
    const key = this.own(actor, leg);
    await this.sfuCall(() => this.sfu.start(key, sdp), key);
  }

  async trickle(actor: Actor, leg: string, candidate: IceCandidateInit | null): Promise<void> {
    const key = this.own(actor, leg);
    // Candidates are best effort by nature: one the SFU cannot use is dropped, and a connection
    // that never forms shows up in its connection state, not as an error per candidate.
    if (candidate !== null && candidate.candidate === '') return;
    await this.sfu.trickle(key, candidate).catch(() => undefined);
  }

  /** [NW11] One of the actor's receiving legs asks for another simulcast layer of its feed. */
  async selectLayer(actor: Actor, leg: string, substream: number): Promise<void> {
    const key = this.own(actor, leg);
    if (this.legs.get(key)?.kind !== 'subscriber')
      throw new ParleyError('forbidden', 'only a receiving leg picks a layer');
    // A refused layer leaves the leg as it was (the picture keeps coming): no drop on failure.
    await this.sfuCall(async () => {
      await this.sfu.selectLayer?.(key, substream);
    });
  }

  /** Closes one of the actor's legs; closing what is not there changes nothing. */
  async close(actor: Actor, leg: string): Promise<void> {
    await this.dropLeg(legKey(actor, leg));
  }

  /**
   * Media follows the live state: a viewer or a consultant who left loses their legs in the room
   * ([S2], [S5]); a room whose broadcast or conversation ended goes ([S4]).
   */
  onLiveEvent(event: LiveEvent): void {
    switch (event.type) {
      case 'conversation.closed':
        return this.closeRoom({ kind: 'conversation', conversationId: event.conversationId });
      case 'broadcast.ended':
        return this.closeRoom({ kind: 'broadcast', linkId: event.linkId });
      case 'conference.left':
        return this.revoke(
          { kind: 'consultant', consultantId: event.consultantId },
          { kind: 'conversation', conversationId: event.conversationId },
        );
      case 'broadcast.viewer_left':
        return this.revoke(
          { kind: 'visitor', visitorId: event.visitorId },
          { kind: 'broadcast', linkId: event.linkId },
        );
      case 'consultant.availability_changed':
      case 'conversation.changed':
      case 'conference.joined':
        return;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /** Every leg of a participant who left the room (a viewer leaving, an agent leaving a conference). */
  revoke(actor: Actor, ref: MediaRoomRef): void {
    const actorKey = actorKeyOf(actor);
    const roomId = roomIdOf(ref);
    for (const leg of [...this.legs.values()]) {
      if (leg.actorKey === actorKey && leg.roomId === roomId) void this.dropLeg(leg.key);
    }
  }

  /** Every leg of a participant whose connection is gone for good. */
  actorGone(actor: Actor): void {
    const actorKey = actorKeyOf(actor);
    for (const leg of [...this.legs.values()]) if (leg.actorKey === actorKey) void this.dropLeg(leg.key);
  }

  /** [S4] The broadcast ended or the conversation closed: the SFU room goes, with every leg. */
  closeRoom(ref: MediaRoomRef): void {
    const roomId = roomIdOf(ref);
    const room = this.rooms.get(roomId);
    if (!room) return;
    this.rooms.delete(roomId);
    for (const leg of [...this.legs.values()]) if (leg.roomId === roomId) this.legs.delete(leg.key);
    const keeping = this.keeping;
    void this.sfu
      .destroyRoom(room.sfuRoomId)
      .catch(() => undefined)
      .then(() => keeping?.records.forget(room.sfuRoomId))
      .catch((error: unknown) => keeping?.onError(error));
  }

  /**
   * [PL27] This node no longer runs the tenant (its lease moved on): the broadcasts and
   * conferences of its live state are gone with it, so are their rooms, here and on the SFU.
   */
  tenantDropped(tenantId: string): void {
    for (const room of [...this.rooms.values()]) if (room.tenantId === tenantId) this.closeRoom(room.ref);
  }

  /**
   * [PL27] Rooms recorded for the tenant (or, on a restart, for every tenant) that this node
   * does not hold — left by a node that died, or by this process before it restarted — are
   * destroyed on the SFU they were recorded on, and forgotten: their legs died with the node that
   * held them. A broadcast kept on air ([PL38]) gets a new room when its presenter re-publishes.
   */
  clearLeftovers(tenantId?: string): Promise<void> {
    this.clearing = this.clearing.then(() => this.destroyLeftovers(tenantId));
    return this.clearing;
  }

  private async destroyLeftovers(tenantId?: string): Promise<void> {
    const keeping = this.keeping;
    if (!keeping) return;
    const records = await keeping.records.list(tenantId).catch((error: unknown) => {
      keeping.onError(error);
      return [];
    });
    const held = new Set([...this.rooms.values()].map((room) => room.sfuRoomId));
    for (const record of records) {
      if (held.has(record.roomId)) continue;
      await keeping
        .sfuAt(record.sfu)
        .destroyRoom(record.roomId)
        .then(() => keeping.records.forget(record.roomId))
        .catch((error: unknown) => keeping.onError(error));
    }
  }

  /** [OP2] SFU rooms open now and their legs by direction, for a metrics scrape. */
  census(): { rooms: number; publishers: number; subscribers: number } {
    let publishers = 0;
    for (const leg of this.legs.values()) if (leg.kind === 'publisher') publishers += 1;
    return { rooms: this.rooms.size, publishers, subscribers: this.legs.size - publishers };
  }

  /** [OP1] Whether the SFU answers; unknown (null) for an adapter that cannot tell. */
  reachable(): Promise<boolean | null> {
    return this.sfu.reachable?.() ?? Promise.resolve(null);
  }

  /** How many receiving legs a room has (tests, metrics). */
  subscriberCount(ref: MediaRoomRef): number {
    return this.rooms.get(roomIdOf(ref))?.subscribers.size ?? 0;
  }

  private room(tenantId: string, ref: MediaRoomRef, maxPublishers: number): RoomState {
    const roomId = roomIdOf(ref);
    let room = this.rooms.get(roomId);
    if (!room) {
      // [PL26] The room is recorded with its SFU before anyone uses it.
      const keeping = this.keeping;
      const sfuRoomId = keeping ? `${roomId}.${keeping.newRoomSuffix()}` : roomId;
      const ready = this.clearing
        .then(() => this.sfu.createRoom(sfuRoomId, { maxPublishers }))
        .then(() =>
          keeping?.records.record({
            roomId: sfuRoomId,
            tenantId,
            sfu: this.sfu.location ?? 'local',
            createdAt: keeping.now(),
          }),
        );
      room = { tenantId, ref, sfuRoomId, ready, feeds: new Map(), subscribers: new Set() };
      this.rooms.set(roomId, room);
      // A room that could not be made is forgotten, so the next publish tries again.
      ready.catch(() => {
        if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
      });
    }
    return room;
  }

  private own(actor: Actor, leg: string): string {
    const key = legKey(actor, leg);
    if (!this.legs.has(key)) throw new ParleyError('not_found', 'no such media leg');
    return key;
  }

  private async dropReceiving(actorKey: string, roomId: string, feed: string): Promise<void> {
    for (const leg of [...this.legs.values()]) {
      if (leg.actorKey === actorKey && leg.roomId === roomId && leg.kind === 'subscriber' && leg.feed === feed) {
        await this.dropLeg(leg.key);
      }
    }
  }

  private async dropLeg(key: string): Promise<void> {
    const leg = this.legs.get(key);
    if (!leg) return;
    this.legs.delete(key);
    const room = this.rooms.get(leg.roomId);
    if (room) {
      room.subscribers.delete(key);
      if (room.feeds.get(leg.feed) === key) {
        room.feeds.delete(leg.feed);
        this.access(room.tenantId).feedsChanged(room.ref, [...room.feeds.keys()]);
      }
    }
    await this.sfu.closeLeg(key).catch(() => undefined);
  }

  /**
   * SFU failures become `media_failed`; a failed leg is dropped so it holds no slot. [E18] The
   * SFU's own text (its errors, addresses, session ids) never reaches a client: the coded error
   * carries the catalogue's message, and the detail rides along as `cause` for the server's log.
   */
  private async sfuCall<T>(call: () => Promise<T>, dropOnFailure?: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (dropOnFailure !== undefined) await this.dropLeg(dropOnFailure);
      if (isParleyError(error)) throw error;
      const failure = new ParleyError('media_failed');
      failure.cause = error;
      throw failure;
    }
  }
}

function actorKeyOf(actor: Actor): string {
  return actor.kind === 'visitor' ? `v:${actor.visitorId}` : `c:${actor.consultantId}`;
}

function legKey(actor: Actor, leg: string): string {
  return `${actorKeyOf(actor)}/${leg}`;
}

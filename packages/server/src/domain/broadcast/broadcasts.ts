import { MAX_BROADCAST_VIEWERS, ParleyError, type BroadcastView } from '@parley/protocol';
import type { Outbox } from '../ports/outbox.ts';
import type { LiveEvent } from '../ports/liveEvents.ts';
import { emptyRoom, goLive, goOffAir, join, leave, type BroadcastRoom } from './room.ts';

/**
 * The broadcast rooms of one tenant (F-11). Holds no lock of its own: the tenant's live core
 * calls it from inside its serialised commands. Viewers are told whether the room is live; the
 * presenter and every consultant of the link see the viewer count ([B5]).
 */
export class Broadcasts {
  private readonly rooms = new Map<string, BroadcastRoom>();
  /** [S1] The presenter's feed in the SFU, per live room. */
  private readonly feeds = new Map<string, string>();

  constructor(
    private readonly tenantId: string,
    private readonly outbox: Outbox,
    private readonly nameOf: (consultantId: string) => string | null,
    /** Tells the rest of the domain (media rooms) that a viewer left or a room went off air. */
    private readonly emit: (event: LiveEvent) => void,
    private readonly capacity = MAX_BROADCAST_VIEWERS,
  ) {}

  private room(linkId: string): BroadcastRoom {
    return this.rooms.get(linkId) ?? emptyRoom(linkId, this.capacity);
  }

  isLive(linkId: string): boolean {
    return this.room(linkId).presenterId !== null;
  }

  view(linkId: string): BroadcastView {
    const room = this.room(linkId);
    return {
      linkId,
      live: room.presenterId !== null,
      presenterId: room.presenterId,
      presenterName: room.presenterId === null ? null : this.nameOf(room.presenterId),
      viewers: room.viewers.size,
      capacity: room.capacity,
      feed: room.presenterId === null ? null : (this.feeds.get(linkId) ?? null),
    };
  }

  /** The room a visitor watches, if any. */
  roomOf(visitorId: string): string | undefined {
    for (const room of this.rooms.values()) if (room.viewers.has(visitorId)) return room.linkId;
    return undefined;
  }

  /** [B1] The caller has checked that the consultant is assigned to this broadcast link. */
  start(linkId: string, consultantId: string, consultantIds: readonly string[]): void {
    this.update(goLive(this.room(linkId), consultantId), consultantIds);
  }

  /** [B4] Off air: every viewer is told, and the room empties. */
  stop(linkId: string, consultantId: string, consultantIds: readonly string[]): void {
    const before = this.room(linkId);
    const after = goOffAir(before, consultantId);
    this.feeds.delete(linkId);
    // [S4] Off air closes the SFU room: every viewer's leg and the presenter's go with it.
    this.emit({ type: 'broadcast.ended', tenantId: this.tenantId, linkId });
    for (const visitorId of before.viewers) this.tellViewer(after, visitorId);
    this.update(after, consultantIds);
  }

  /**
   * [PL38] A broadcast kept on air across a restart or a takeover: on air again with its
   * presenter, no viewers yet (they take their seats again when they resume) and no feed until
   * the presenter re-publishes.
   */
  resume(linkId: string, presenterId: string, consultantIds: readonly string[]): void {
    this.feeds.delete(linkId);
    this.update(goLive(emptyRoom(linkId, this.capacity), presenterId), consultantIds);
  }

  /**
   * [B4] A presenter who is gone for good takes every room they present down with them.
   * @returns the links taken off air.
   */
  presenterLost(consultantId: string, consultantIdsOf: (linkId: string) => readonly string[]): string[] {
    const ended: string[] = [];
    for (const room of [...this.rooms.values()]) {
      if (room.presenterId !== consultantId) continue;
      this.stop(room.linkId, consultantId, consultantIdsOf(room.linkId));
      ended.push(room.linkId);
    }
    return ended;
  }

  /** [B2][B3] A viewer joins; the 101st is refused with `room_full`. */
  join(linkId: string, visitorId: string, consultantIds: readonly string[]): void {
    const room = join(this.room(linkId), visitorId);
    this.update(room, consultantIds);
    this.tellViewer(room, visitorId);
  }

  leave(visitorId: string, consultantIdsOf: (linkId: string) => readonly string[]): void {
    const linkId = this.roomOf(visitorId);
    if (linkId === undefined) return;
    const room = leave(this.room(linkId), visitorId);
    // [S2] A viewer who leaves loses their receiving leg at once.
    this.emit({ type: 'broadcast.viewer_left', tenantId: this.tenantId, visitorId, linkId });
    this.update(room, consultantIdsOf(linkId));
    this.tellViewer(room, visitorId);
  }

  /** [S1] The presenter's media reached the SFU (or left it): viewers learn which feed to watch. */
  setFeed(linkId: string, feed: string | null, consultantIds: readonly string[]): void {
    if (feed === null) this.feeds.delete(linkId);
    else this.feeds.set(linkId, feed);
    this.update(this.room(linkId), consultantIds);
  }

  /** Whether the visitor is a viewer of this room right now. */
  isViewer(linkId: string, visitorId: string): boolean {
    return this.room(linkId).viewers.has(visitorId);
  }

  presenterOf(linkId: string): string | null {
    return this.room(linkId).presenterId;
  }

  /** Refuses anything but a broadcast room's own presenter. */
  assertPresenter(linkId: string, consultantId: string): void {
    if (this.room(linkId).presenterId !== consultantId) throw new ParleyError('forbidden');
  }

  private update(room: BroadcastRoom, consultantIds: readonly string[]): void {
    this.rooms.set(room.linkId, room);
    const message = { type: 'broadcast.updated' as const, broadcast: this.view(room.linkId) };
    // Viewers and passers-by on the link learn whether it is live; consultants get the count.
    this.outbox.send({ kind: 'link', linkId: room.linkId }, message);
    for (const consultantId of consultantIds) this.outbox.send({ kind: 'consultant', consultantId }, message);
  }

  private tellViewer(room: BroadcastRoom, visitorId: string): void {
    this.outbox.send(
      { kind: 'visitor', visitorId },
      { type: 'broadcast.joined', linkId: room.linkId, joined: room.viewers.has(visitorId) },
    );
  }
}

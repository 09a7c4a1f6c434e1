import { ParleyError } from '@parley/protocol';

/**
 * A broadcast room (F-11, docs/SPEC.md [B1]–[B5]): one consultant sends, viewers only watch.
 * No chat, no waiting room, no accept; at most `capacity` viewers. Pure: every function
 * returns a new room or throws a coded error.
 */
export interface BroadcastRoom {
  linkId: string;
  /** The consultant on air, or null while the room is off air. */
  presenterId: string | null;
  viewers: ReadonlySet<string>;
  capacity: number;
}

export function emptyRoom(linkId: string, capacity: number): BroadcastRoom {
  return { linkId, presenterId: null, viewers: new Set(), capacity };
}

/** [B1] One presenter at a time; only a consultant assigned to the link may go live (checked by the caller). */
export function goLive(room: BroadcastRoom, consultantId: string): BroadcastRoom {
  if (room.presenterId === consultantId) return room;
  if (room.presenterId !== null) throw new ParleyError('broadcast_taken');
  return { ...room, presenterId: consultantId };
}

/** [B4] Ending the broadcast ends it for every viewer: the room empties. */
export function goOffAir(room: BroadcastRoom, consultantId: string): BroadcastRoom {
  if (room.presenterId !== consultantId) throw new ParleyError('forbidden', 'you are not on air in this room');
  return { ...room, presenterId: null, viewers: new Set() };
}

/** [B2][B3] A viewer joins a live room with free capacity; joining twice changes nothing. */
export function join(room: BroadcastRoom, visitorId: string): BroadcastRoom {
  if (room.presenterId === null) throw new ParleyError('broadcast_not_live');
  if (room.viewers.has(visitorId)) return room;
  if (room.viewers.size >= room.capacity) throw new ParleyError('room_full');
  return { ...room, viewers: new Set([...room.viewers, visitorId]) };
}

/** [B2] Leaving is always allowed, also for someone not in the room. */
export function leave(room: BroadcastRoom, visitorId: string): BroadcastRoom {
  if (!room.viewers.has(visitorId)) return room;
  const viewers = new Set(room.viewers);
  viewers.delete(visitorId);
  return { ...room, viewers };
}

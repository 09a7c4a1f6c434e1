import { MAX_BROADCAST_VIEWERS, ParleyError } from '@parley/protocol';
import { feedIdOf, type MediaGrant } from '../media/mediaRooms.ts';
import type { Actor } from '../ports/actor.ts';
import { consultantIdsOf } from './liveQueries.ts';
import type { LiveCore } from './core.ts';

/*
 * Broadcast commands of one tenant (F-11, [B1]–[B5]): a consultant of a broadcast link goes on
 * and off air; visitors of the link join and leave as viewers, up to the room's capacity.
 */

/** [B1] Only a consultant serving the broadcast link goes on air. */
export function startBroadcast(core: LiveCore, consultantId: string, linkId: string): Promise<void> {
  return core.run(async () => {
    assertBroadcastLink(core, consultantId, linkId);
    core.broadcasts.start(linkId, consultantId, consultantIdsOf(core.state, linkId));
    // [PL38] Kept, so that the broadcast outlives this process and this node's lease.
    await core.store.saveBroadcast(core.state.tenantId, linkId, consultantId);
    core.announceAvailability([linkId]);
  });
}

/** [B4] Off air for everybody. */
export function stopBroadcast(core: LiveCore, consultantId: string, linkId: string): Promise<void> {
  return core.run(async () => {
    assertBroadcastLink(core, consultantId, linkId);
    core.broadcasts.stop(linkId, consultantId, consultantIdsOf(core.state, linkId));
    await core.store.saveBroadcast(core.state.tenantId, linkId, null);
    core.announceAvailability([linkId]);
  });
}

/** [B2][B3] A visitor on a broadcast link joins as a viewer: no queue, no accept, capacity-limited. */
export function joinBroadcast(core: LiveCore, visitorId: string): Promise<void> {
  return core.run(() => {
    const visitor = core.state.visitors.get(visitorId)?.visitor;
    if (!visitor) throw new ParleyError('not_authenticated');
    if (core.state.links.get(visitor.linkId)?.mode !== 'broadcast') throw new ParleyError('wrong_link_mode');
    core.broadcasts.join(visitor.linkId, visitorId, consultantIdsOf(core.state, visitor.linkId));
  });
}

export function leaveBroadcast(core: LiveCore, visitorId: string): Promise<void> {
  return core.run(() => {
    core.broadcasts.leave(visitorId, (linkId) => consultantIdsOf(core.state, linkId));
  });
}

/**
 * [S1] Only the broadcast's presenter publishes, one feed; [S2] only admitted viewers watch,
 * at most the room's capacity ([B3]) on the SFU too.
 */
export function broadcastGrant(core: LiveCore, actor: Actor, linkId: string): MediaGrant {
  const base = { maxPublishers: 1, maxSubscribers: MAX_BROADCAST_VIEWERS };
  if (actor.kind === 'consultant') {
    if (core.broadcasts.presenterOf(linkId) !== actor.consultantId) {
      throw new ParleyError('forbidden', 'only the presenter on air publishes into a broadcast');
    }
    return { ...base, publishAs: feedIdOf(actor), watch: false };
  }
  if (!core.broadcasts.isViewer(linkId, actor.visitorId)) {
    throw new ParleyError('forbidden', 'join the broadcast before watching it');
  }
  return { ...base, publishAs: null, watch: true };
}

/** [S1] The presenter's feed reached the SFU (or left it): viewers learn which feed to watch. */
export function broadcastFeedsChanged(core: LiveCore, linkId: string, feeds: readonly string[]): void {
  const presenter = core.broadcasts.presenterOf(linkId);
  const feed =
    presenter === null ? undefined : feeds.find((f) => f === feedIdOf({ kind: 'consultant', consultantId: presenter }));
  core.broadcasts.setFeed(linkId, feed ?? null, consultantIdsOf(core.state, linkId));
}

function assertBroadcastLink(core: LiveCore, consultantId: string, linkId: string): void {
  const live = core.state.consultants.get(consultantId);
  if (!live?.linkIds.includes(linkId)) throw new ParleyError('link_not_found');
  if (core.state.links.get(linkId)?.mode !== 'broadcast') throw new ParleyError('wrong_link_mode');
}

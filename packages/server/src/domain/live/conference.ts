import { ParleyError } from '@parley/protocol';
import type { Actor } from '../ports/actor.ts';
import { feedIdOf, type MediaGrant } from '../media/mediaRooms.ts';
import { withoutMember } from '../media/mediaFacts.ts';
import { isPresent, noConference, type LiveConversation } from './liveState.ts';
import { findFor } from './liveQueries.ts';
import type { LiveCore } from './core.ts';

/*
 * Conference commands of one tenant (F-16, [S5]–[S8]): a consultant in an active call invites a
 * colleague, who joins (the call moves onto the SFU) or declines; anyone present may leave.
 */

/** [S5] Members of an active conversation publish and watch each other; nobody else. */
export function conferenceGrant(core: LiveCore, actor: Actor, conversationId: string): MediaGrant {
  const conversation = findFor(core.state, conversationId, actor);
  if (conversation.state.name !== 'active' || !conversation.onSfu) throw new ParleyError('illegal_transition');
  if (actor.kind === 'consultant' && !isPresent(conversation, actor.consultantId)) throw new ParleyError('forbidden');
  return { publishAs: feedIdOf(actor), watch: true, maxPublishers: 8, maxSubscribers: 8 * 7 };
}

/** [S6] Feeds in a conference room: everyone present learns whom to receive. */
export function conferenceFeedsChanged(core: LiveCore, conversationId: string, feeds: readonly string[]): void {
  const conversation = core.state.conversations.get(conversationId);
  if (!conversation) return;
  conversation.feeds = [...feeds];
  core.publish(conversation);
}

/**
 * [S5] During an active call, a consultant present in it invites an available colleague of the
 * tenant (`transfer_target_unavailable` otherwise). The colleague's console shows the invitation.
 */
export function inviteToConference(
  core: LiveCore,
  consultantId: string,
  conversationId: string,
  colleagueId: string,
): Promise<void> {
  return core.run(() => {
    const conversation = present(core, consultantId, conversationId);
    const colleague = core.state.consultants.get(colleagueId);
    const me = core.state.consultants.get(consultantId);
    // The live state is the tenant's own: a colleague of another tenant is simply not in it.
    if (!colleague?.available || !me || isPresent(conversation, colleagueId)) {
      throw new ParleyError('transfer_target_unavailable');
    }
    if (!conversation.invited.includes(colleagueId)) conversation.invited.push(colleagueId);
    core.publish(conversation);
  });
}

/** [S5][S6] An invited colleague joins: the call moves onto the SFU for everyone in it. */
export function joinConference(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = core.state.conversations.get(conversationId);
    if (!conversation?.invited.includes(consultantId)) throw new ParleyError('conversation_not_found');
    if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition');
    conversation.invited = conversation.invited.filter((id) => id !== consultantId);
    conversation.members.push(consultantId);
    conversation.onSfu = true;
    await keepConference(core, conversation);
    core.publish(conversation);
    core.emit({ type: 'conference.joined', tenantId: core.state.tenantId, consultantId, conversationId });
  });
}

/** An invited colleague says no; the call carries on as it was. */
export function declineConference(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(() => {
    const conversation = core.state.conversations.get(conversationId);
    if (!conversation?.invited.includes(consultantId)) throw new ParleyError('conversation_not_found');
    conversation.invited = conversation.invited.filter((id) => id !== consultantId);
    core.publish(conversation);
  });
}

/**
 * [S5] Any consultant may leave a conference while the call goes on. When its owner leaves, the
 * colleague who joined first carries it on; the last consultant leaving ends it (use End).
 */
export function leaveConference(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = present(core, consultantId, conversationId);
    const owner = conversation.state.name === 'active' ? conversation.state.consultantId : null;
    if (owner === consultantId && conversation.members.length === 0) {
      throw new ParleyError('illegal_transition', 'you are the last consultant: end the call');
    }
    await leave(core, conversation, consultantId);
  });
}

/**
 * [P2][S5] A consultant gone for good (grace period over, or account deactivated): they leave
 * every conference they were in and the call goes on with the others; a call they held alone
 * ends, or with `requeue` ([DV2], deactivated) goes back to the queue at its original place.
 * Invitations to them lapse. Runs inside a command.
 */
export async function removeFromCalls(core: LiveCore, consultantId: string, requeue = false): Promise<void> {
  for (const conversation of [...core.state.conversations.values()]) {
    if (conversation.state.name !== 'active') continue;
    if (conversation.invited.includes(consultantId)) {
      conversation.invited = conversation.invited.filter((id) => id !== consultantId);
      core.publish(conversation);
    }
    if (!isPresent(conversation, consultantId)) continue;
    if (conversation.state.consultantId === consultantId && conversation.members.length === 0) {
      if (requeue) await requeueAlone(core, conversation);
      else await core.apply(conversation, { type: 'end', reason: 'consultant_left', at: core.now() });
    } else {
      await leave(core, conversation, consultantId);
    }
  }
}

/** [DV2] Back to the queue; a conference room left behind by colleagues who left goes with the call. */
async function requeueAlone(core: LiveCore, conversation: LiveConversation): Promise<void> {
  const wasOnSfu = conversation.onSfu;
  Object.assign(conversation, noConference());
  await core.apply(conversation, { type: 'requeue', at: core.now() });
  if (wasOnSfu) {
    await keepConference(core, conversation);
    core.emit({ type: 'conversation.closed', tenantId: core.state.tenantId, conversationId: conversation.id });
  }
}

/** The leaver goes; when it is the owner, the colleague who joined first carries the call on. */
async function leave(core: LiveCore, conversation: LiveConversation, consultantId: string): Promise<void> {
  if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition');
  const conversationId = conversation.id;
  const next = conversation.members[0];
  const takesOver = conversation.state.consultantId === consultantId ? next : undefined;
  // [SM1] The leaver's media state goes; a colleague carrying the call on now speaks for its side.
  conversation.mediaState = withoutMember(
    conversation.mediaState,
    feedIdOf({ kind: 'consultant', consultantId }),
    takesOver === undefined ? undefined : feedIdOf({ kind: 'consultant', consultantId: takesOver }),
  );
  if (conversation.state.consultantId === consultantId && next !== undefined) {
    conversation.members = conversation.members.slice(1);
    await core.apply(conversation, { type: 'hand_over', consultantId, to: next, at: core.now() });
  } else {
    conversation.members = conversation.members.filter((id) => id !== consultantId);
    core.publish(conversation);
  }
  await keepConference(core, conversation);
  core.emit({ type: 'conference.left', tenantId: core.state.tenantId, consultantId, conversationId });
  // The leaver's console still shows the call: tell it that it is no longer theirs.
  core.outbox.send({ kind: 'consultant', consultantId }, { type: 'conference.left', conversationId });
}

/**
 * [PL39] Storage follows who is in the conference, so a restart or a takeover brings the call
 * back on the SFU with them; a call no longer on the SFU is forgotten there.
 */
export function keepConference(core: LiveCore, conversation: LiveConversation): Promise<void> {
  const onSfu = conversation.onSfu && conversation.state.name === 'active';
  return core.store.saveConference(core.state.tenantId, conversation.id, onSfu ? conversation.members : null);
}

function present(core: LiveCore, consultantId: string, conversationId: string): LiveConversation {
  const conversation = core.state.conversations.get(conversationId);
  if (!conversation || !isPresent(conversation, consultantId)) throw new ParleyError('conversation_not_found');
  if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition');
  return conversation;
}

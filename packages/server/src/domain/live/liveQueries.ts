import { ParleyError, type ConsultantLinkView, type ConversationView } from '@parley/protocol';
import { isLinkAvailable, queuePositions, serves, type ConsultantSlot } from '../routing/queue.ts';
import { estimateWaitMs } from '../routing/estimate.ts';
import type { Actor } from '../ports/actor.ts';
import type { ConversationRecord } from '../ports/conversationStore.ts';
import type { Broadcasts } from '../broadcast/broadcasts.ts';
import {
  consultantSlots,
  isPresent,
  waitingRequests,
  type LiveConversation,
  type TenantLiveState,
} from './liveState.ts';
import { notWaiting, toView, type WaitingFacts } from './views.ts';

/*
 * Reads of one tenant's live state: pure functions, no writes, no awaits. Commands and the core
 * ask these; nothing here sends or stores anything.
 */

/**
 * The conversation, when the actor may act on it: its visitor, a consultant present or invited,
 * or (while it waits) a consultant of its link. Anyone else is told it does not exist, so ids
 * cannot be probed.
 */
export function findFor(state: TenantLiveState, conversationId: string, actor: Actor): LiveConversation {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) throw new ParleyError('conversation_not_found');
  const allowed =
    actor.kind === 'visitor'
      ? conversation.visitorId === actor.visitorId
      : isPresent(conversation, actor.consultantId) ||
        conversation.invited.includes(actor.consultantId) ||
        (conversation.state.name === 'queued' &&
          (conversation.reservedFor ?? actor.consultantId) === actor.consultantId &&
          queuedFor(state, conversation, actor.consultantId));
  if (!allowed) throw new ParleyError('conversation_not_found');
  return conversation;
}

/** [C10][DC2] A waiting request is in this consultant's queue: their link and, if one was chosen, department. */
function queuedFor(state: TenantLiveState, conversation: LiveConversation, consultantId: string): boolean {
  const live = state.consultants.get(consultantId);
  if (!live) return false;
  return serves(
    { linkIds: live.linkIds, departmentId: live.consultant.departmentId },
    { linkId: conversation.linkId, departmentId: conversation.departmentId ?? null },
  );
}

export function openConversationsOf(state: TenantLiveState, visitorId: string): LiveConversation[] {
  return [...state.conversations.values()].filter((c) => c.visitorId === visitorId);
}

export function slotsOf(state: TenantLiveState): ConsultantSlot[] {
  return consultantSlots(state.consultants.values(), state.conversations.values());
}

/** [A1] Someone can take a call on the link now; [B1] a broadcast link: it is on air. */
export function linkAvailable(
  state: TenantLiveState,
  broadcasts: Broadcasts,
  linkId: string,
  slots = slotsOf(state),
): boolean {
  if (state.links.get(linkId)?.mode === 'broadcast') return broadcasts.isLive(linkId);
  return isLinkAvailable(linkId, slots);
}

/** Live consultants who serve the link (they see its queue and its broadcast count). */
export function consultantIdsOf(state: TenantLiveState, linkId: string): string[] {
  return [...state.consultants.values()].filter((c) => c.linkIds.includes(linkId)).map((c) => c.consultant.id);
}

export function linkViews(state: TenantLiveState, linkIds: readonly string[]): ConsultantLinkView[] {
  return linkIds.flatMap((id) => {
    const link = state.links.get(id);
    return link ? [{ id, name: link.name, mode: link.mode }] : [];
  });
}

/** The visitor first; then the owner (1:1 signalling relays to it) and [S5] conference members. */
export function participants(conversation: LiveConversation): [Actor & { kind: 'visitor' }, ...Actor[]] {
  const visitor = { kind: 'visitor' as const, visitorId: conversation.visitorId };
  const consultantId = 'consultantId' in conversation.state ? conversation.state.consultantId : undefined;
  if (!consultantId) return [visitor];
  const members = conversation.members.map((id) => ({ kind: 'consultant' as const, consultantId: id }));
  return [visitor, { kind: 'consultant', consultantId }, ...members];
}

/** [Q2][Q5][Q6] Position, estimated wait and the leave-a-message offer of every waiting request. */
export function waitingFactsOf(state: TenantLiveState): (conversation: LiveConversation) => WaitingFacts {
  const positions = queuePositions(waitingRequests(state.conversations.values()));
  const slots = slotsOf(state);
  const servers = new Map<string, number>();
  return (conversation) => {
    const position = positions.get(conversation.id);
    if (position === undefined) return notWaiting;
    const { linkId } = conversation;
    // [DC2] A request for a chosen department is served by that department's consultants only.
    const target = { linkId, departmentId: conversation.departmentId ?? null };
    const line = `${linkId}\u0000${target.departmentId ?? ''}`;
    let capacity = servers.get(line);
    if (capacity === undefined) {
      capacity = slots.filter((s) => s.available && serves(s, target)).reduce((n, s) => n + s.capacity, 0);
      servers.set(line, capacity);
    }
    return {
      queuePosition: position,
      estimatedWaitMs: estimateWaitMs(position, capacity, state.handling.get(linkId) ?? []),
      canLeaveMessage: conversation.waitLimitReached || capacity === 0,
    };
  };
}

export function viewOf(
  state: TenantLiveState,
  conversation: LiveConversation,
  waiting = waitingFactsOf(state),
): ConversationView {
  return toView(conversation, waiting(conversation), state.consultantNames);
}

/** What storage keeps of a live conversation. */
export function recordOf(conversation: LiveConversation): ConversationRecord {
  const { id, tenantId, linkId, visitorId, visitorName, state, visitorSetup, departmentId, facts } = conversation;
  return {
    id,
    tenantId,
    linkId,
    visitorId,
    visitorName,
    state,
    visitorSetup,
    departmentId: departmentId ?? null,
    ...(facts ? { facts } : {}),
  };
}

/** What a visitor is told of their place in line, as one comparable key. */
export function waitingKey(facts: WaitingFacts): string {
  return `${facts.queuePosition}|${facts.estimatedWaitMs}|${facts.canLeaveMessage}`;
}

import type { ConversationView } from '@parley/protocol';
import { unknownMedia } from '../media/mediaFacts.ts';
import { describe } from '../conversations/lifecycle.ts';
import type { ConversationRecord } from '../ports/conversationStore.ts';
import type { LiveConversation } from './liveState.ts';

/** What the routing knows about a waiting request beyond its record ([Q2], [Q5], [Q6]). */
export interface WaitingFacts {
  queuePosition: number | null;
  estimatedWaitMs: number | null;
  canLeaveMessage: boolean;
}

export const notWaiting: WaitingFacts = { queuePosition: null, estimatedWaitMs: null, canLeaveMessage: false };

/** What both participants see of a conversation. */
export function toView(
  conversation: ConversationRecord &
    Partial<
      Pick<LiveConversation, 'members' | 'invited' | 'onSfu' | 'feeds' | 'mediaState' | 'appointment' | 'firstMessage'>
    >,
  waiting: WaitingFacts,
  consultantNames: ReadonlyMap<string, string>,
): ConversationView {
  const facts = describe(conversation.state);
  return {
    id: conversation.id,
    linkId: conversation.linkId,
    state: conversation.state.name,
    visitorName: conversation.visitorName,
    consultantId: facts.consultantId,
    consultantName: facts.consultantId ? (consultantNames.get(facts.consultantId) ?? null) : null,
    ...waiting,
    parked: conversation.state.name === 'queued' && conversation.state.parked,
    held: conversation.state.name === 'active' && conversation.state.held,
    transferredFrom:
      conversation.state.name === 'ringing' && conversation.state.transferredFrom !== null
        ? (consultantNames.get(conversation.state.transferredFrom) ?? '')
        : null,
    queuedAt: conversation.state.queuedAt,
    acceptedAt: facts.acceptedAt,
    closedAt: facts.closedAt,
    closeReason: facts.closeReason,
    members: (conversation.members ?? []).map((id) => ({ id, name: consultantNames.get(id) ?? '' })),
    invited: (conversation.invited ?? []).map((id) => ({ id, name: consultantNames.get(id) ?? '' })),
    media: conversation.onSfu === true ? 'sfu' : 'p2p',
    feeds: [...(conversation.feeds ?? [])],
    visitorSetup: conversation.visitorSetup ?? null,
    mediaState: conversation.mediaState ?? unknownMedia,
    appointment: conversation.appointment ?? null,
    firstMessage: conversation.firstMessage ?? null,
  };
}

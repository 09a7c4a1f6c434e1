import type { ConversationView } from '@parley/protocol';
import { describe } from '../conversations/lifecycle.ts';
import type { ConversationRecord } from './ports.ts';

/** What both participants see of a conversation. */
export function toView(
  conversation: ConversationRecord,
  queuePosition: number | null,
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
    queuePosition,
    queuedAt: conversation.state.queuedAt,
    acceptedAt: facts.acceptedAt,
    closedAt: facts.closedAt,
    closeReason: facts.closeReason,
  };
}

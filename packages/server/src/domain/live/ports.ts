import type { ChatMessageView, ChatSender, ServerMessage } from '@parley/protocol';
import type { ConversationState } from '../conversations/lifecycle.ts';

/** Who a live message is for. The gateway maps recipients onto bus topics and sockets. */
export type Recipient =
  | { kind: 'visitor'; visitorId: string }
  | { kind: 'consultant'; consultantId: string }
  /** Every visitor currently looking at a link (availability changes). */
  | { kind: 'link'; linkId: string };

export interface Outbox {
  send(to: Recipient, message: ServerMessage): void;
}

export interface ConversationRecord {
  id: string;
  tenantId: string;
  linkId: string;
  visitorId: string;
  visitorName: string;
  state: ConversationState;
}

export interface ChatMessageRecord extends ChatMessageView {
  tenantId: string;
}

export interface ConversationStore {
  /** Inserts or updates the conversation with its current state. */
  saveConversation(record: ConversationRecord): Promise<void>;
  /**
   * Stores a message unless one with the same (conversation, sender, clientId) exists;
   * returns the stored one either way, so a resent message is acknowledged, not duplicated.
   */
  appendMessage(message: ChatMessageRecord): Promise<{ message: ChatMessageRecord; duplicate: boolean }>;
  listMessages(tenantId: string, conversationId: string): Promise<ChatMessageRecord[]>;
  /** [Q5] Handling times (accept → end, ms) of the link's most recent ended conversations. */
  recentHandlingTimes(tenantId: string, linkId: string, limit: number): Promise<number[]>;
}

export type Actor = { kind: 'visitor'; visitorId: string } | { kind: 'consultant'; consultantId: string };

export function senderOf(actor: Actor): ChatSender {
  return actor.kind;
}

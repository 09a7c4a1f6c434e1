import type { ChatMessageView, ChatSender, ServerMessage, VisitorSetup } from '@parley/protocol';
import type { ConversationState } from '../conversations/lifecycle.ts';

/** Who a live message is for. The gateway maps recipients onto bus topics and sockets. */
export type Recipient =
  | { kind: 'visitor'; visitorId: string }
  | { kind: 'consultant'; consultantId: string }
  /** Every visitor currently looking at a link (availability changes). */
  | { kind: 'link'; linkId: string }
  /** [U1] Every socket opened with one consultant login session (ended by logout, expiry …). */
  | { kind: 'session'; sessionId: string };

export interface Outbox {
  /**
   * `message` is a value: it is not changed after it is sent, so one message object sent to
   * several recipients is encoded once (transport/ws/frames.ts).
   */
  send(to: Recipient, message: ServerMessage): void;
}

export interface ConversationRecord {
  id: string;
  tenantId: string;
  linkId: string;
  visitorId: string;
  visitorName: string;
  state: ConversationState;
  /** [MD1] How the visitor joined; missing or null for conversations stored before it was recorded. */
  visitorSetup?: VisitorSetup | null;
}

export interface ChatMessageRecord extends ChatMessageView {
  tenantId: string;
}

export interface ConversationStore {
  /** Inserts or updates the conversation with its current state. */
  saveConversation(record: ConversationRecord): Promise<void>;
  /** A conversation of the tenant, live or closed (wrap-up reads closed ones). */
  getConversation(tenantId: string, id: string): Promise<ConversationRecord | undefined>;
  /**
   * Stores each message unless one with the same (conversation, sender, clientId) exists, and
   * returns the stored one either way, in order: a resent message is acknowledged, not duplicated.
   * One call is one write ([M4]): all of the batch is stored, or none of it.
   */
  appendMessages(messages: ChatMessageRecord[]): Promise<{ message: ChatMessageRecord; duplicate: boolean }[]>;
  listMessages(tenantId: string, conversationId: string): Promise<ChatMessageRecord[]>;
  /** [C12] Notepad entries of a conversation ([N1]): a transfer's reason goes there. */
  appendNote(note: ConversationNote): Promise<void>;
  listNotes(tenantId: string, conversationId: string): Promise<ConversationNote[]>;
  /** [Q5] Handling times (accept → end, ms) of the link's most recent ended conversations. */
  recentHandlingTimes(tenantId: string, linkId: string, limit: number): Promise<number[]>;
  /** [P5] Every conversation not yet closed (queued, ringing, active), across tenants. */
  listOpenConversations(): Promise<ConversationRecord[]>;
  /** [P5] Remembers a consultant's own availability, so a restarted server can restore it. */
  savePresence(consultantId: string, available: boolean): Promise<void>;
  /** [P5] The consultants whose last known availability was "available". */
  listAvailableConsultantIds(): Promise<string[]>;
}

export interface ConversationNote {
  id: string;
  tenantId: string;
  conversationId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: number;
}

export type Actor = { kind: 'visitor'; visitorId: string } | { kind: 'consultant'; consultantId: string };

export function senderOf(actor: Actor): ChatSender {
  return actor.kind;
}

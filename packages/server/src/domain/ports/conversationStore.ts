import type { ChatMessageView, VisitorSetup } from '@parley/protocol';
import type { ConversationState } from '../conversations/lifecycle.ts';
import type { ConversationFacts } from '../reports/facts.ts';
import type { WrapUp } from '../wrapup/wrapUp.ts';
import type { Consultant } from '../tenants/directory.ts';

export interface ConversationRecord {
  id: string;
  tenantId: string;
  linkId: string;
  visitorId: string;
  visitorName: string;
  state: ConversationState;
  /** [MD1] How the visitor joined; missing or null for conversations stored before it was recorded. */
  visitorSetup?: VisitorSetup | null;
  /** [DC2] The department the visitor chose; missing or null: anyone who serves the link. */
  departmentId?: string | null;
  /** [RP1] What reports need of its life so far; missing: derived from the state alone. */
  facts?: ConversationFacts;
}

export interface ChatMessageRecord extends ChatMessageView {
  tenantId: string;
}

export interface ConversationStore {
  /** Inserts or updates the conversation with its current state. */
  saveConversation(record: ConversationRecord): Promise<void>;
  /**
   * [C13] Mark as done's one write: the conversation's `done` state, the closing note and the
   * wrap-up, all of them stored or none.
   */
  saveDone(done: ConversationRecord, wrapUp: WrapUp, note: ConversationNote | null): Promise<void>;
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
  /** [PL38] Puts the link's broadcast on air with its presenter, or (null) takes it off air. */
  saveBroadcast(tenantId: string, linkId: string, presenterId: string | null): Promise<void>;
  /** [PL38] Every broadcast on air, across tenants (restored after a restart or a takeover). */
  listBroadcasts(): Promise<BroadcastOnAir[]>;
  /**
   * [PL39] The conversation is on the SFU with these colleagues (joined order), or (null) it is
   * not, any more.
   */
  saveConference(tenantId: string, conversationId: string, members: readonly string[] | null): Promise<void>;
  /** [PL39] Every conversation on the SFU, across tenants. */
  listConferences(): Promise<KeptConference[]>;
  /** [PL43] The call is in phone mode with these sides and PINs, or (null) it is not, any more. */
  savePhoneCall(tenantId: string, conversationId: string, call: KeptPhoneCall | null): Promise<void>;
  /** [PL43] The tenant's calls in phone mode. */
  listPhoneCalls(tenantId: string): Promise<KeptPhoneCall[]>;
}

/** [PL43] A call in phone mode as storage keeps it. */
export interface KeptPhoneCall {
  tenantId: string;
  conversationId: string;
  visitorId: string;
  /** '' once the call's own consultant left a conference its colleagues carry on. */
  consultantId: string;
  members: string[];
  /** Each side's PIN (`consultant`, `visitor`, `member:<id>`). */
  pins: Record<string, string>;
}

/** What storage keeps of one tenant's live state, to restore it from ([P5], [PL38], [PL39]). */
export interface KeptLive {
  /** Open conversations (queued, ringing, active). */
  records: ConversationRecord[];
  /** Consultants whose last availability was "available". */
  available: Consultant[];
  broadcasts: BroadcastOnAir[];
  conferences: KeptConference[];
}

export function nothingKept(): KeptLive {
  return { records: [], available: [], broadcasts: [], conferences: [] };
}

/** [PL39] A conference as storage keeps it. */
export interface KeptConference {
  tenantId: string;
  conversationId: string;
  members: string[];
}

/** [PL38] A broadcast on air as storage keeps it. */
export interface BroadcastOnAir {
  tenantId: string;
  linkId: string;
  presenterId: string;
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

import type { AppointmentFacts, ClientInfo, ConversationMedia } from '@parley/protocol';
import type { ConversationRecord } from '../ports/conversationStore.ts';
import type { TimerHandle } from '../runtime.ts';
import type { Consultant, Link, Visitor } from '../tenants/directory.ts';
import { serves, type ConsultantSlot, type QueuedRequest } from '../routing/queue.ts';

/**
 * Everything one tenant's live state holds, and nothing else: data, no behaviour. The core
 * (core.ts) and the command modules change it, one command at a time.
 */
export interface TenantLiveState {
  readonly tenantId: string;
  readonly consultants: Map<string, LiveConsultant>;
  readonly visitors: Map<string, LiveVisitor>;
  /** Open conversations (queued, ringing, active); a closed one leaves the live state. */
  readonly conversations: Map<string, LiveConversation>;
  readonly consultantNames: Map<string, string>;
  /** [A1] What visitors of each link were last told of its availability. */
  readonly lastAvailability: Map<string, boolean>;
  /** The tenant's links, refreshed when an admin changes them. */
  readonly links: Map<string, Link>;
  /** [Q5] Recent handling times per link, seeded from storage on first use. */
  readonly handling: Map<string, number[]>;
  /** [Q4] Arrival order of requests: the number the next one gets. */
  nextSeq: number;
}

export function newTenantLiveState(tenantId: string): TenantLiveState {
  return {
    tenantId,
    consultants: new Map(),
    visitors: new Map(),
    conversations: new Map(),
    consultantNames: new Map(),
    lastAvailability: new Map(),
    links: new Map(),
    handling: new Map(),
    nextSeq: 0,
  };
}

/** A participant with open sockets; when the count drops to 0 a grace timer runs. */
export interface Connected {
  connections: number;
  grace?: TimerHandle;
}

/** A socket opened: count it and call off any pending "gone" timer. */
export function attach(live: Connected): void {
  live.connections += 1;
  live.grace?.cancel();
  delete live.grace;
}

export interface LiveConsultant extends Connected {
  consultant: Consultant;
  /** Links the consultant is eligible for ([R1]–[R3]). */
  linkIds: string[];
  available: boolean;
  idleSince: number;
}

export interface LiveVisitor extends Connected {
  visitor: Visitor;
  /** [MD3] The browser of the latest connection. */
  client: ClientInfo | null;
}

export interface LiveConversation extends ConversationRecord {
  seq: number;
  ringTimer?: TimerHandle;
  waitTimer?: TimerHandle;
  /** [Q6] The link's wait limit passed while this request waited. */
  waitLimitReached: boolean;
  /** What the visitor was last told of their place in line, so unchanged facts are not re-sent. */
  lastWaiting?: string;
  /** [S5] Conference (F-16): colleagues who joined the call, and those invited but not yet there. */
  members: string[];
  invited: string[];
  /** [S6] Once a third party joined, the call stays on the SFU until it ends. */
  onSfu: boolean;
  feeds: readonly string[];
  /** [MD4] Live only: what each side sends now. */
  mediaState: ConversationMedia;
  /** [C14] Which consoles the last update went to (none yet for a new request). */
  shownTo?: ShownTo;
  /** [AP7] A planned session's request: it waits for this consultant only, and says when it was planned for. */
  reservedFor?: string;
  appointment?: AppointmentFacts;
  /** [M8] The visitor's first message, written while waiting (live only: after a restart the history has it). */
  firstMessage?: string;
  /** [SV8] Offered to this consultant first (the visitor accepted their invitation). Live only. */
  preferredConsultantId?: string;
}

/** [C14] The queue a conversation waited in (its link's consoles), and who was involved in it. */
export interface ShownTo {
  queuedOn: string | null;
  /** [DC2] The department chosen for it: only that department's consoles show it in their queue. */
  queuedFor: string | null;
  involved: ReadonlySet<string>;
}

/** A conversation without conference members (every new or restored one). */
export function noConference(): Pick<LiveConversation, 'members' | 'invited' | 'onSfu' | 'feeds'> {
  return { members: [], invited: [], onSfu: false, feeds: [] };
}

export function isAssigned(conversation: LiveConversation, consultantId: string): boolean {
  return 'consultantId' in conversation.state && conversation.state.consultantId === consultantId;
}

/** [S5] The owning consultant, or a colleague who joined the conference. */
export function isPresent(conversation: LiveConversation, consultantId: string): boolean {
  return isAssigned(conversation, consultantId) || conversation.members.includes(consultantId);
}

/** The open requests (queued or ringing) in the shape the pure queue rules take. */
export function waitingRequests(conversations: Iterable<LiveConversation>): QueuedRequest[] {
  const requests: QueuedRequest[] = [];
  for (const c of conversations) {
    if (c.state.name !== 'queued' && c.state.name !== 'ringing') continue;
    requests.push({
      conversationId: c.id,
      linkId: c.linkId,
      queuedAt: c.state.queuedAt,
      seq: c.seq,
      state: c.state.name,
      declinedBy: c.state.declinedBy,
      parked: c.state.name === 'queued' && c.state.parked,
      departmentId: c.departmentId ?? null,
      reservedFor: c.reservedFor ?? null,
      ...(c.preferredConsultantId ? { preferredConsultantId: c.preferredConsultantId } : {}),
    });
  }
  return requests;
}

/** Connected consultants as routing slots; each ringing or active conversation is load. */
export function consultantSlots(
  consultants: Iterable<LiveConsultant>,
  conversations: Iterable<LiveConversation>,
): ConsultantSlot[] {
  const load = new Map<string, number>();
  for (const c of conversations) {
    if (c.state.name === 'ringing' || c.state.name === 'active') {
      load.set(c.state.consultantId, (load.get(c.state.consultantId) ?? 0) + 1);
    }
  }
  return [...consultants].map((live) => ({
    consultantId: live.consultant.id,
    linkIds: live.linkIds,
    available: live.available,
    load: load.get(live.consultant.id) ?? 0,
    capacity: live.consultant.maxConversations,
    idleSince: live.idleSince,
    departmentId: live.consultant.departmentId,
  }));
}

/**
 * [C14] The consoles an update of the conversation goes to: the link's consultants while it waits
 * in their queue, its own consultant, conference members and invitees — and whoever showed it at
 * the last update, as this one takes it out of their view. A colleague's call is not fanned out
 * to the whole link on every change (with many consultants per link that was quadratic).
 */
export function consolesShowing(
  conversation: LiveConversation,
  consultants: Iterable<LiveConsultant>,
): { consoles: string[]; shownTo: ShownTo } {
  const before = conversation.shownTo;
  const now = shownToOf(conversation);
  const consoles: string[] = [];
  for (const live of consultants) {
    const id = live.consultant.id;
    if (showsOn(now, live) || (before && showsOn(before, live))) consoles.push(id);
  }
  return { consoles, shownTo: now };
}

/** [C14][DC2] Whether the console of this consultant, serving `linkIds`, shows a conversation so shown. */
export function showsOn(shown: ShownTo, live: Pick<LiveConsultant, 'consultant' | 'linkIds'>): boolean {
  if (shown.involved.has(live.consultant.id)) return true;
  return (
    shown.queuedOn !== null &&
    serves(
      { linkIds: live.linkIds, departmentId: live.consultant.departmentId },
      { linkId: shown.queuedOn, departmentId: shown.queuedFor },
    )
  );
}

/** [C14] Who a conversation's state shows it to: a welcome after a restart shows it so. */
export function shownToOf(conversation: LiveConversation): ShownTo {
  const owner = 'consultantId' in conversation.state ? [conversation.state.consultantId] : [];
  const queued = conversation.state.name === 'queued';
  // [AP7] A planned session waits in its consultant's queue only, not in the whole link's.
  const reserved = queued && conversation.reservedFor !== undefined ? [conversation.reservedFor] : [];
  return {
    queuedOn: queued && reserved.length === 0 ? conversation.linkId : null,
    queuedFor: conversation.departmentId ?? null,
    involved: new Set([...owner, ...reserved, ...conversation.members, ...conversation.invited]),
  };
}

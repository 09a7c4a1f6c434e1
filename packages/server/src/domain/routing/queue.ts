/**
 * Pure queue and routing rules (docs/SPEC.md [Q1]–[Q7], [A1]). No I/O, no clock of its own:
 * callers pass the current state in and apply the plan that comes out.
 */

export interface QueuedRequest {
  conversationId: string;
  linkId: string;
  queuedAt: number;
  /** Ties on queuedAt are broken by arrival order. */
  seq: number;
  state: 'queued' | 'ringing';
  /** Consultants who declined this request; it is never offered to them again ([C5]). */
  declinedBy: readonly string[];
  /** Parked in the communication queue ([C9]): waits to be picked, is never rung again. */
  parked: boolean;
  /** [DC2] The department the visitor chose on a link serving several; null: anyone of the link. */
  departmentId: string | null;
  /** [AP7] A planned session waits for its consultant only. */
  reservedFor?: string | null;
  /** [SV8] Offered to this consultant before anyone else when they can take it (an accepted invitation). */
  preferredConsultantId?: string;
}

export interface ConsultantSlot {
  consultantId: string;
  /** Links this consultant is eligible for ([R1]–[R3]). */
  linkIds: readonly string[];
  available: boolean;
  /** Conversations ringing for or active with this consultant. */
  load: number;
  /** How many conversations the consultant takes at once (F-29). */
  capacity: number;
  /** When the consultant last became free; the longest idle is offered first ([Q4]). */
  idleSince: number;
  /** [DC2] Their department: a request for a chosen department goes only to its consultants. */
  departmentId: string | null;
}

/** What a request needs of who serves it: its link and, when the visitor chose one, its department. */
export type RequestTarget = Pick<QueuedRequest, 'linkId' | 'departmentId'>;

/**
 * [R1]–[R3][DC2] Whether the consultant serves the request: eligible for its link and, when the
 * visitor chose a department, a member of it.
 */
export function serves(consultant: Pick<ConsultantSlot, 'linkIds' | 'departmentId'>, request: RequestTarget): boolean {
  return (
    consultant.linkIds.includes(request.linkId) &&
    (request.departmentId === null || consultant.departmentId === request.departmentId)
  );
}

/** [Q2][DC2] Requests wait in line with those of the same link and chosen department. */
function lineOf(request: RequestTarget): string {
  return `${request.linkId}\u0000${request.departmentId ?? ''}`;
}

export interface Offer {
  conversationId: string;
  consultantId: string;
}

function byArrival(a: QueuedRequest, b: QueuedRequest): number {
  return a.queuedAt - b.queuedAt || a.seq - b.seq;
}

/**
 * [Q1][Q2] 1-based position among the open requests of the same link, oldest first; [DC2] with a
 * chosen department, among those for the same department.
 */
export function queuePositions(requests: readonly QueuedRequest[]): Map<string, number> {
  const positions = new Map<string, number>();
  const perLine = new Map<string, number>();
  for (const request of [...requests].sort(byArrival)) {
    const line = lineOf(request);
    const position = (perLine.get(line) ?? 0) + 1;
    perLine.set(line, position);
    positions.set(request.conversationId, position);
  }
  return positions;
}

/** [A1] A link is available when at least one consultant eligible for it is available. */
export function isLinkAvailable(linkId: string, consultants: readonly ConsultantSlot[]): boolean {
  return consultants.some((c) => c.available && c.linkIds.includes(linkId));
}

/** [Q3] Whether the consultant may be offered (or pick) this request right now. */
export function canTake(consultant: ConsultantSlot, request: QueuedRequest): boolean {
  return (
    consultant.available &&
    consultant.load < consultant.capacity &&
    serves(consultant, request) &&
    !request.declinedBy.includes(consultant.consultantId) &&
    (request.reservedFor == null || request.reservedFor === consultant.consultantId)
  );
}

/** [C5][DC2] Whether anyone but those who declined could still take the request. */
export function hasOtherCandidates(
  request: RequestTarget,
  declinedBy: readonly string[],
  consultants: readonly ConsultantSlot[],
): boolean {
  return consultants.some((c) => c.available && serves(c, request) && !declinedBy.includes(c.consultantId));
}

/** [Q4] Least loaded first, then longest idle, then id (so plans are deterministic). */
function fairest(a: ConsultantSlot, b: ConsultantSlot): number {
  return a.load - b.load || a.idleSince - b.idleSince || a.consultantId.localeCompare(b.consultantId);
}

/**
 * [Q3][Q4] Matches free consultants to waiting requests. [SV8] A request with a preferred
 * consultant who can take it goes to them first; then repeatedly the fairest consultant with
 * room takes the oldest unparked queued request they can take; a request is offered to one
 * consultant, and a consultant is offered at most as many as their free capacity.
 */
export function planOffers(requests: readonly QueuedRequest[], consultants: readonly ConsultantSlot[]): Offer[] {
  const waiting = requests.filter((r) => r.state === 'queued' && !r.parked).sort(byArrival);
  const slots = consultants.filter((c) => c.available && c.load < c.capacity).map((c) => ({ ...c }));
  const taken = new Set<string>();
  const offers: Offer[] = [];
  // [SV8] An invited visitor's request goes first to the consultant who invited them, if free.
  for (const request of waiting) {
    const slot = slots.find((c) => c.consultantId === request.preferredConsultantId);
    if (!slot || !canTake(slot, request)) continue;
    taken.add(request.conversationId);
    offers.push({ conversationId: request.conversationId, consultantId: slot.consultantId });
    slot.load += 1;
  }
  for (;;) {
    slots.sort(fairest);
    let matched = false;
    for (const slot of slots) {
      const next = waiting.find((r) => !taken.has(r.conversationId) && canTake(slot, r));
      if (!next) continue;
      taken.add(next.conversationId);
      offers.push({ conversationId: next.conversationId, consultantId: slot.consultantId });
      slot.load += 1;
      matched = true;
      break;
    }
    if (!matched) return offers;
  }
}

/**
 * Pure queue and routing rules (docs/SPEC.md [Q1]–[Q5], [A1]). No I/O, no clock of its own:
 * callers pass the current state in and apply the plan that comes out.
 */

export interface QueuedRequest {
  conversationId: string;
  linkId: string;
  queuedAt: number;
  /** Ties on queuedAt are broken by arrival order. */
  seq: number;
  state: 'queued' | 'ringing';
}

export interface ConsultantSlot {
  consultantId: string;
  linkIds: readonly string[];
  available: boolean;
  /** Ringing for, or talking in, a conversation: a consultant takes one at a time for now. */
  busy: boolean;
  /** When the consultant last became free; the longest idle is offered first ([Q4]). */
  idleSince: number;
}

export interface Offer {
  conversationId: string;
  consultantId: string;
}

function byArrival(a: QueuedRequest, b: QueuedRequest): number {
  return a.queuedAt - b.queuedAt || a.seq - b.seq;
}

/** [Q1][Q2] 1-based position among the open requests of the same link, oldest first. */
export function queuePositions(requests: readonly QueuedRequest[]): Map<string, number> {
  const positions = new Map<string, number>();
  const perLink = new Map<string, number>();
  for (const request of [...requests].sort(byArrival)) {
    const position = (perLink.get(request.linkId) ?? 0) + 1;
    perLink.set(request.linkId, position);
    positions.set(request.conversationId, position);
  }
  return positions;
}

/** [A1] A link is available when at least one consultant assigned to it is available. */
export function isLinkAvailable(linkId: string, consultants: readonly ConsultantSlot[]): boolean {
  return consultants.some((c) => c.available && c.linkIds.includes(linkId));
}

/**
 * [Q3][Q4] Matches free consultants to waiting requests: consultants in order of longest idle,
 * each offered the oldest queued request among the links assigned to them. A request is offered
 * to at most one consultant; a consultant gets at most one offer.
 */
export function planOffers(requests: readonly QueuedRequest[], consultants: readonly ConsultantSlot[]): Offer[] {
  const waiting = requests.filter((r) => r.state === 'queued').sort(byArrival);
  const free = consultants
    .filter((c) => c.available && !c.busy)
    .sort((a, b) => a.idleSince - b.idleSince || a.consultantId.localeCompare(b.consultantId));
  const taken = new Set<string>();
  const offers: Offer[] = [];
  for (const consultant of free) {
    const next = waiting.find((r) => !taken.has(r.conversationId) && consultant.linkIds.includes(r.linkId));
    if (!next) continue;
    taken.add(next.conversationId);
    offers.push({ conversationId: next.conversationId, consultantId: consultant.consultantId });
  }
  return offers;
}

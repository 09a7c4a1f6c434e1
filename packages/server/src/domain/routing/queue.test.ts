import { describe, expect, it } from 'vitest';
import {
  hasOtherCandidates,
  isLinkAvailable,
  planOffers,
  queuePositions,
  type ConsultantSlot,
  type QueuedRequest,
} from './queue.ts';

function request(
  id: string,
  linkId: string,
  queuedAt: number,
  seq = queuedAt,
  state: QueuedRequest['state'] = 'queued',
): QueuedRequest {
  return { conversationId: id, linkId, queuedAt, seq, state, declinedBy: [], parked: false, departmentId: null };
}
function consultant(
  id: string,
  linkIds: string[],
  idleSince: number,
  extra: Partial<ConsultantSlot> = {},
): ConsultantSlot {
  return {
    consultantId: id,
    linkIds,
    available: true,
    load: 0,
    capacity: 1,
    idleSince,
    departmentId: null,
    ...extra,
  };
}

describe('queue', () => {
  it('[Q1][Q2] positions are 1-based, oldest first, counted per link, ringing included', () => {
    const positions = queuePositions([
      request('b', 'L1', 20),
      request('a', 'L1', 10, 10, 'ringing'),
      request('x', 'L2', 5),
      request('c', 'L1', 20, 21),
    ]);
    expect(Object.fromEntries(positions)).toEqual({ a: 1, b: 2, c: 3, x: 1 });
  });

  it('[Q3] only available, free consultants assigned to the link are offered requests', () => {
    const requests = [request('a', 'L1', 1)];
    expect(planOffers(requests, [consultant('c1', ['L2'], 0)])).toEqual([]);
    expect(planOffers(requests, [consultant('c1', ['L1'], 0, { available: false })])).toEqual([]);
    expect(planOffers(requests, [consultant('c1', ['L1'], 0, { load: 1 })])).toEqual([]);
    expect(planOffers(requests, [consultant('c1', ['L1'], 0)])).toEqual([{ conversationId: 'a', consultantId: 'c1' }]);
  });

  it('[Q4] the longest-idle consultant gets the oldest request; nobody is offered twice', () => {
    const offers = planOffers(
      [request('late', 'L1', 30), request('early', 'L1', 10), request('ringing', 'L1', 5, 5, 'ringing')],
      [consultant('recent', ['L1'], 500), consultant('idle', ['L1'], 100), consultant('third', ['L1'], 900)],
    );
    expect(offers).toEqual([
      { conversationId: 'early', consultantId: 'idle' },
      { conversationId: 'late', consultantId: 'recent' },
    ]);
  });

  it("[SV8] an invited visitor's request goes first to the consultant who invited them, when they can take it", () => {
    const invited = { ...request('b', 'L', 20), preferredConsultantId: 'late' };
    // Without the preference the longest-idle consultant ('early') would take the only request.
    expect(planOffers([invited], [consultant('early', ['L'], 1), consultant('late', ['L'], 9)])).toEqual([
      { conversationId: 'b', consultantId: 'late' },
    ]);
    // The oldest request still goes to the fairest of the others.
    expect(
      planOffers([request('a', 'L', 10), invited], [consultant('early', ['L'], 1), consultant('late', ['L'], 9)]),
    ).toEqual([
      { conversationId: 'b', consultantId: 'late' },
      { conversationId: 'a', consultantId: 'early' },
    ]);
    // A preferred consultant who cannot take it (busy, not on the link) leaves ordinary routing.
    const busy = consultant('late', ['L'], 9, { load: 1 });
    expect(planOffers([invited], [consultant('early', ['L'], 1), busy])).toEqual([
      { conversationId: 'b', consultantId: 'early' },
    ]);
  });

  it('[A1] a link is available while any assigned consultant is available, even if busy', () => {
    expect(isLinkAvailable('L1', [consultant('c1', ['L1'], 0, { load: 1 })])).toBe(true);
    expect(isLinkAvailable('L1', [consultant('c1', ['L1'], 0, { available: false })])).toBe(false);
    expect(isLinkAvailable('L1', [consultant('c1', ['L2'], 0)])).toBe(false);
  });

  it('[Q4] the least-loaded consultant goes first, and capacity allows several offers (F-29)', () => {
    const offers = planOffers(
      [request('r1', 'L1', 1), request('r2', 'L1', 2), request('r3', 'L1', 3), request('r4', 'L1', 4)],
      [
        consultant('busy-long-idle', ['L1'], 0, { load: 1, capacity: 3 }),
        consultant('fresh', ['L1'], 500, { capacity: 2 }),
      ],
    );
    expect(offers).toEqual([
      { conversationId: 'r1', consultantId: 'fresh' },
      { conversationId: 'r2', consultantId: 'busy-long-idle' },
      { conversationId: 'r3', consultantId: 'fresh' },
      { conversationId: 'r4', consultantId: 'busy-long-idle' },
    ]);
  });

  it('[C5] a request is never offered again to a consultant who declined it', () => {
    const declined = { ...request('a', 'L1', 1), declinedBy: ['c1'] };
    expect(planOffers([declined, request('b', 'L1', 2)], [consultant('c1', ['L1'], 0)])).toEqual([
      { conversationId: 'b', consultantId: 'c1' },
    ]);
    const onL1 = { linkId: 'L1', departmentId: null };
    expect(hasOtherCandidates(onL1, ['c1'], [consultant('c1', ['L1'], 0)])).toBe(false);
    expect(hasOtherCandidates(onL1, ['c1'], [consultant('c1', ['L1'], 0), consultant('c2', ['L1'], 0)])).toBe(true);
  });

  it('[C9] a parked request is not rung again but keeps its place in the line', () => {
    const parked = { ...request('a', 'L1', 1), parked: true };
    expect(planOffers([parked, request('b', 'L1', 2)], [consultant('c1', ['L1'], 0)])).toEqual([
      { conversationId: 'b', consultantId: 'c1' },
    ]);
    expect(Object.fromEntries(queuePositions([parked, request('b', 'L1', 2)]))).toEqual({ a: 1, b: 2 });
  });

  it('[DC2] a request for a chosen department rings only that department, in a line of its own', () => {
    const support = { ...request('s', 'P', 1), departmentId: 'support' };
    const sales = { ...request('t', 'P', 2), departmentId: 'sales' };
    const anyone = request('u', 'P', 3);
    // The sales consultant has been idle longest, yet the support request waits for support.
    const salesPerson = consultant('sally', ['P'], 0, { departmentId: 'sales' });
    const supportPerson = consultant('sue', ['P'], 100, { departmentId: 'support', capacity: 2 });
    expect(planOffers([support, sales, anyone], [salesPerson, supportPerson])).toEqual([
      { conversationId: 't', consultantId: 'sally' },
      { conversationId: 's', consultantId: 'sue' },
      { conversationId: 'u', consultantId: 'sue' },
    ]);
    expect(planOffers([support], [salesPerson])).toEqual([]);
    expect(hasOtherCandidates({ linkId: 'P', departmentId: 'support' }, [], [salesPerson])).toBe(false);
    expect(hasOtherCandidates({ linkId: 'P', departmentId: null }, [], [salesPerson])).toBe(true);
    // Positions count within the chosen department's line; "anyone" lines up with the others of no choice.
    expect(
      Object.fromEntries(
        queuePositions([support, sales, anyone, { ...request('v', 'P', 4), departmentId: 'support' }]),
      ),
    ).toEqual({
      s: 1,
      t: 1,
      u: 1,
      v: 2,
    });
  });
});

describe('planned sessions', () => {
  it('[AP7] a reserved request is offered only to its consultant, even when another is idler', () => {
    const reserved = { ...request('r1', 'L', 1), reservedFor: 'b' };
    const plain = request('r2', 'L', 2);
    expect(planOffers([reserved, plain], [consultant('a', ['L'], 0), consultant('b', ['L'], 5)])).toEqual([
      { conversationId: 'r2', consultantId: 'a' },
      { conversationId: 'r1', consultantId: 'b' },
    ]);
    expect(planOffers([reserved], [consultant('a', ['L'], 0)])).toEqual([]);
  });
});

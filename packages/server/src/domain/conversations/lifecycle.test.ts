import { codeOf } from '../../../test/fixtures.ts';
import { describe as suite, expect, it } from 'vitest';
import {
  initialState,
  signallingOpen,
  transition,
  type ConversationEvent,
  type ConversationState,
} from './lifecycle.ts';

const t0 = 1000;
const queued = initialState(t0);
const ringing = transition(queued, { type: 'offer', consultantId: 'c1', at: 2000 });
const active = transition(ringing, { type: 'accept', consultantId: 'c1', at: 3000 });

suite('conversation lifecycle', () => {
  it('[C1] starts queued with its queue time', () => {
    expect(queued).toEqual({ name: 'queued', queuedAt: t0, declinedBy: [], parked: false });
  });

  it('[C2] a queued conversation is offered to one consultant and rings', () => {
    expect(ringing).toEqual({
      name: 'ringing',
      queuedAt: t0,
      consultantId: 'c1',
      ringingSince: 2000,
      declinedBy: [],
      transferredFrom: null,
    });
    expect(codeOf(() => transition(ringing, { type: 'offer', consultantId: 'c2', at: 2001 }))).toBe(
      'illegal_transition',
    );
  });

  it('[C3] only the rung consultant accepts, and it becomes active', () => {
    expect(active).toEqual({ name: 'active', queuedAt: t0, consultantId: 'c1', acceptedAt: 3000, held: false });
    expect(codeOf(() => transition(ringing, { type: 'accept', consultantId: 'c2', at: 3000 }))).toBe('forbidden');
    expect(codeOf(() => transition(queued, { type: 'accept', consultantId: 'c1', at: 3000 }))).toBe(
      'illegal_transition',
    );
  });

  it('[C4] a withdrawn offer returns to the queue keeping its place', () => {
    expect(transition(ringing, { type: 'withdraw_offer', at: 5000 })).toEqual({
      name: 'queued',
      queuedAt: t0,
      declinedBy: [],
      parked: false,
    });
    expect(codeOf(() => transition(active, { type: 'withdraw_offer', at: 5000 }))).toBe('illegal_transition');
  });

  it('[C5] a decline sends the request back to its place for the others, or closes it when none is left', () => {
    const back = transition(ringing, { type: 'decline', consultantId: 'c1', at: 2500, others: true });
    expect(back).toEqual({ name: 'queued', queuedAt: t0, declinedBy: ['c1'], parked: false });
    const again = transition(transition(back, { type: 'offer', consultantId: 'c2', at: 2600 }), {
      type: 'decline',
      consultantId: 'c2',
      at: 2700,
      others: true,
    });
    expect(again).toMatchObject({ name: 'queued', declinedBy: ['c1', 'c2'] });
    expect(transition(ringing, { type: 'decline', consultantId: 'c1', at: 2500, others: false })).toMatchObject({
      name: 'declined',
      declinedAt: 2500,
    });
    expect(codeOf(() => transition(ringing, { type: 'decline', consultantId: 'c9', at: 2500, others: true }))).toBe(
      'forbidden',
    );
  });

  it('[C9] the rung consultant may park the request in the communication queue', () => {
    expect(transition(ringing, { type: 'park', consultantId: 'c1', at: 2500 })).toEqual({
      name: 'queued',
      queuedAt: t0,
      declinedBy: [],
      parked: true,
    });
    expect(codeOf(() => transition(ringing, { type: 'park', consultantId: 'c2', at: 2500 }))).toBe('forbidden');
    expect(codeOf(() => transition(queued, { type: 'park', consultantId: 'c1', at: 2500 }))).toBe('illegal_transition');
  });

  it('[C10] a waiting request can be picked from the queue and becomes active at once', () => {
    const parked = transition(ringing, { type: 'park', consultantId: 'c1', at: 2500 });
    expect(transition(parked, { type: 'pick', consultantId: 'c2', at: 2600 })).toEqual({
      name: 'active',
      queuedAt: t0,
      consultantId: 'c2',
      acceptedAt: 2600,
      held: false,
    });
    expect(codeOf(() => transition(ringing, { type: 'pick', consultantId: 'c2', at: 2600 }))).toBe(
      'illegal_transition',
    );
  });

  it('[C6] a waiting or ringing request can be abandoned, an active one cannot', () => {
    for (const from of [queued, ringing]) {
      expect(transition(from, { type: 'abandon', reason: 'visitor_cancelled', at: 4000 })).toEqual({
        name: 'abandoned',
        queuedAt: t0,
        abandonedAt: 4000,
        reason: 'visitor_cancelled',
      });
    }
    expect(codeOf(() => transition(active, { type: 'abandon', reason: 'visitor_left', at: 4000 }))).toBe(
      'illegal_transition',
    );
  });

  it('[C7] only an active conversation ends, recording who ended it', () => {
    expect(transition(active, { type: 'end', reason: 'consultant_ended', at: 9000 })).toEqual({
      name: 'ended',
      queuedAt: t0,
      consultantId: 'c1',
      acceptedAt: 3000,
      endedAt: 9000,
      reason: 'consultant_ended',
    });
    expect(codeOf(() => transition(queued, { type: 'end', reason: 'visitor_ended', at: 9000 }))).toBe(
      'illegal_transition',
    );
  });

  it('[C8] closed states accept no event (ended only Mark as done, [C13])', () => {
    const ended = transition(active, { type: 'end', reason: 'visitor_ended', at: 9000 });
    const terminals: ConversationState[] = [
      ended,
      transition(ended, { type: 'mark_done', consultantId: 'c1', disposition: null, at: 9001 }),
      transition(ringing, { type: 'decline', consultantId: 'c1', at: 9000, others: false }),
      transition(queued, { type: 'abandon', reason: 'visitor_left', at: 9000 }),
    ];
    const events: ConversationEvent[] = [
      { type: 'offer', consultantId: 'c1', at: 1 },
      { type: 'withdraw_offer', at: 1 },
      { type: 'accept', consultantId: 'c1', at: 1 },
      { type: 'decline', consultantId: 'c1', at: 1, others: true },
      { type: 'park', consultantId: 'c1', at: 1 },
      { type: 'pick', consultantId: 'c1', at: 1 },
      { type: 'abandon', reason: 'visitor_left', at: 1 },
      { type: 'end', reason: 'visitor_ended', at: 1 },
      { type: 'hold', consultantId: 'c1', at: 1 },
      { type: 'resume', consultantId: 'c1', at: 1 },
      { type: 'transfer', consultantId: 'c1', to: 'c2', at: 1 },
      { type: 'requeue', at: 1 },
    ];
    for (const state of terminals) {
      for (const event of events) expect(codeOf(() => transition(state, event))).toBe('illegal_transition');
    }
  });

  it('[C11] the consultant puts an active conversation on hold and resumes it; nobody else can', () => {
    const held = transition(active, { type: 'hold', consultantId: 'c1', at: 4000 });
    expect(held).toMatchObject({ name: 'active', held: true, acceptedAt: 3000 });
    expect(codeOf(() => transition(held, { type: 'hold', consultantId: 'c1', at: 4001 }))).toBe('illegal_transition');
    expect(codeOf(() => transition(active, { type: 'hold', consultantId: 'c2', at: 4000 }))).toBe('forbidden');
    expect(transition(held, { type: 'resume', consultantId: 'c1', at: 5000 })).toMatchObject({ held: false });
    expect(codeOf(() => transition(ringing, { type: 'hold', consultantId: 'c1', at: 4000 }))).toBe(
      'illegal_transition',
    );
  });

  it('[C12] a transfer rings the colleague, or sends the conversation back to a queue', () => {
    const toColleague = transition(active, { type: 'transfer', consultantId: 'c1', to: 'c2', at: 6000 });
    expect(toColleague).toEqual({
      name: 'ringing',
      queuedAt: t0,
      consultantId: 'c2',
      ringingSince: 6000,
      declinedBy: [],
      transferredFrom: 'c1',
    });
    // A colleague who declines the transfer does not drop the visitor: back to the queue.
    expect(transition(toColleague, { type: 'decline', consultantId: 'c2', at: 6100, others: false })).toMatchObject({
      name: 'queued',
      declinedBy: ['c2'],
    });
    expect(transition(active, { type: 'transfer', consultantId: 'c1', to: null, at: 6000 })).toEqual({
      name: 'queued',
      queuedAt: 6000,
      declinedBy: [],
      parked: false,
    });
    expect(codeOf(() => transition(active, { type: 'transfer', consultantId: 'c2', to: 'c3', at: 1 }))).toBe(
      'forbidden',
    );
    expect(codeOf(() => transition(active, { type: 'transfer', consultantId: 'c1', to: 'c1', at: 1 }))).toBe(
      'illegal_transition',
    );
  });

  it('[DV2] an active call whose consultant is deactivated waits again with its original queue time', () => {
    const held = transition(active, { type: 'hold', consultantId: 'c1', at: 4000 });
    for (const state of [active, held]) {
      expect(transition(state, { type: 'requeue', at: 8000 })).toEqual({
        name: 'queued',
        queuedAt: t0,
        declinedBy: [],
        parked: false,
      });
    }
    for (const state of [queued, ringing]) {
      expect(codeOf(() => transition(state, { type: 'requeue', at: 8000 }))).toBe('illegal_transition');
    }
  });

  it('[C13] Mark as done closes an ended conversation once, by its consultant, with a disposition', () => {
    const ended = transition(active, { type: 'end', reason: 'visitor_ended', at: 9000 });
    const done = transition(ended, { type: 'mark_done', consultantId: 'c1', disposition: 'sale', at: 9500 });
    expect(done).toMatchObject({ name: 'done', endedAt: 9000, doneAt: 9500, disposition: 'sale' });
    expect(codeOf(() => transition(ended, { type: 'mark_done', consultantId: 'c2', disposition: null, at: 1 }))).toBe(
      'forbidden',
    );
    expect(codeOf(() => transition(done, { type: 'mark_done', consultantId: 'c1', disposition: null, at: 1 }))).toBe(
      'illegal_transition',
    );
    expect(codeOf(() => transition(active, { type: 'mark_done', consultantId: 'c1', disposition: null, at: 1 }))).toBe(
      'illegal_transition',
    );
  });

  it('[M2][IA1] signalling is open while the request rings (the pre-connection) and during the call, closed otherwise', () => {
    expect(signallingOpen(ringing)).toBe(true);
    expect(signallingOpen(active)).toBe(true);
    expect(signallingOpen(transition(active, { type: 'hold', consultantId: 'c1', at: 3500 }))).toBe(true);
    const ended = transition(active, { type: 'end', reason: 'visitor_ended', at: 4000 });
    const withdrawn = transition(ringing, { type: 'withdraw_offer', at: 2500 });
    const declined = transition(ringing, { type: 'decline', consultantId: 'c1', at: 2500, others: false });
    const abandoned = transition(ringing, { type: 'abandon', reason: 'visitor_cancelled', at: 2500 });
    for (const closed of [queued, withdrawn, ended, declined, abandoned]) expect(signallingOpen(closed)).toBe(false);
  });

  it('never mutates the state it is given', () => {
    const frozen = Object.freeze({ ...queued });
    transition(frozen, { type: 'offer', consultantId: 'c1', at: 1 });
    expect(frozen).toEqual(queued);
  });
});

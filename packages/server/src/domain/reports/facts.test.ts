import { describe, expect, it } from 'vitest';
import { initialState, transition, type ConversationEvent } from '../conversations/lifecycle.ts';
import { factRowOf, nextFacts, noFacts, type ConversationFacts } from './facts.ts';
import { localMidnight, offsetSegments, weekHourOf } from './timeZone.ts';

function play(events: ConversationEvent[], facts: ConversationFacts = noFacts) {
  let state = initialState(0);
  for (const event of events) {
    facts = nextFacts(facts, state, event);
    state = transition(state, event);
  }
  return factRowOf(state, facts, 'video');
}

describe('report facts', () => {
  it('[RP3][RP4] the first answer counts: a transfer answered again keeps the first wait, handling spans both', () => {
    const row = play([
      { type: 'offer', consultantId: 'a', at: 1_000 },
      { type: 'accept', consultantId: 'a', at: 5_000 },
      { type: 'transfer', consultantId: 'a', to: null, at: 9_000 },
      { type: 'offer', consultantId: 'b', at: 10_000 },
      { type: 'accept', consultantId: 'b', at: 30_000 },
      { type: 'end', reason: 'visitor_ended', at: 65_000 },
    ]);
    expect(row).toMatchObject({
      outcome: 'answered',
      waitMs: 5_000,
      handleMs: 60_000,
      transfers: 1,
      consultantId: 'b',
    });
  });

  it('[RP3] an unanswered request: left a message before rang out before abandoned; declined is its own', () => {
    const rang: ConversationEvent[] = [
      { type: 'offer', consultantId: 'a', at: 1 },
      { type: 'withdraw_offer', at: 2 },
      { type: 'abandon', reason: 'visitor_left', at: 3 },
    ];
    expect(play(rang).outcome).toBe('rang_out');
    expect(play(rang, { ...noFacts, leftMessage: true }).outcome).toBe('left_message');
    expect(play([{ type: 'abandon', reason: 'visitor_cancelled', at: 3 }]).outcome).toBe('abandoned');
    const declined = play([
      { type: 'offer', consultantId: 'a', at: 1 },
      { type: 'decline', consultantId: 'a', others: false, at: 2 },
    ]);
    expect(declined).toMatchObject({ outcome: 'declined', waitMs: null, handleMs: null });
    expect(play([]).outcome).toBeNull();
  });

  it('[RP6] local midnights and offset pieces follow DST; the week hour starts on Monday', () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(new Date(localMidnight('Europe/Warsaw', day('2026-03-29'))).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(localMidnight('Europe/Warsaw', day('2026-03-30'))).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const pieces = offsetSegments(
      'Europe/Warsaw',
      Date.parse('2026-03-01T00:00:00Z'),
      Date.parse('2026-11-01T00:00:00Z'),
    );
    expect(pieces.map((p) => [new Date(p.from).toISOString(), p.offsetMs / 3_600_000])).toEqual([
      ['2026-03-01T00:00:00.000Z', 1],
      ['2026-03-29T01:00:00.000Z', 2],
      ['2026-10-25T01:00:00.000Z', 1],
    ]);
    // 1970-01-05 was a Monday: local hour 96 is Monday 00:00.
    expect(weekHourOf(96)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { ConversationView } from '@parley/protocol';
import {
  activeCalls,
  endedCalls,
  frontCall,
  hasFreeSlot,
  mine,
  settledIds,
  type DeskSelectionInput,
} from './deskSelection.ts';

function call(
  id: string,
  state: ConversationView['state'],
  consultantId: string | null,
  extra: Partial<ConversationView> = {},
) {
  return { id, state, consultantId, members: [], acceptedAt: null, ...extra } as unknown as ConversationView;
}

function desk(list: ConversationView[], extra: Partial<DeskSelectionInput> = {}): DeskSelectionInput {
  return {
    consultantId: 'dana',
    available: true,
    capacity: 2,
    conversations: Object.fromEntries(list.map((v) => [v.id, v])),
    ...extra,
  };
}

const sam = { id: 'sam', name: 'Sam' };
const dana = { id: 'dana', name: 'Dana' };

describe('[CD5] the desk selection rules of the console SDK', () => {
  it('[S5] mine: own conversations and a colleague’s conference this consultant joined, nobody else’s', () => {
    const state = desk([
      call('own', 'active', 'dana'),
      call('joined', 'active', 'sam', { members: [dana] }),
      call('theirs', 'active', 'sam', { members: [sam] }),
      call('queued', 'queued', null),
    ]);
    expect(mine(state).map((v) => v.id)).toEqual(['own', 'joined']);
  });

  it('F-29 active calls in the order they were accepted; the front one is the chosen one, else the first', () => {
    const state = desk([
      call('late', 'active', 'dana', { acceptedAt: 300 }),
      call('early', 'active', 'dana', { acceptedAt: 100 }),
      call('ringing', 'ringing', 'dana'),
    ]);
    const actives = activeCalls(state);
    expect(actives.map((v) => v.id)).toEqual(['early', 'late']);
    expect(frontCall(actives, 'late')?.id).toBe('late');
    expect(frontCall(actives, 'gone')?.id).toBe('early');
    expect(frontCall([], null)).toBeUndefined();
  });

  it('[CD3] own ended calls wait for their wrap-up; a colleague’s ended conference does not', () => {
    const state = desk([call('mine', 'ended', 'dana'), call('conference', 'ended', 'sam', { members: [dana] })]);
    expect(endedCalls(state).map((v) => v.id)).toEqual(['mine']);
  });

  it('F-29 a free slot: available, and fewer calls going on or ringing than the capacity', () => {
    const one = [call('a', 'active', 'dana'), call('e', 'ended', 'dana')];
    expect(hasFreeSlot(desk(one))).toBe(true);
    expect(hasFreeSlot(desk([...one, call('r', 'ringing', 'dana')]))).toBe(false);
    expect(hasFreeSlot(desk(one, { capacity: 1 }))).toBe(false);
    expect(hasFreeSlot(desk([], { available: false }))).toBe(false);
  });

  it('settled: declined and done ones and a colleague’s ended conference; never an own ended call or a ringing one', () => {
    const state = desk([
      call('declined', 'declined', 'dana'),
      call('done', 'done', 'dana'),
      call('conference', 'ended', 'sam', { members: [dana] }),
      call('ended', 'ended', 'dana'),
      call('ringing', 'ringing', 'dana'),
      call('other', 'declined', 'sam'),
    ]);
    expect(settledIds(state)).toEqual(['declined', 'done', 'conference']);
  });
});

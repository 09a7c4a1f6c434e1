import { describe, expect, it } from 'vitest';
import { withMember } from './desk.ts';

const ann = { id: 'a', name: 'Ann', presence: 'online' } as const;
const ola = { id: 'o', name: 'Ola', presence: 'offline' } as const;

describe('[O2] team roster updates', () => {
  it('changes a known colleague in place, adds a new one in name order, removes one on null', () => {
    const roster = [ann, ola];
    expect(withMember(roster, 'o', { ...ola, presence: 'available' })).toEqual([
      ann,
      { ...ola, presence: 'available' },
    ]);
    const ewa = { id: 'e', name: 'Ewa', presence: 'online' } as const;
    expect(withMember(roster, 'e', ewa).map((m) => m.name)).toEqual(['Ann', 'Ewa', 'Ola']);
    expect(withMember(roster, 'a', null)).toEqual([ola]);
    expect(roster).toEqual([ann, ola]);
  });
});

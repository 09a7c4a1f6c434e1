import { codeOf } from '../../../test/fixtures.ts';
import { describe, expect, it } from 'vitest';
import { emptyRoom, goLive, goOffAir, join, leave } from './room.ts';

describe('broadcast room', () => {
  it('[B1] one presenter at a time', () => {
    const live = goLive(emptyRoom('L', 3), 'c1');
    expect(live.presenterId).toBe('c1');
    expect(goLive(live, 'c1')).toBe(live);
    expect(codeOf(() => goLive(live, 'c2'))).toBe('broadcast_taken');
  });

  it('[B2] viewers join only a live room, once, and may always leave', () => {
    expect(codeOf(() => join(emptyRoom('L', 3), 'v1'))).toBe('broadcast_not_live');
    const room = join(join(goLive(emptyRoom('L', 3), 'c1'), 'v1'), 'v1');
    expect([...room.viewers]).toEqual(['v1']);
    expect(leave(room, 'v1').viewers.size).toBe(0);
    expect(leave(room, 'nobody')).toBe(room);
  });

  it('[B3] the viewer past capacity is refused with room_full', () => {
    let room = goLive(emptyRoom('L', 2), 'c1');
    room = join(join(room, 'v1'), 'v2');
    expect(codeOf(() => join(room, 'v3'))).toBe('room_full');
    expect(join(leave(room, 'v1'), 'v3').viewers.size).toBe(2);
  });

  it('[B4] going off air empties the room; only the presenter can do it', () => {
    const room = join(goLive(emptyRoom('L', 2), 'c1'), 'v1');
    expect(codeOf(() => goOffAir(room, 'c2'))).toBe('forbidden');
    const off = goOffAir(room, 'c1');
    expect(off).toMatchObject({ presenterId: null });
    expect(off.viewers.size).toBe(0);
  });
});

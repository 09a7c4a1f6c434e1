import { describe, expect, it } from 'vitest';
import { DelayLine, type DelayClock } from '../../../scripts/netlab/delayLine.ts';

/** A clock that moves only when the test says so, firing due timers in time order. */
function manualClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; fire: () => void }>();
  const clock: DelayClock = {
    now: () => now,
    setTimer: (fire, ms) => {
      nextId += 1;
      timers.set(nextId, { at: now + ms, fire });
      return nextId;
    },
    clearTimer: (id) => timers.delete(id as number),
  };
  const advanceTo = (to: number) => {
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fire();
    }
    now = to;
  };
  return { clock, advanceTo, pendingTimers: () => timers.size };
}

/** random() values in turn: 0.5 is no jitter, 0 is −jitter, just under 1 is +jitter. */
const draws = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('[NW9] the lab’s delay line (userspace delay and jitter)', () => {
  it('[NW9] holds every datagram for the delay, then delivers it, and no earlier', () => {
    const { clock, advanceTo } = manualClock();
    const delivered: [string, number][] = [];
    const line = new DelayLine<string>({ delayMs: 75, jitterMs: 0 }, (d) => delivered.push([d, clock.now()]), clock);
    line.push('a');
    advanceTo(10);
    line.push('b');
    advanceTo(74);
    expect(delivered).toEqual([]);
    advanceTo(200);
    expect(delivered).toEqual([
      ['a', 75],
      ['b', 85],
    ]);
    expect(line.size).toBe(0);
  });

  it('[NW9] jitter spreads each delay uniformly within ± jitterMs, never below zero', () => {
    const { clock } = manualClock();
    const line = new DelayLine<number>(
      { delayMs: 20, jitterMs: 30, reorder: true, random: draws(0, 0.5, 0.999) },
      () => undefined,
      clock,
    );
    expect(line.push(1)).toBe(0); // 20 − 30 is clamped to no delay at all
    expect(line.push(2)).toBe(20);
    expect(line.push(3)).toBeCloseTo(49.94, 2);
  });

  it('[NW9] without reorder a datagram that drew a shorter delay waits for the one before it (order kept)', () => {
    const { clock, advanceTo } = manualClock();
    const delivered: [number, number][] = [];
    const line = new DelayLine<number>(
      { delayMs: 75, jitterMs: 30, random: draws(0.999, 0) },
      (d) => delivered.push([d, clock.now()]),
      clock,
    );
    line.push(1); // ≈ 105 ms
    advanceTo(1);
    line.push(2); // drew 45 ms (at 46) but must not overtake 1
    advanceTo(500);
    expect(delivered.map(([d]) => d)).toEqual([1, 2]);
    expect(delivered[1]![1]).toBe(delivered[0]![1]);
  });

  it('[NW9] with reorder each datagram leaves at its own time, so a later one may overtake', () => {
    const { clock, advanceTo } = manualClock();
    const delivered: [number, number][] = [];
    const line = new DelayLine<number>(
      { delayMs: 75, jitterMs: 30, reorder: true, random: draws(0.999, 0) },
      (d) => delivered.push([d, clock.now()]),
      clock,
    );
    line.push(1);
    advanceTo(1);
    line.push(2);
    advanceTo(500);
    expect(delivered).toEqual([
      [2, 46],
      [1, expect.closeTo(104.94, 2)],
    ]);
  });

  it('[NW9] keeps one timer for the earliest datagram, and close() drops what is held', () => {
    const { clock, advanceTo, pendingTimers } = manualClock();
    const delivered: number[] = [];
    const line = new DelayLine<number>({ delayMs: 50, jitterMs: 0 }, (d) => delivered.push(d), clock);
    for (let i = 0; i < 100; i++) line.push(i);
    expect(pendingTimers()).toBe(1);
    line.close();
    advanceTo(1000);
    expect(delivered).toEqual([]);
    expect(pendingTimers()).toBe(0);
  });

  it('[NW9] refuses a negative delay or jitter', () => {
    expect(() => new DelayLine({ delayMs: -1, jitterMs: 0 }, () => undefined)).toThrow(RangeError);
    expect(() => new DelayLine({ delayMs: 0, jitterMs: -5 }, () => undefined)).toThrow(RangeError);
  });
});

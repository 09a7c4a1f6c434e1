import { describe, expect, it } from 'vitest';
import { LiveClock } from './liveClock.ts';

describe('[CB2] the replay clock', () => {
  it('[CB2] plays a change as it arrives: delay from the baseline equals the live timer’s time', () => {
    const clock = new LiveClock();
    // The first batch (meta, full snapshot) spans 360 ms of the visitor's time and arrives at
    // 5,000; building the replayer takes until 5,200, when the live timer starts.
    const firstBatch = [1_000, 1_360];
    const baseline = clock.start(5_200);
    const first = clock.place(firstBatch, 5_000);
    expect(first.every((t) => t >= baseline)).toBe(true);
    // A change made on the page arrives at 6,000: the timer has run 800 ms, so must its delay.
    const [change] = clock.place([2_100], 6_000);
    expect(change! - baseline).toBe(6_000 - 5_200);
  });

  it('[CB2] keeps the page’s order and the spacing within a batch', () => {
    const clock = new LiveClock();
    clock.start(0);
    expect(clock.place([100, 130, 200], 1_000)).toEqual([900, 930, 1_000]);
    // A batch whose events are older than the last one given never goes back in time.
    expect(clock.place([50, 60], 990)).toEqual([1_000, 1_000]);
  });
});

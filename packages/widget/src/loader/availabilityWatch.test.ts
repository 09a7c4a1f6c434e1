import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIRST_DELAY_MS, MAX_DELAY_MS, watchAvailability, type AvailabilityWatchOptions } from './availabilityWatch.ts';

/** A server whose availability the test sets, counting the loader's status reads. */
function setup(initial: boolean, overrides: Partial<AvailabilityWatchOptions> = {}) {
  const server = { available: initial, reads: 0, failing: false };
  let visible = true;
  const onVisible: (() => void)[] = [];
  const changes: boolean[] = [];
  const watch = watchAvailability(initial, {
    check: () => {
      server.reads += 1;
      return server.failing ? Promise.reject(new Error('offline')) : Promise.resolve(server.available);
    },
    onChange: (available) => changes.push(available),
    isVisible: () => visible,
    onVisible: (run) => onVisible.push(run),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    ...overrides,
  });
  const setVisible = (now: boolean) => {
    visible = now;
    for (const run of onVisible) run();
  };
  return { server, changes, watch, setVisible };
}

const HOUR = 3_600_000;

describe('[EA8] the availability dot stays live, cheaply (issue 22.1)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('[EA8] notices a consultant leaving within the first interval', async () => {
    const { server, changes } = setup(true);
    server.available = false;
    await vi.advanceTimersByTimeAsync(FIRST_DELAY_MS - 1);
    expect(changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(changes).toEqual([false]);
  });

  it('[EA8] an hour on an unchanged page costs a handful of reads, not one a second', async () => {
    const { server } = setup(false);
    await vi.advanceTimersByTimeAsync(HOUR);
    // 15 s, 30 s, 1 min, 2 min, 4 min, then every 5 min: 16 reads in the hour.
    expect(server.reads).toBeLessThanOrEqual(20);
    expect(server.reads).toBeGreaterThanOrEqual(10);
  });

  it('[EA8] after backing off, a change is still seen within the longest interval, then checks come sooner', async () => {
    const { server, changes } = setup(false);
    await vi.advanceTimersByTimeAsync(HOUR);
    server.available = true;
    let waited = 0;
    while (changes.length === 0 && waited < MAX_DELAY_MS) {
      await vi.advanceTimersByTimeAsync(1000);
      waited += 1000;
    }
    expect(changes).toEqual([true]);
    server.available = false;
    await vi.advanceTimersByTimeAsync(FIRST_DELAY_MS);
    expect(changes).toEqual([true, false]);
  });

  it('[EA8] failures back off too', async () => {
    const { server } = setup(true);
    server.failing = true;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(server.reads).toBeLessThanOrEqual(20);
  });

  it('[EA8] a hidden tab is not polled; it checks once when shown again', async () => {
    const { server, changes, setVisible } = setup(true);
    setVisible(false);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(server.reads).toBe(0);
    server.available = false;
    setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.reads).toBe(1);
    expect(changes).toEqual([false]);
  });

  it('[EA8] a pushed value (the open app’s WebSocket) changes the dot at once and is not reported twice', async () => {
    const { server, changes, watch } = setup(true);
    server.available = false;
    watch.push(false);
    expect(changes).toEqual([false]);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(changes).toEqual([false]);
    watch.stop();
    const reads = server.reads;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(server.reads).toBe(reads);
  });
});

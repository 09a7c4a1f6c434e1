import { describe, expect, it } from 'vitest';
import { exponentialBackoff, resumeBackoff, type ReconnectPolicy } from './reconnect.ts';

/** A seeded generator (mulberry32): the same "random" jitter on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Many clients lose the server at 0 and retry by `policy` (a refused attempt fails at once); the
 * server listens again at `backAtMs`. Returns when each client's first attempt after that comes.
 */
function simulateOutage(policy: ReconnectPolicy, clients: number, backAtMs: number): number[] {
  const arrivals: number[] = [];
  for (let c = 0; c < clients; c++) {
    let t = 0;
    for (let attempt = 0; ; attempt++) {
      const delay = policy.nextRetryDelayMs({ attempt, elapsedMs: t });
      if (delay === null) throw new Error('the policy gave up');
      t += delay;
      if (t >= backAtMs) break;
    }
    arrivals.push(t);
  }
  return arrivals;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('[RS1] resumeBackoff', () => {
  it('draws each delay from [0, min(cap, base·2^attempt)]: the bounds at both ends of the jitter', () => {
    const low = resumeBackoff({ random: () => 0 });
    const high = resumeBackoff({ random: () => 0.999_999 });
    const ceilings = [0, 1, 2, 3, 4, 10, 50].map((attempt) => high.nextRetryDelayMs({ attempt, elapsedMs: 5_000 }));
    expect(ceilings).toEqual([250, 500, 1000, 1500, 1500, 1500, 1500]);
    for (const attempt of [0, 3, 50]) expect(low.nextRetryDelayMs({ attempt, elapsedMs: 5_000 })).toBe(0);
  });

  it('raises the cap once the outage is long (no restart): a gone server is not hammered forever', () => {
    const high = resumeBackoff({ random: () => 0.999_999 });
    expect(high.nextRetryDelayMs({ attempt: 400, elapsedMs: 299_999 })).toBe(1500);
    expect(high.nextRetryDelayMs({ attempt: 400, elapsedMs: 300_000 })).toBe(10_000);
    expect(high.nextRetryDelayMs({ attempt: 1, elapsedMs: 300_000 })).toBe(500);
  });

  it('spreads the delays evenly over the window (full jitter), never the same millisecond for everyone', () => {
    const policy = resumeBackoff({ random: seeded(19) });
    const delays = Array.from({ length: 1000 }, () => policy.nextRetryDelayMs({ attempt: 6, elapsedMs: 3_000 })!);
    const tenths = Array.from({ length: 10 }, (_, i) => delays.filter((d) => d >= i * 150 && d < (i + 1) * 150).length);
    for (const count of tenths) expect(count).toBeGreaterThan(70); // 100 each if perfectly even
    expect(Math.max(...delays)).toBeLessThanOrEqual(1500);
    expect(new Set(delays).size).toBeGreaterThan(400);
  });

  for (const backAtMs of [2_000, 8_000, 70_000, 240_000]) {
    it(`after a ${backAtMs / 1000} s outage 1000 clients are back within 2 s (p95 of the wait ≤ 1.5 s, never past the cap) and at most a few per millisecond`, () => {
      const arrivals = simulateOutage(resumeBackoff({ random: seeded(backAtMs) }), 1000, backAtMs);
      const waits = arrivals.map((t) => t - backAtMs);
      // What is left of 2 s after the wait is the handshake: hello, welcome, the outbox.
      expect(percentile(waits, 95)).toBeLessThanOrEqual(1500);
      expect(Math.max(...waits)).toBeLessThanOrEqual(1500);
      const perMillisecond = new Map<number, number>();
      for (const t of arrivals) perMillisecond.set(t, (perMillisecond.get(t) ?? 0) + 1);
      expect(Math.max(...perMillisecond.values())).toBeLessThanOrEqual(6);
      // No tenth of a second takes more than a sixth of the crowd.
      const perTenth = new Map<number, number>();
      for (const t of arrivals) perTenth.set(Math.floor(t / 100), (perTenth.get(Math.floor(t / 100)) ?? 0) + 1);
      expect(Math.max(...perTenth.values())).toBeLessThanOrEqual(1000 / 6);
    });
  }

  it('the old default (base 500 ms, cap 10 s) fails the same 8 s outage: why the default changed', () => {
    const old = exponentialBackoff(500, 10_000, seeded(8_000));
    const waits = simulateOutage(old, 1000, 8_000).map((t) => t - 8_000);
    expect(percentile(waits, 95)).toBeGreaterThan(2_000);
  });
});

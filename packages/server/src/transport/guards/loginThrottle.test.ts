import { describe, expect, it } from 'vitest';
import { AttemptWindow } from './limits.ts';
import { LoginThrottle } from './loginThrottle.ts';

const options = {
  failuresPerAddress: 3,
  windowMs: 60_000,
  accountFreeFailures: 2,
  accountBaseDelayMs: 1000,
  accountMaxDelayMs: 8000,
};

function throttle(maxAccounts?: number) {
  let now = 0;
  const t = new LoginThrottle({ ...options, maxAccounts }, () => now, Buffer.alloc(32, 7));
  return { t, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('[E14] counts an attempt when it begins, so the per-address limit holds before any outcome is known', () => {
    const { t } = throttle();
    const verdicts = Array.from({ length: 5 }, (_, i) => t.begin('a', `x${i}@t`, false));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
  });

  it('[E14] an account’s delay doubles past the free failures, stops at its ceiling and ends with a success', () => {
    const { t, advance } = throttle();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const verdict = t.begin(`addr${i}`, 'owner@t', false);
      expect(verdict.allowed).toBe(true);
      const refused = t.begin('other', 'owner@t', false);
      waits.push(refused.allowed ? 0 : refused.retryAfterMs);
      advance(waits[i] ?? 0);
    }
    expect(waits).toEqual([0, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
    const ok = t.begin('home', 'owner@t', false);
    if (!ok.allowed) throw new Error('expected to be let through');
    ok.attempt.succeeded();
    expect(t.begin('anywhere', 'owner@t', false).allowed).toBe(true);
  });

  it('[E14] a known browser is not delayed by the account’s failures; a token of another account is not one', () => {
    const { t } = throttle();
    for (let i = 0; i < 3; i++) t.begin(`addr${i}`, 'owner@t', false);
    expect(t.begin('x', 'owner@t', false).allowed).toBe(false);
    expect(t.isKnownBrowser('owner@t', t.browserToken('owner@t'))).toBe(true);
    expect(t.isKnownBrowser('owner@t', t.browserToken('other@t'))).toBe(false);
    expect(t.isKnownBrowser('owner@t', 'short')).toBe(false);
    expect(t.begin('x', 'owner@t', true).allowed).toBe(true);
  });

  it('[E15] forgets accounts and addresses after a quiet window, and keeps at most maxAccounts', () => {
    const { t, advance } = throttle(100);
    for (let i = 0; i < 500; i++) t.begin(`addr${i}`, `guess${i}@t`, false);
    expect(t.accountsRemembered).toBe(100);
    advance(options.windowMs + 1);
    t.begin('late', 'late@t', false);
    expect(t.accountsRemembered).toBe(1);
  });
});

describe('AttemptWindow', () => {
  it('[E15] does not keep every key ever tried: expired keys are swept and the total is capped', () => {
    let now = 0;
    const window = new AttemptWindow(3, 1000, () => now, 200);
    for (let i = 0; i < 5000; i++) window.fail(`email:${i}@t`);
    expect(window.size).toBe(200);
    now += 1001;
    for (let i = 0; i < 1000; i++) window.fail(`later:${i % 10}`);
    expect(window.size).toBe(10);
  });
});

import { describe, expect, it } from 'vitest';
import { AttemptWindow, ConnectionCounter, MessageRate } from './limits.ts';
import { canonicalOrigin, frameAncestors, originAllowed, ownOrigins } from './origins.ts';

function clock(start = 0): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('edge guards', () => {
  it('[E6] allows a burst, refuses past it, refills with time, and closes a connection that floods on', () => {
    const c = clock();
    const rate = new MessageRate({ perSecond: 10, burst: 5, strikes: 3 }, c.now);
    expect(Array.from({ length: 5 }, () => rate.check())).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(rate.check()).toBe('refuse');
    c.advance(100); // one token back
    expect(rate.check()).toBe('ok');
    expect([rate.check(), rate.check(), rate.check()]).toEqual(['refuse', 'refuse', 'close']);
  });

  it('[E7] counts connections per address and frees a slot when one closes', () => {
    const counter = new ConnectionCounter(2);
    expect([counter.acquire('a'), counter.acquire('a'), counter.acquire('a'), counter.acquire('b')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    counter.release('a');
    expect(counter.acquire('a')).toBe(true);
    counter.release('b');
    expect(counter.count('b')).toBe(0);
  });

  it('[E10] locks a key out after too many failures within the window, until the window passes', () => {
    const c = clock(1_000);
    const window = new AttemptWindow(3, 60_000, c.now);
    for (let i = 0; i < 3; i++) {
      expect(window.retryAfter('ip:1')).toBe(0);
      window.fail('ip:1');
      c.advance(1_000);
    }
    expect(window.retryAfter('ip:1')).toBe(57_000);
    expect(window.retryAfter('ip:2')).toBe(0);
    c.advance(57_000);
    expect(window.retryAfter('ip:1')).toBe(0);
    window.fail('ip:1');
    window.succeed('ip:1');
    expect(window.retryAfter('ip:1')).toBe(0);
  });

  it('[E5] allows Parley itself and listed sites; refuses others and malformed origins; no Origin is no browser page', () => {
    const own = ownOrigins('https://help.example.com', 'http', 'LOCALHOST:8080');
    expect([...own]).toEqual(['https://help.example.com', 'http://localhost:8080']);
    const allowed = ['https://shop.example'];
    expect(originAllowed('https://help.example.com', own, [])).toBe(true);
    expect(originAllowed('http://localhost:8080', own, [])).toBe(true);
    expect(originAllowed('https://SHOP.example', own, allowed)).toBe(true);
    expect(originAllowed('https://evil.example', own, allowed)).toBe(false);
    expect(originAllowed('https://shop.example.evil.example', own, allowed)).toBe(false);
    expect(originAllowed('null', own, allowed)).toBe(false);
    expect(originAllowed('javascript:alert(1)', own, allowed)).toBe(false);
    expect(originAllowed(undefined, own, allowed)).toBe(true);
    expect(canonicalOrigin('https://shop.example:443/path')).toBe('https://shop.example');
    expect(frameAncestors(allowed)).toBe("'self' https://shop.example");
  });
});

import { describe, expect, it } from 'vitest';
import { SESSION_CODE_ALPHABET, normalizeSessionCode, formatSessionCode } from '@parley/protocol';
import { FakeRuntime } from '../runtime.ts';
import { CodeAttempts } from './codeAttempts.ts';
import {
  EARLY_ENTRY_MS,
  codeRefusal,
  hashSessionCode,
  isWellFormedSessionCode,
  newSessionCode,
  validityWindow,
} from './sessionCodes.ts';

describe('session codes', () => {
  it('[AP2] are 8 characters of an alphabet without look-alikes', () => {
    for (const look of ['0', 'O', '1', 'I', 'L', 'U', 'V']) expect(SESSION_CODE_ALPHABET).not.toContain(look);
    const codes = new Set(Array.from({ length: 2000 }, () => newSessionCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]{8}$/);
      expect(isWellFormedSessionCode(code)).toBe(true);
    }
  });

  it('[AP2] draw without bias: bytes past the last whole multiple of the alphabet are thrown away', () => {
    // 29 letters: 232 = 8·29 is the first biased byte. A source of only biased bytes and then
    // zeros must give the alphabet's first letter, never a letter derived from a biased byte.
    let calls = 0;
    const code = newSessionCode((n) => new Uint8Array(n).fill(calls++ === 0 ? 255 : 0));
    expect(code).toBe('22222222');
    expect(calls).toBe(2);
    // Every unbiased byte maps to exactly one letter, each letter to 8 of the 232 bytes.
    const perLetter = new Map<string, number>();
    for (let b = 0; b < 232; b++) {
      const first = newSessionCode((n) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? b : 0)))[0] ?? '';
      perLetter.set(first, (perLetter.get(first) ?? 0) + 1);
    }
    expect(perLetter.size).toBe(SESSION_CODE_ALPHABET.length);
    expect(new Set(perLetter.values())).toEqual(new Set([8]));
  });

  it('[AP4] accept typed forms (case, spaces, a dash) and refuse anything else unread', () => {
    expect(normalizeSessionCode(' abcd-2345 ')).toBe('ABCD2345');
    expect(formatSessionCode('ABCD2345')).toBe('ABCD-2345');
    expect(isWellFormedSessionCode('ABCD2345')).toBe(true);
    expect(isWellFormedSessionCode('ABCD234')).toBe(false);
    expect(isWellFormedSessionCode('ABCD2340')).toBe(false); // 0 is not in the alphabet
    expect(isWellFormedSessionCode("ABCD'; --")).toBe(false);
  });

  it('[AP2] are kept as a digest only', () => {
    const hash = hashSessionCode('ABCD2345');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('ABCD2345');
    expect(hashSessionCode('ABCD2345')).toBe(hash);
    expect(hashSessionCode('ABCD2346')).not.toBe(hash);
  });

  it('[AP3][AP4] work from 15 minutes before the start until the planned end; used and cancelled ones never', () => {
    const startsAt = 1_800_000_000_000;
    const appointment = { status: 'scheduled' as const, startsAt, durationMinutes: 30 };
    expect(validityWindow(startsAt, 30)).toEqual({
      validFrom: startsAt - EARLY_ENTRY_MS,
      validUntil: startsAt + 1_800_000,
    });
    expect(codeRefusal(appointment, startsAt - EARLY_ENTRY_MS - 1)?.code).toBe('session_code_not_yet_valid');
    expect(codeRefusal(appointment, startsAt - EARLY_ENTRY_MS)).toBeNull();
    expect(codeRefusal(appointment, startsAt + 1_800_000 - 1)).toBeNull();
    expect(codeRefusal(appointment, startsAt + 1_800_000)?.code).toBe('session_code_expired');
    expect(codeRefusal({ ...appointment, status: 'used' }, startsAt)?.code).toBe('session_code_used');
    expect(codeRefusal({ ...appointment, status: 'cancelled' }, startsAt)?.code).toBe('session_code_invalid');
  });
});

describe('[AP5] wrong session codes per address', () => {
  it('refuses an address after 10 failures within 15 minutes, until the oldest leaves the window', () => {
    const runtime = new FakeRuntime();
    const attempts = new CodeAttempts(runtime.clock);
    for (let i = 0; i < 10; i++) {
      expect(() => attempts.admit('10.0.0.1')).not.toThrow();
      attempts.fail('10.0.0.1');
      runtime.advance(1000);
    }
    expect(() => attempts.admit('10.0.0.1')).toThrow(expect.objectContaining({ code: 'session_code_attempts' }));
    // Another address is not affected.
    expect(() => attempts.admit('10.0.0.2')).not.toThrow();
    runtime.advance(15 * 60_000 - 10_000);
    expect(() => attempts.admit('10.0.0.1')).not.toThrow();
    attempts.fail('10.0.0.1');
    expect(() => attempts.admit('10.0.0.1')).toThrow(expect.objectContaining({ code: 'session_code_attempts' }));
  });

  it('forgets the oldest addresses beyond its bound', () => {
    const runtime = new FakeRuntime();
    const attempts = new CodeAttempts(runtime.clock, { failuresPerWindow: 1, windowMs: 60_000, maxAddresses: 2 });
    attempts.fail('a');
    attempts.fail('b');
    attempts.fail('c');
    expect(() => attempts.admit('a')).not.toThrow();
    expect(() => attempts.admit('c')).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { DialIn, memberSide, PIN_DIGITS } from './dialIn.ts';

function fakeClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('dial-in PINs', () => {
  it('[TP4] a call gets one PIN per side, the same on every ask, and both stop working when the call ends', () => {
    const dialIn = new DialIn(fakeClock());
    const pins = dialIn.open('t1', 'c1');
    expect(pins.consultant).toMatch(new RegExp(`^\\d{${PIN_DIGITS}}$`));
    expect(pins.visitor).not.toBe(pins.consultant);
    expect(dialIn.open('t1', 'c1')).toEqual(pins);
    expect(dialIn.redeem(pins.visitor, '10.0.0.1')).toEqual({
      ok: true,
      line: { tenantId: 't1', conversationId: 'c1', side: 'visitor' },
    });
    dialIn.close('t1', 'c1');
    expect(dialIn.redeem(pins.consultant, '10.0.0.1')).toEqual({ ok: false, reason: 'wrong' });
  });

  it('[TP4] a PIN admits one phone at a time: a second caller is refused until the first hangs up', () => {
    const dialIn = new DialIn(fakeClock());
    const pins = dialIn.open('t1', 'c1');
    const first = dialIn.redeem(pins.consultant, '10.0.0.1');
    expect(first.ok).toBe(true);
    expect(dialIn.redeem(pins.consultant, '10.0.0.2')).toEqual({ ok: false, reason: 'wrong' });
    if (first.ok) dialIn.release(first.line);
    expect(dialIn.redeem(pins.consultant, '10.0.0.2').ok).toBe(true);
  });

  it('[TP5] wrong PINs are limited per caller address, then for everyone, on the clock', () => {
    const clock = fakeClock();
    const limits = {
      perAddress: { failuresPerWindow: 3, windowMs: 60_000 },
      overall: { failuresPerWindow: 5, windowMs: 60_000 },
    };
    const dialIn = new DialIn(clock, limits);
    const pins = dialIn.open('t1', 'c1');
    for (let i = 0; i < 3; i++) expect(dialIn.redeem('00000000', '10.0.0.1')).toEqual({ ok: false, reason: 'wrong' });
    // Out of attempts: even the right PIN is refused, so guessing teaches nothing more.
    expect(dialIn.redeem(pins.visitor, '10.0.0.1')).toEqual({ ok: false, reason: 'limited' });
    for (let i = 0; i < 2; i++) dialIn.redeem('00000000', '10.0.0.2');
    expect(dialIn.redeem(pins.visitor, '10.0.0.3')).toEqual({ ok: false, reason: 'limited' });
    clock.advance(60_001);
    expect(dialIn.redeem(pins.visitor, '10.0.0.1').ok).toBe(true);
  });

  it('[TP11] a conference colleague gets a PIN of their own, kept on every ask; one who leaves loses it, the others keep theirs', () => {
    const dialIn = new DialIn(fakeClock());
    const pins = dialIn.open('t1', 'c1', ['k2']);
    const colleague = pins[memberSide('k2')] ?? '';
    expect(new Set([pins.consultant, pins.visitor, colleague]).size).toBe(3);
    const later = dialIn.open('t1', 'c1', ['k2', 'k3']);
    expect(later[memberSide('k2')]).toBe(colleague);
    expect(later[memberSide('k3')]).toMatch(new RegExp(`^\\d{${PIN_DIGITS}}$`));
    dialIn.drop({ tenantId: 't1', conversationId: 'c1', side: memberSide('k2') });
    expect(dialIn.redeem(colleague, '10.0.0.1')).toEqual({ ok: false, reason: 'wrong' });
    expect(dialIn.pinsOf('t1', 'c1')?.[memberSide('k2')]).toBeUndefined();
    expect(dialIn.redeem(pins.visitor, '10.0.0.1').ok).toBe(true);
  });
});

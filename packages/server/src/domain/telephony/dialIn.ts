import { randomInt } from 'node:crypto';
import { CodeAttempts, type CodeAttemptLimits } from '../appointments/codeAttempts.ts';
import type { Clock } from '../runtime.ts';

/**
 * Which side of a call a phone speaks for: its PIN says so. A conference ([TP11]) has one more
 * side per colleague who joined it, `member:<consultantId>`.
 */
export type CallSide = 'consultant' | 'visitor' | `member:${string}`;

/** The side of a conference colleague ([TP11]). */
export function memberSide(consultantId: string): `member:${string}` {
  return `member:${consultantId}`;
}

/** One side of one call, reachable by telephone. */
export interface PhoneLine {
  tenantId: string;
  conversationId: string;
  side: CallSide;
}

export type Redemption =
  | { ok: true; line: PhoneLine }
  /** `wrong`: no such PIN (or its side's phone is already connected); `limited`: out of attempts. */
  | { ok: false; reason: 'wrong' | 'limited' };

export interface DialInLimits {
  /** [TP5] Wrong PINs one caller address may enter per window… */
  perAddress: CodeAttemptLimits;
  /** …and all callers together (a trunk hides the callers' addresses behind its own). */
  overall: CodeAttemptLimits;
}

/**
 * [TP5] 5 wrong PINs per address and 60 in all per 10 minutes: with 8-digit PINs and a few hundred
 * calls in phone mode at once, a guesser needs years for one hit.
 */
export const DIAL_IN_LIMITS: DialInLimits = {
  perAddress: { failuresPerWindow: 5, windowMs: 10 * 60_000 },
  overall: { failuresPerWindow: 60, windowMs: 10 * 60_000 },
};

export const PIN_DIGITS = 8;

/**
 * [TP4][TP5] Dial-in PINs of calls in phone mode. A call gets one PIN per side when the consultant
 * chooses "audio via telephone"; the PINs work for that call only and go when it ends. A PIN
 * admits one phone at a time (its side's); after that phone hangs up it admits the next.
 * PINs are secrets: no method here logs one, and callers must not either.
 */
export class DialIn {
  private readonly byPin = new Map<string, PhoneLine>();
  private readonly byCall = new Map<string, Record<CallSide, string>>();
  private readonly connected = new Set<string>();
  /** [PL42] PINs claimed in the cluster's PIN directory (unused on one node). */
  private readonly claimedPins = new Set<string>();
  private readonly perAddress: CodeAttempts;
  private readonly overall: CodeAttempts;

  constructor(
    clock: Clock,
    limits: DialInLimits = DIAL_IN_LIMITS,
    private readonly newPin: () => string = randomPin,
  ) {
    this.perAddress = new CodeAttempts(clock, limits.perAddress);
    this.overall = new CodeAttempts(clock, limits.overall);
  }

  /**
   * The call's PINs, made on first use (idempotent: every side sees the same PINs); a conference's
   * colleagues ([TP11]) each get one too, also when they join later.
   */
  open(tenantId: string, conversationId: string, members: readonly string[] = []): Record<CallSide, string> {
    const key = callKey(tenantId, conversationId);
    let pins = this.byCall.get(key);
    if (!pins) {
      pins = { consultant: this.issue({ tenantId, conversationId, side: 'consultant' }), visitor: '' };
      pins.visitor = this.issue({ tenantId, conversationId, side: 'visitor' });
      this.byCall.set(key, pins);
    }
    for (const consultantId of members) {
      const side = memberSide(consultantId);
      pins[side] ??= this.issue({ tenantId, conversationId, side });
    }
    return pins;
  }

  /**
   * [PL43] A kept call's PINs are valid again (after a restart or a takeover). A side whose PIN
   * this node gave another call meanwhile draws a new one.
   */
  restore(tenantId: string, conversationId: string, pins: Record<CallSide, string>): void {
    const kept = { ...pins };
    this.byCall.set(callKey(tenantId, conversationId), kept);
    for (const [side, pin] of Object.entries(pins) as [CallSide, string][]) {
      const line = { tenantId, conversationId, side };
      const other = this.byPin.get(pin);
      if (other && (other.tenantId !== tenantId || other.conversationId !== conversationId))
        kept[side] = this.issue(line);
      else this.byPin.set(pin, line);
    }
  }

  /**
   * [TP11] One side left the call (a colleague left the conference): its PIN stops working.
   * Returns the PIN that went, if any.
   */
  drop(line: PhoneLine): string | undefined {
    const pins = this.pinsOf(line.tenantId, line.conversationId);
    const pin = pins?.[line.side];
    if (!pins || pin === undefined) return undefined;
    this.forget(pin);
    const { [line.side]: _dropped, ...kept } = pins;
    this.byCall.set(callKey(line.tenantId, line.conversationId), kept as typeof pins);
    return pin;
  }

  /** [PL42] A side's PIN is taken elsewhere in the cluster: it gets another one. */
  redraw(line: PhoneLine): string | undefined {
    const pins = this.pinsOf(line.tenantId, line.conversationId);
    const old = pins?.[line.side];
    if (!pins || old === undefined) return undefined;
    this.forget(old);
    const pin = this.issue(line);
    pins[line.side] = pin;
    return pin;
  }

  /** [PL42] Whether `pin` was claimed in the cluster's PIN directory. */
  isClaimed(pin: string): boolean {
    return this.claimedPins.has(pin);
  }

  claimed(pin: string): void {
    if (this.byPin.has(pin)) this.claimedPins.add(pin);
  }

  private forget(pin: string): void {
    this.byPin.delete(pin);
    this.connected.delete(pin);
    this.claimedPins.delete(pin);
  }

  private issue(line: PhoneLine): string {
    const pin = this.uniquePin();
    this.byPin.set(pin, line);
    return pin;
  }

  /** The call's PINs while it is in phone mode. */
  pinsOf(tenantId: string, conversationId: string): Record<CallSide, string> | undefined {
    return this.byCall.get(callKey(tenantId, conversationId));
  }

  /** [TP4] The call ended (or left phone mode): its PINs stop working at once; returns them. */
  close(tenantId: string, conversationId: string): string[] {
    const key = callKey(tenantId, conversationId);
    const pins = Object.values(this.byCall.get(key) ?? {});
    for (const pin of pins) this.forget(pin);
    this.byCall.delete(key);
    return pins;
  }

  /**
   * [TP5] A caller at `address` entered `pin`. An address (or the whole service) out of attempts is
   * refused before the PIN is even looked up; a wrong PIN counts against both.
   */
  redeem(pin: string, address: string): Redemption {
    if (this.outOfAttempts(address)) return { ok: false, reason: 'limited' };
    const line = this.byPin.get(pin);
    if (!line || this.connected.has(pin)) {
      this.perAddress.fail(address);
      this.overall.fail('*');
      return { ok: false, reason: 'wrong' };
    }
    this.connected.add(pin);
    return { ok: true, line };
  }

  /** The phone admitted on `line` hung up: its PIN admits the next phone of that side. */
  release(line: PhoneLine): void {
    const pin = this.pinsOf(line.tenantId, line.conversationId)?.[line.side];
    if (pin) this.connected.delete(pin);
  }

  private outOfAttempts(address: string): boolean {
    try {
      this.perAddress.admit(address);
      this.overall.admit('*');
      return false;
    } catch {
      return true;
    }
  }

  private uniquePin(): string {
    for (;;) {
      const pin = this.newPin();
      if (!this.byPin.has(pin)) return pin;
    }
  }
}

function callKey(tenantId: string, conversationId: string): string {
  return `${tenantId}\u0000${conversationId}`;
}

function randomPin(): string {
  return String(randomInt(0, 10 ** PIN_DIGITS)).padStart(PIN_DIGITS, '0');
}

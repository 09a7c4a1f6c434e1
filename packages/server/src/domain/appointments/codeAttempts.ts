import { ParleyError } from '@parley/protocol';
import type { Clock } from '../runtime.ts';

export interface CodeAttemptLimits {
  /** Wrong (unknown, expired, used) codes one address may enter within the window. */
  failuresPerWindow: number;
  windowMs: number;
  /** Addresses remembered at most; the oldest are forgotten first. */
  maxAddresses?: number;
}

/** [AP5] 10 wrong codes per address per 15 minutes: ≈1,000 guesses a day against 5·10^11 codes. */
export const CODE_ATTEMPT_LIMITS: CodeAttemptLimits = { failuresPerWindow: 10, windowMs: 15 * 60_000 };

/**
 * [AP5] Counts wrong session codes per client address, on the injected clock. An address that
 * used up its failures is refused (`session_code_attempts`) before its code is even looked up,
 * so a guesser learns nothing more until the window has passed.
 */
export class CodeAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: CodeAttemptLimits = CODE_ATTEMPT_LIMITS,
  ) {}

  /** Throws `session_code_attempts` while the address has no attempts left. */
  admit(address: string): void {
    if (this.recent(address).length >= this.limits.failuresPerWindow) throw new ParleyError('session_code_attempts');
  }

  /** Counts one wrong code against the address. */
  fail(address: string): void {
    const list = this.recent(address);
    list.push(this.clock.now());
    this.failures.delete(address);
    this.failures.set(address, list);
    const max = this.limits.maxAddresses ?? 10_000;
    for (const key of this.failures.keys()) {
      if (this.failures.size <= max) break;
      this.failures.delete(key);
    }
  }

  private recent(address: string): number[] {
    const since = this.clock.now() - this.limits.windowMs;
    return (this.failures.get(address) ?? []).filter((at) => at > since);
  }
}

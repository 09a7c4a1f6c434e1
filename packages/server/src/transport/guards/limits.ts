/**
 * Small, clock-injected limiters used at the edge. They hold no timers: state advances only
 * when asked, so a fake clock tests them without sleeps.
 */

/** A token bucket: `capacity` tokens, refilled at `perSecond`; `take()` spends one if it can. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface MessageRateOptions {
  /** Sustained messages per second a connection may send. */
  perSecond: number;
  /** How many may arrive at once (a burst of ICE candidates, a resend after reconnect). */
  burst: number;
  /** Refused messages tolerated (refilling at a tenth of `perSecond`) before the socket is closed. */
  strikes: number;
}

export type RateVerdict = 'ok' | 'refuse' | 'close';

/** [E6] One connection's message rate: over the limit a message is refused; flooding on closes. */
export class MessageRate {
  private readonly messages: TokenBucket;
  private readonly warnings: TokenBucket;

  constructor(options: MessageRateOptions, now: () => number) {
    this.messages = new TokenBucket(options.burst, options.perSecond, now);
    this.warnings = new TokenBucket(options.strikes, Math.max(1, options.perSecond / 10), now);
  }

  check(): RateVerdict {
    if (this.messages.take()) return 'ok';
    return this.warnings.take() ? 'refuse' : 'close';
  }
}

/** [E7] Counts open connections per key (the client IP) and refuses past a maximum. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more connection for `key`, or returns false (and counts nothing) when full. */
  acquire(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return false;
    this.open.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = (this.open.get(key) ?? 0) - 1;
    if (count > 0) this.open.set(key, count);
    else this.open.delete(key);
  }

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}

/**
 * [E10] Failed-login attempts per key (an address) in a sliding window. Only failures count, so a
 * consultant who logs in correctly is never slowed down by their own earlier success. [E14] An
 * attempt is reserved before the password is checked (`reserve`), so parallel attempts cannot all
 * pass the check before any of them is counted; a success gives it back. [E15] Keys whose attempts
 * are all older than the window are forgotten, and at most `maxKeys` are kept.
 */
export class AttemptWindow {
  private readonly failures = new Map<string, number[]>();
  private writesSinceSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.max) return 0;
    const oldest = recent[recent.length - this.max] ?? this.now();
    return Math.max(1, oldest + this.windowMs - this.now());
  }

  /** Counts an attempt for `key` now, before its outcome is known; `succeed` takes it back. */
  reserve(key: string): void {
    this.fail(key);
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key); // re-inserted last: the Map's order is oldest activity first
    this.failures.set(key, recent.slice(-this.max));
    this.sweep();
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  /** Keys remembered (for tests of the pruning). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(key);
    return recent;
  }

  /** Drops expired keys now and then (amortised), and the least recently active past `maxKeys`. */
  private sweep(): void {
    if (++this.writesSinceSweep >= 1000 || this.failures.size > this.maxKeys) {
      this.writesSinceSweep = 0;
      for (const key of this.failures.keys()) this.recent(key);
    }
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}

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
 * [E10] Failed-login attempts per key (IP, e-mail) in a sliding window. Only failures count, so a
 * consultant who logs in correctly is never slowed down by their own earlier success.
 */
export class AttemptWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.max) return 0;
    const oldest = recent[recent.length - this.max] ?? this.now();
    return Math.max(1, oldest + this.windowMs - this.now());
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent.slice(-this.max));
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(key);
    return recent;
  }
}

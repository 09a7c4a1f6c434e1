import type { Clock } from '../../domain/runtime.ts';

export interface PerKeyTokenBucketOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** One token comes back every this many milliseconds. */
  refillMs: number;
  /** Buckets kept at most; full buckets are forgotten first (they carry no information). */
  maxKeys?: number;
}

/**
 * A simple in-memory token bucket per key (an IP address), on the injected clock so tests move
 * time instead of sleeping. Per process: good enough to stop a form being hammered. (The
 * single-bucket `TokenBucket` of guards/limits.ts limits one connection instead.)
 */
export class PerKeyTokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: PerKeyTokenBucketOptions,
  ) {}

  /** Takes one token for the key; false when the key has none left. */
  take(key: string): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at: now };
    const refilled = Math.floor((now - bucket.at) / this.options.refillMs);
    if (refilled > 0) {
      bucket.tokens = Math.min(this.options.capacity, bucket.tokens + refilled);
      bucket.at = bucket.tokens === this.options.capacity ? now : bucket.at + refilled * this.options.refillMs;
    }
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    this.prune(now);
    return true;
  }

  private prune(now: number): void {
    const max = this.options.maxKeys ?? 10_000;
    if (this.buckets.size <= max) return;
    const full = this.options.capacity * this.options.refillMs;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at >= full) this.buckets.delete(key);
    }
    // Still too many: drop the oldest entries (Map keeps insertion order).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) break;
      this.buckets.delete(key);
    }
  }
}

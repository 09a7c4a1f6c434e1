import type { Clock } from '../runtime.ts';
import type { LeaseGrant, LeaseStore } from './leaseKeeper.ts';

/**
 * The lease store of one process, with exactly the semantics of the Redis one
 * (`cluster/redisLeases.ts`): a key held by an owner until its TTL runs out on the store's own
 * clock, and one counter per key that only grows. Used by the single-node default and as the
 * reference model in the lease property test.
 */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { owner: string; token: number; expiresAt: number }>();
  private readonly counters = new Map<string, number>();
  /** Until when a key's grants are cold: one TTL from its counter's cold start ([PL5]). */
  private readonly coldUntil = new Map<string, number>();

  /**
   * @param floorOf the highest token the storage has admitted for a key: where tokens start again
   *   when the store lost its counters ([PL5]).
   */
  constructor(
    private readonly clock: Clock,
    private readonly floorOf: (key: string) => Promise<number> = () => Promise.resolve(0),
  ) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<LeaseGrant | null> {
    const floor = this.counters.has(key) ? 0 : await this.floorOf(key);
    const now = Math.floor(this.clock.now());
    const held = this.leases.get(key);
    // A holder asking again (it gave up on a late renewal) gets a new token, never the old one.
    if (held && held.expiresAt > now && held.owner !== owner) return null;
    // A key without a counter is new or was lost with the store: its tokens start above both the
    // storage's highest admitted token and the store's clock in ms, which has run past every
    // token issued before (a counter grows by one per grant, far slower than 1 per ms).
    const coldStart = !this.counters.has(key);
    const token = (coldStart ? Math.max(floor, now) : (this.counters.get(key) ?? 0)) + 1;
    if (coldStart) this.coldUntil.set(key, now + ttlMs);
    // [PL5] The holder from before the loss may believe it holds for a TTL after the cold start:
    // every grant in that TTL is cold, also a second one to a node that asked again (its first
    // answer was late), which would otherwise act at once beside the old holder.
    const cold = now < (this.coldUntil.get(key) ?? 0);
    this.counters.set(key, token);
    this.leases.set(key, { owner, token, expiresAt: now + ttlMs });
    return cold ? { token, cold } : { token };
  }

  /** Forgets every lease and counter, as a Redis without persistence does when it restarts. */
  restart(): void {
    this.leases.clear();
    this.counters.clear();
    this.coldUntil.clear();
  }

  renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const held = this.leases.get(key);
    if (!held || held.expiresAt <= now || held.owner !== owner || held.token !== token) {
      return Promise.resolve(false);
    }
    held.expiresAt = now + ttlMs;
    return Promise.resolve(true);
  }

  release(key: string, owner: string, token: number): Promise<void> {
    const held = this.leases.get(key);
    if (held && held.owner === owner && held.token === token) this.leases.delete(key);
    return Promise.resolve();
  }

  /** Who the store says holds `key` now (tests and the admin's view). */
  holder(key: string): { owner: string; token: number } | null {
    const held = this.leases.get(key);
    return held && held.expiresAt > this.clock.now() ? { owner: held.owner, token: held.token } : null;
  }
}

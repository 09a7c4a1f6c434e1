import type { Clock, TimerHandle, Timers } from '../runtime.ts';

/**
 * Which node owns a tenant's live state (issue 18, [PL1]–[PL3]). A node owns a tenant while it
 * holds the tenant's lease in a shared store (Redis in a cluster). Every grant carries a fencing
 * token larger than every token granted for that key before, so writes can be refused to a node
 * that lost the lease without knowing it yet ([PL3], `fence.ts`).
 */
export interface LeaseGrant {
  token: number;
  /**
   * The store had lost its state (Redis restarted) and started this key's tokens again from the
   * storage's highest admitted token. The previous holder may still believe it holds for up to one
   * TTL, so the new holder waits that long before it acts ([PL5]).
   */
  cold?: boolean;
}

/** The shared store of leases: Redis in a cluster (`cluster/redisLeases.ts`), memory in tests. */
export interface LeaseStore {
  /** Takes the lease when nobody holds it (or its holder's time ran out); null when held. */
  acquire(key: string, owner: string, ttlMs: number): Promise<LeaseGrant | null>;
  /** Extends the lease only while `owner` still holds it under `token`. */
  renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a drained node, [PL4]); a no-op when it is no longer ours. */
  release(key: string, owner: string, token: number): Promise<void>;
}

export interface LeaseTiming {
  /** How long a grant lasts in the store without renewal: the failover time's upper part. */
  ttlMs: number;
  /** How often the holder renews (a third of the TTL leaves two tries before it runs out). */
  renewEveryMs: number;
  /** How often a node that does not hold the lease tries to take it. */
  retryEveryMs: number;
  /**
   * Taken off the holder's own idea of how long it holds: covers its clock running slower than
   * the store's during one TTL. The holder counts from when it SENT the request, which is never
   * later than when the store started the TTL, so network delay needs no margin.
   */
  driftMs: number;
  /** A store call not answered by then counts as failed: a hung connection must not stall the keeper. */
  callTimeoutMs: number;
}

export const defaultLeaseTiming: LeaseTiming = {
  ttlMs: 4000,
  renewEveryMs: 1000,
  retryEveryMs: 500,
  driftMs: 200,
  callTimeoutMs: 1000,
};

export type LeaseChange =
  { kind: 'acquired'; token: number } | { kind: 'lost'; token: number; reason: 'expired' | 'refused' | 'released' };

type KeeperState =
  | { kind: 'idle' }
  | { kind: 'seeking' }
  | { kind: 'holding'; token: number; validUntil: number; actsFrom: number }
  | { kind: 'stopped' };

/**
 * Holds one lease for this node: takes it when free, renews it, and says at once when it can no
 * longer be sure it holds it ([PL2]). `holds()` is true only while the node's own clock says the
 * grant is certainly still running, so two nodes never both see `holds()` true ([PL1]) — even
 * when the store is unreachable, replies are late, or a renewal never comes back.
 */
export class LeaseKeeper {
  private state: KeeperState = { kind: 'idle' };
  private timer: TimerHandle | undefined;
  private expiry: TimerHandle | undefined;
  private announce: TimerHandle | undefined;
  /** Bumped on every state change so a late reply of an older attempt is ignored. */
  private epoch = 0;

  constructor(
    private readonly key: string,
    private readonly owner: string,
    private readonly store: LeaseStore,
    private readonly runtime: { clock: Clock; timers: Timers },
    private readonly timing: LeaseTiming,
    private readonly onChange: (change: LeaseChange) => void,
  ) {
    if (timing.renewEveryMs + timing.driftMs >= timing.ttlMs) {
      throw new Error('lease timing: renewEveryMs + driftMs must be below ttlMs');
    }
  }

  /** The fencing token while this node certainly holds the lease, else null. */
  holds(): number | null {
    const state = this.state;
    if (state.kind !== 'holding') return null;
    const now = this.runtime.clock.now();
    return now >= state.actsFrom && now < state.validUntil ? state.token : null;
  }

  start(): void {
    if (this.state.kind !== 'idle') return;
    this.seek();
  }

  /** Stops holding or seeking; a held lease is released so another node takes over at once. */
  async stop(): Promise<void> {
    const state = this.state;
    this.enter({ kind: 'stopped' });
    if (state.kind === 'holding') {
      if (state.actsFrom <= this.runtime.clock.now()) {
        this.onChange({ kind: 'lost', token: state.token, reason: 'released' });
      }
      await this.store.release(this.key, this.owner, state.token).catch(() => undefined);
    }
  }

  /**
   * [PL24] Gives a held lease up at once, as a drain does, but goes on seeking (the spreading rule
   * decides when this node may take it again). Nothing happens when it does not hold.
   */
  async handOver(): Promise<void> {
    const state = this.state;
    if (state.kind !== 'holding') return;
    const epoch = this.enter({ kind: 'seeking' });
    if (state.actsFrom <= this.runtime.clock.now()) {
      this.onChange({ kind: 'lost', token: state.token, reason: 'released' });
    }
    await this.store.release(this.key, this.owner, state.token).catch(() => undefined);
    this.retryLater(epoch);
  }

  private enter(state: KeeperState): number {
    this.state = state;
    this.timer?.cancel();
    this.expiry?.cancel();
    this.announce?.cancel();
    this.timer = undefined;
    this.expiry = undefined;
    return ++this.epoch;
  }

  private seek(): void {
    const epoch = this.enter({ kind: 'seeking' });
    const sentAt = this.runtime.clock.now();
    this.bounded(this.store.acquire(this.key, this.owner, this.timing.ttlMs)).then(
      (grant) => {
        if (epoch !== this.epoch) return;
        if (grant && this.stillValid(sentAt)) {
          const now = this.runtime.clock.now();
          this.hold(grant.token, sentAt, grant.cold ? now + this.timing.ttlMs + this.timing.driftMs : now);
        } else this.retryLater(epoch);
      },
      () => {
        if (epoch === this.epoch) this.retryLater(epoch);
      },
    );
  }

  private retryLater(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.timer = this.runtime.timers.setTimeout(() => this.seek(), this.timing.retryEveryMs);
  }

  private stillValid(sentAt: number): boolean {
    return this.runtime.clock.now() < this.validFrom(sentAt);
  }

  private validFrom(sentAt: number): number {
    return sentAt + this.timing.ttlMs - this.timing.driftMs;
  }

  private hold(token: number, sentAt: number, actsFrom: number): void {
    const announced = this.state.kind === 'holding' && this.state.actsFrom <= this.runtime.clock.now();
    const validUntil = this.validFrom(sentAt);
    const epoch = this.enter({ kind: 'holding', token, validUntil, actsFrom });
    if (!announced) {
      const wait = actsFrom - this.runtime.clock.now();
      if (wait <= 0) this.onChange({ kind: 'acquired', token });
      else this.announce = this.runtime.timers.setTimeout(() => this.onChange({ kind: 'acquired', token }), wait);
    }
    this.expiry = this.runtime.timers.setTimeout(
      () => this.lose(epoch, token, 'expired'),
      validUntil - this.runtime.clock.now(),
    );
    this.timer = this.runtime.timers.setTimeout(() => this.renew(epoch, token), this.timing.renewEveryMs);
  }

  private renew(epoch: number, token: number): void {
    if (epoch !== this.epoch) return;
    const sentAt = this.runtime.clock.now();
    this.bounded(this.store.renew(this.key, this.owner, token, this.timing.ttlMs)).then(
      (renewed) => {
        if (epoch !== this.epoch) return;
        const state = this.state;
        if (renewed && this.stillValid(sentAt) && state.kind === 'holding') this.hold(token, sentAt, state.actsFrom);
        else if (!renewed) this.lose(epoch, token, 'refused');
        // A late yes: keep the current expiry timer, which fires first.
      },
      () => {
        // The store did not answer: try again while the grant runs; the expiry timer decides.
        if (epoch === this.epoch) {
          this.timer = this.runtime.timers.setTimeout(() => this.renew(epoch, token), this.timing.retryEveryMs);
        }
      },
    );
  }

  private bounded<T>(call: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timeout = this.runtime.timers.setTimeout(
        () => reject(new Error('lease store did not answer')),
        this.timing.callTimeoutMs,
      );
      call.then(
        (value) => {
          timeout.cancel();
          resolve(value);
        },
        (error: unknown) => {
          timeout.cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private lose(epoch: number, token: number, reason: 'expired' | 'refused'): void {
    if (epoch !== this.epoch) return;
    const state = this.state;
    if (state.kind === 'holding' && state.actsFrom <= this.runtime.clock.now()) {
      this.onChange({ kind: 'lost', token, reason });
    }
    this.seek();
  }
}

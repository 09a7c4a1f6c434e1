import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeRuntime, type TimerHandle, type Timers } from '../runtime.ts';
import { MemoryFenceStore } from './fence.ts';
import { LeaseKeeper, type LeaseGrant, type LeaseStore, type LeaseTiming } from './leaseKeeper.ts';
import { MemoryLeaseStore } from './memoryLeases.ts';

/**
 * A cluster simulated on one fake clock: three nodes seek one tenant's lease through a network
 * that delays, drops and partitions; nodes crash without releasing; writes carry the token their
 * node held when it decided to write and may arrive long after ([PL1]–[PL3]).
 */
const timing: LeaseTiming = { ttlMs: 1000, renewEveryMs: 300, retryEveryMs: 200, driftMs: 50, callTimeoutMs: 400 };
const KEY = 'tenant:acme';
const STEP_MS = 5;

type Fault = {
  at: number;
  node: number;
  kind: 'crash' | 'partition' | 'slow' | 'heal' | 'stop' | 'store-restart';
};

class SimNode {
  crashed = false;
  partitioned = false;
  /** A congested link: calls take up to 1.5 TTLs each way. */
  slow = false;
  readonly keeper: LeaseKeeper;
  readonly grants: number[] = [];

  constructor(
    readonly name: string,
    private readonly rt: FakeRuntime,
    shared: MemoryLeaseStore,
    private readonly random: () => number,
    private readonly maxDelayMs: number,
  ) {
    const timers: Timers = {
      setTimeout: (fn, ms): TimerHandle => rt.timers.setTimeout(() => !this.crashed && fn(), ms),
      soon: (fn) => rt.timers.soon(fn),
    };
    const net = (call: () => Promise<unknown>) => this.overNetwork(call);
    const store: LeaseStore = {
      acquire: (k, o, t) => net(() => shared.acquire(k, o, t)) as Promise<LeaseGrant | null>,
      renew: (k, o, tok, t) => net(() => shared.renew(k, o, tok, t)) as Promise<boolean>,
      release: (k, o, tok) => net(() => shared.release(k, o, tok)) as Promise<void>,
    };
    this.keeper = new LeaseKeeper(KEY, name, store, { clock: rt.clock, timers }, timing, (change) => {
      if (change.kind === 'acquired') this.grants.push(change.token);
    });
  }

  /** Delay each way; a partitioned side drops the call, which then fails like a command timeout or hangs. */
  overNetwork<T>(call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lost = () => (this.random() < 0.5 ? reject(new Error('timeout')) : undefined);
      if (this.partitioned) {
        this.rt.timers.setTimeout(lost, 300);
        return;
      }
      this.rt.timers.setTimeout(() => {
        if (this.partitioned) return lost();
        void call().then((value) => {
          this.rt.timers.setTimeout(() => (this.crashed ? undefined : resolve(value)), this.delay());
        });
      }, this.delay());
    });
  }

  delay(): number {
    return Math.floor(this.random() * (this.slow ? 1.5 * timing.ttlMs : this.maxDelayMs));
  }
}

/** The network's and the writers' random choices, drawn by fast-check so failures replay and shrink. */
type Draws = fc.Stream<number>;

async function simulate(draws: Draws, faults: Fault[], maxDelayMs: number, untilMs: number) {
  const rt = new FakeRuntime(0);
  const random = () => (draws.next().value as number) / 1000;
  const fence = new MemoryFenceStore();
  const shared = new MemoryLeaseStore(rt.clock, (key) => fence.highest(key));
  const nodes = ['a', 'b', 'c'].map((n) => new SimNode(n, rt, shared, random, maxDelayMs));
  const admitted: { node: string; token: number }[] = [];
  const violations: string[] = [];
  for (const node of nodes) node.keeper.start();
  const pending = [...faults].sort((x, y) => x.at - y.at);

  for (let t = 0; t < untilMs; t += STEP_MS) {
    while (pending.length > 0 && pending[0]!.at <= t) {
      const fault = pending.shift()!;
      const node = nodes[fault.node]!;
      if (fault.kind === 'crash') node.crashed = true;
      if (fault.kind === 'partition') node.partitioned = true;
      if (fault.kind === 'slow') node.slow = true;
      if (fault.kind === 'heal') node.partitioned = node.slow = false;
      if (fault.kind === 'stop' && !node.crashed) void node.keeper.stop();
      if (fault.kind === 'store-restart') shared.restart();
    }
    // Each holder writes every step; the write may travel for up to 3 TTLs (a paused process).
    for (const node of nodes) {
      const token = node.crashed ? null : node.keeper.holds();
      if (token === null) continue;
      const travel = random() < 0.05 ? random() * 3 * timing.ttlMs : random() * maxDelayMs;
      rt.timers.setTimeout(() => {
        void fence.admit(KEY, token).then((ok) => ok && admitted.push({ node: node.name, token }));
      }, travel);
    }
    rt.advance(STEP_MS);
    await new Promise((resolve) => setImmediate(resolve));
    const holders = nodes.filter((n) => !n.crashed && n.keeper.holds() !== null);
    if (holders.length > 1) violations.push(`t=${t}: ${holders.map((n) => n.name).join('+')} both hold`);
  }
  return { nodes, admitted, violations, shared };
}

const draws = () => fc.infiniteStream(fc.noBias(fc.integer({ min: 0, max: 999 })));

const faultArb = fc.record({
  at: fc.integer({ min: 0, max: 12_000 }),
  node: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom<Fault['kind']>('crash', 'partition', 'slow', 'heal', 'stop', 'store-restart'),
});

/** FUZZ_SEED and FUZZ_PATH (from a failure's report) replay that failing run. */
const replay = process.env.FUZZ_SEED
  ? { seed: Number(process.env.FUZZ_SEED), ...(process.env.FUZZ_PATH && { path: process.env.FUZZ_PATH }) }
  : {};

describe('placement leases ([PL1]–[PL3])', () => {
  it('[PL1][PL3] never two holders, and no write of an older token lands after a newer one', async () => {
    await fc.assert(
      fc.asyncProperty(
        draws(),
        fc.array(faultArb, { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 0, max: 200 }),
        async (draws, faults, maxDelayMs) => {
          const { nodes, admitted, violations } = await simulate(draws, faults, maxDelayMs, 16_000);
          expect(violations).toEqual([]);
          for (let i = 1; i < admitted.length; i++) {
            expect(admitted[i]!.token).toBeGreaterThanOrEqual(admitted[i - 1]!.token);
          }
          // A token belongs to exactly one node.
          const owners = new Map<number, string>();
          for (const node of nodes)
            for (const token of node.grants) {
              expect(owners.get(token) ?? node.name).toBe(node.name);
              owners.set(token, node.name);
            }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), ...replay },
    );
  });

  it('[PL5] every grant within a TTL of the cold start is cold, also a second one to a node that asked again', async () => {
    // Found by the property above (CI, seed -1705818391, path 21): a slow node's first answer came
    // late, it asked again, got a warm token and acted at once beside the holder from before the
    // store lost its keys.
    const rt = new FakeRuntime(0);
    const store = new MemoryLeaseStore(rt.clock);
    expect((await store.acquire(KEY, 'c', timing.ttlMs))?.cold).toBe(true);
    rt.advance(timing.ttlMs - 1);
    expect((await store.acquire(KEY, 'c', timing.ttlMs))?.cold).toBe(true);
    rt.advance(1);
    expect((await store.acquire(KEY, 'c', timing.ttlMs))?.cold).toBeUndefined();
  });

  it('[PL2] once faults stop, a live node holds the lease within TTL + retry + delays', async () => {
    await fc.assert(
      fc.asyncProperty(draws(), fc.array(faultArb, { maxLength: 6 }), async (draws, faults) => {
        // Heal everyone at 12.5 s so only crashes and stops remain; then wait out one failover.
        const healed = [...faults, ...[0, 1, 2].map((node) => ({ at: 12_500, node, kind: 'heal' as const }))];
        const { nodes, shared } = await simulate(draws, healed, 100, 12_500 + timing.ttlMs + 1_000);
        const seekers = nodes.filter((n) => !n.crashed && n.keeper.holds() !== null);
        const stoppedAll = nodes.every((n, i) => n.crashed || faults.some((f) => f.node === i && f.kind === 'stop'));
        if (!stoppedAll) expect(seekers.length).toBe(1);
        if (seekers[0]) expect(shared.holder(KEY)?.owner).toBe(seekers[0].name);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  });

  it('[PL2] a node whose renewals stop coming back stops holding before the store lets another take over', async () => {
    const rt = new FakeRuntime(0);
    const shared = new MemoryLeaseStore(rt.clock);
    const a = new SimNode('a', rt, shared, () => 0.99, 10);
    a.keeper.start();
    // A fresh store grants cold ([PL5]): the holder acts one TTL after its grant.
    for (let i = 0; i < 130; i++) {
      rt.advance(10);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(a.keeper.holds()).not.toBeNull();
    a.partitioned = true;
    const lostAt: number[] = [];
    for (let t = 0; t < 2 * timing.ttlMs; t += STEP_MS) {
      rt.advance(STEP_MS);
      await new Promise((resolve) => setImmediate(resolve));
      if (a.keeper.holds() === null && lostAt.length === 0) lostAt.push(rt.clock.now());
    }
    const storeFreedAt = shared.holder(KEY) === null ? rt.clock.now() : Infinity;
    expect(lostAt[0]).toBeLessThan(storeFreedAt);
    expect(shared.holder(KEY)).toBeNull();
  });
});

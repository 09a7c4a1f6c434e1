import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseKeeper, type LeaseChange, type LeaseStore } from '../domain/placement/leaseKeeper.ts';
import { systemRuntime } from '../domain/runtime.ts';
import { RedisLeaseStore, RedisMembership } from './redisLeases.ts';

// scripts/redis.sh starts a throwaway Redis from Debian's packages and exports this URL.
const url = process.env.PARLEY_TEST_REDIS_URL;

if (!url) {
  describe('Redis leases', () => it.skip('needs PARLEY_TEST_REDIS_URL (scripts/redis.sh)', () => undefined));
} else {
  describe('Redis leases ([PL1]–[PL5])', () => {
    let redis: Redis;
    let floor = 0;
    let store: RedisLeaseStore;
    const prefix = `test:${process.pid}:${Date.now()}:`;

    beforeAll(() => {
      redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
    });
    afterAll(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    beforeEach(() => {
      floor = 0;
      store = new RedisLeaseStore(redis, () => Promise.resolve(floor), `${prefix}${Math.random()}:`);
    });

    it('[PL1] one holder at a time; a token is never granted twice', async () => {
      const first = await store.acquire('t1', 'node-a', 5000);
      expect(first?.cold).toBe(true);
      expect(await store.acquire('t1', 'node-b', 5000)).toBeNull();
      // The holder asking again gets a new, larger token; its old one no longer renews. Within a
      // TTL of the cold start it is cold too ([PL5]).
      const again = await store.acquire('t1', 'node-a', 5000);
      expect(again!.token).toBe(first!.token + 1);
      expect(again?.cold).toBe(true);
      expect(await store.renew('t1', 'node-a', first!.token, 5000)).toBe(false);
      expect(await store.renew('t1', 'node-a', again!.token, 5000)).toBe(true);
      expect(await store.renew('t1', 'node-b', again!.token, 5000)).toBe(false);
      expect(await store.holder('t1')).toEqual({ owner: 'node-a', token: again!.token });
    });

    it('[PL22] membership: reading the live nodes does not count the reader; a heartbeat does, until it runs out or leaves', async () => {
      const membership = new RedisMembership(redis, `${prefix}nodes:${Math.random()}`);
      expect(await membership.members()).toEqual([]);
      expect(await membership.heartbeat('node-a', 5000)).toEqual(['node-a']);
      expect(await membership.members()).toEqual(['node-a']);
      expect((await membership.heartbeat('node-b', 50)).sort()).toEqual(['node-a', 'node-b']);
      await vi.waitFor(async () => expect(await membership.members()).toEqual(['node-a']), { timeout: 2000 });
      await membership.leave('node-a');
      expect(await membership.members()).toEqual([]);
    });

    it('[PL4] a released lease is taken at once by another node, with a larger token', async () => {
      const a = await store.acquire('t2', 'node-a', 60_000);
      await store.release('t2', 'node-b', a!.token); // not b's: nothing happens
      expect(await store.acquire('t2', 'node-b', 60_000)).toBeNull();
      await store.release('t2', 'node-a', a!.token);
      const b = await store.acquire('t2', 'node-b', 60_000);
      expect(b!.token).toBeGreaterThan(a!.token);
    });

    it('[PL5] after Redis lost its keys, tokens start above the storage floor and the grant is cold', async () => {
      const a = await store.acquire('t3', 'node-a', 60_000);
      const keys = await redis.keys(`${prefix}*t3*`);
      await redis.del(...keys); // what a restart without persistence does
      floor = 1e13;
      const b = await store.acquire('t3', 'node-b', 60_000);
      expect(b).toEqual({ token: 1e13 + 1, cold: true });
      // Without a floor, Redis's clock in ms is the floor: above every token issued before.
      await redis.del(...(await redis.keys(`${prefix}*t3*`)));
      floor = 0;
      const c = await store.acquire('t3', 'node-c', 60_000);
      expect(c!.token).toBeGreaterThan(Math.max(a!.token, Date.now() - 60_000));
    });

    it('[PL5] every grant within a TTL of the cold start is cold, also a second one to a node that asked again; later ones are not', async () => {
      // Found by the lease property test: a slow node's first answer came late, it asked again and
      // got a warm token, and acted at once beside the holder from before Redis lost its keys.
      const first = await store.acquire('t5', 'node-c', 200);
      expect(first?.cold).toBe(true);
      expect((await store.acquire('t5', 'node-c', 200))?.cold).toBe(true);
      await vi.waitFor(
        async () => {
          const later = await store.acquire('t5', 'node-c', 200);
          expect(later).not.toBeNull();
          expect(later?.cold).toBeUndefined();
        },
        { timeout: 2000, interval: 50 },
      );
    });

    it('[PL2] two keepers on real Redis: one holds; when it stops, the other takes over', async () => {
      const timing = { ttlMs: 600, renewEveryMs: 150, retryEveryMs: 50, driftMs: 50, callTimeoutMs: 300 };
      const changes: string[] = [];
      let refusedToB = 0;
      const counting: LeaseStore = {
        acquire: async (key, owner, ttl) => {
          const grant = await store.acquire(key, owner, ttl);
          if (owner === 'node-b' && !grant) refusedToB++;
          return grant;
        },
        renew: (...args) => store.renew(...args),
        release: (...args) => store.release(...args),
      };
      const keeper = (name: string) =>
        new LeaseKeeper('t4', name, counting, systemRuntime, timing, (c: LeaseChange) =>
          changes.push(`${name}:${c.kind}`),
        );
      const a = keeper('node-a');
      const b = keeper('node-b');
      a.start();
      await vi.waitFor(() => expect(a.holds()).not.toBeNull(), { timeout: 5000, interval: 20 });
      b.start();
      // b is refused again and again while a renews: 30 tries at 50 ms span several TTLs.
      await vi.waitFor(() => expect(refusedToB).toBeGreaterThanOrEqual(30), { timeout: 10_000, interval: 20 });
      expect(b.holds()).toBeNull();
      expect(a.holds()).not.toBeNull();
      await a.stop();
      await vi.waitFor(() => expect(b.holds()).not.toBeNull(), { timeout: 5000, interval: 20 });
      expect(changes).toEqual(['node-a:acquired', 'node-a:lost', 'node-b:acquired']);
      await b.stop();
    });
  });
}

import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LiveRegistry } from '../domain/live/liveRegistry.ts';
import type { TenantLive } from '../domain/live/tenantLive.ts';
import { MemoryFenceStore } from '../domain/placement/fence.ts';
import { systemRuntime } from '../domain/runtime.ts';
import { SqlConversationStore } from '../storage/conversationStore.ts';
import { ClusterNode } from './clusterNode.ts';
import { forwardTo, RedisOwnerCommands } from './ownerCommands.ts';
import { RedisLeaseStore } from './redisLeases.ts';

const url = process.env.PARLEY_TEST_REDIS_URL;

/** Gives the tenant an owner before and waits out its cold start: the next grant is warm ([PL5]). */
async function warmLease(store: RedisLeaseStore, tenantId: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const grant = await store.acquire(tenantId, 'earlier', 50);
      await store.release(tenantId, 'earlier', grant?.token ?? 0);
      expect(grant?.cold).toBeUndefined();
    },
    { timeout: 5_000, interval: 25 },
  );
}

if (!url) {
  describe('cluster node', () => it.skip('needs PARLEY_TEST_REDIS_URL (scripts/redis.sh)', () => undefined));
} else {
  describe('[PL37] a cluster node that is still restoring a tenant (issue 18)', () => {
    const closers: (() => Promise<void> | void)[] = [];
    afterAll(async () => {
      for (const close of closers) await close();
    });

    it('[PL37] a command forwarded while the owner restores the tenant runs only after the restore', async () => {
      const suffix = `${process.pid}-${Date.now().toString(36)}`;
      const tenantId = `ten_restoring_${suffix}`;
      // The restore is the test's to finish: the owner's unit is half-built until then.
      let finishRestore: () => void = () => undefined;
      const restore = new Promise<void>((resolve) => (finishRestore = resolve));
      let restoreStarted: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (restoreStarted = resolve));
      const ran: { method: string; restored: boolean }[] = [];
      let restored = false;
      const unit = {
        sendChat: () => {
          ran.push({ method: 'sendChat', restored });
          return Promise.resolve({ id: 'm1' });
        },
      };
      const live = {
        takeOver: () => {
          restoreStarted();
          return restore.then(() => {
            restored = true;
          });
        },
        of: () => unit as unknown as TenantLive,
        drop: () => undefined,
      } as unknown as LiveRegistry;

      // The socket's node: a bare command channel on the same Redis.
      const publisher = new Redis(url);
      const subscriber = new Redis(url);
      closers.push(() => {
        publisher.disconnect();
        subscriber.disconnect();
      });
      const edge = new RedisOwnerCommands(publisher, subscriber, `edge-${suffix}`, systemRuntime, () => undefined, {
        timeoutMs: 30_000,
      });
      await edge.subscribed();
      // The tenant had an owner before (this is a takeover) and its cold start is over, so the
      // grant is not a cold one that waits a TTL first ([PL5]).
      await warmLease(new RedisLeaseStore(publisher, () => Promise.resolve(0)), tenantId);

      // A long TTL and heartbeat: nothing else happens to the lease while the test runs, even when
      // other tests' nodes share this Redis; no spreading grace, so the node takes it at once.
      const owner = await ClusterNode.connect(
        {
          redisUrl: url,
          nodeId: `restoring-${suffix}`,
          lease: { ttlMs: 60_000, renewEveryMs: 20_000, retryEveryMs: 100, driftMs: 1_000, callTimeoutMs: 5_000 },
          commandTimeoutMs: 30_000,
          spreadGraceMs: 0,
          namespace: 'parley',
        },
        new MemoryFenceStore(),
        systemRuntime,
        { warn: () => undefined, info: () => undefined },
      );
      closers.push(() => owner.stop());
      // Storage is never reached: the stand-in unit writes nothing (only `portsOf` would use it).
      const storage = Object.create(SqlConversationStore.prototype) as SqlConversationStore;
      owner.start(live, storage, { send: () => undefined }, [tenantId]);
      await started;

      const sent = forwardTo<TenantLive>(edge, owner.nodeId, tenantId).sendChat(
        { kind: 'visitor', visitorId: 'v1' },
        'c1',
        'k1',
        'hello',
      );
      // A second command from the same node, for a tenant the owner does not hold, is answered at
      // once. One publisher's messages arrive in order and the owner starts each as it arrives, so
      // once this answer is back the first command has reached the owner (no timing involved).
      await expect(
        forwardTo<TenantLive>(edge, owner.nodeId, `ten_elsewhere_${suffix}`).sendChat(
          { kind: 'visitor', visitorId: 'v1' },
          'c1',
          'k2',
          'elsewhere',
        ),
      ).rejects.toMatchObject({ code: 'owner_unreachable' });
      expect(ran).toEqual([]);

      finishRestore();
      expect(await sent).toEqual({ id: 'm1' });
      expect(ran).toEqual([{ method: 'sendChat', restored: true }]);
    }, 30_000);
  });

  describe('[PL44] two clusters on one Redis, each in its own namespace', () => {
    const closers: (() => Promise<void> | void)[] = [];
    afterAll(async () => {
      for (const close of closers) await close();
    });

    it('[PL44] both hold the same tenant, list only their own nodes, and a command reaches only its own cluster', async () => {
      const suffix = `${process.pid}-${Date.now().toString(36)}`;
      const tenantId = `ten_shared_${suffix}`;
      const redis = new Redis(url);
      closers.push(async () => {
        const keys = await redis.keys(`*-${suffix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      });
      const nodes = await Promise.all(
        ['staging', 'production'].map(async (name) => {
          const namespace = `${name}-${suffix}`;
          // A tenant owned before in each cluster: the grant is not a cold one that waits a TTL ([PL5]).
          await warmLease(new RedisLeaseStore(redis, () => Promise.resolve(0), `${namespace}:lease:`), tenantId);
          const ran: string[] = [];
          const live = {
            takeOver: () => Promise.resolve(),
            of: () => ({ sendChat: (_actor: unknown, _c: string, _k: string, text: string) => ran.push(text) }),
            drop: () => undefined,
          } as unknown as LiveRegistry;
          const node = await ClusterNode.connect(
            {
              redisUrl: url,
              nodeId: `${name}-node`,
              lease: { ttlMs: 60_000, renewEveryMs: 20_000, retryEveryMs: 100, driftMs: 1_000, callTimeoutMs: 5_000 },
              commandTimeoutMs: 5_000,
              spreadGraceMs: 0,
              namespace,
            },
            new MemoryFenceStore(),
            systemRuntime,
            { warn: () => undefined, info: () => undefined },
          );
          closers.push(() => node.stop());
          node.start(
            live,
            Object.create(SqlConversationStore.prototype) as SqlConversationStore,
            { send: () => undefined },
            [tenantId],
          );
          return { name, namespace, node, ran };
        }),
      );
      // Without namespaces the two would share one lease key and only one of them could hold it.
      for (const { name, namespace } of nodes) {
        await expect
          .poll(() => redis.get(`${namespace}:lease:${tenantId}`), { timeout: 10_000 })
          .toMatch(new RegExp(`^${name}-node\\|`));
        await expect.poll(() => redis.zrange(`${namespace}:nodes`, '0', '-1')).toEqual([`${name}-node`]);
      }

      // A socket's node of the staging cluster forwards a command: staging's owner runs it, only.
      const publisher = new Redis(url);
      const subscriber = new Redis(url);
      closers.push(() => {
        publisher.disconnect();
        subscriber.disconnect();
      });
      const staging = nodes[0]!;
      const edge = new RedisOwnerCommands(publisher, subscriber, `edge-${suffix}`, systemRuntime, () => undefined, {
        timeoutMs: 5_000,
        prefix: `${staging.namespace}:node:`,
      });
      await edge.subscribed();
      await forwardTo<TenantLive>(edge, staging.node.nodeId, tenantId).sendChat(
        { kind: 'visitor', visitorId: 'v1' },
        'c1',
        'k1',
        'for staging',
      );
      expect(nodes.map((n) => n.ran)).toEqual([['for staging'], []]);
    }, 30_000);
  });
}

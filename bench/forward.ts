import { execFileSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { forwardTo, ownerExecutor, RedisOwnerCommands } from '../packages/server/src/cluster/ownerCommands.ts';
import type { TenantLive } from '../packages/server/src/domain/live/tenantLive.ts';
import { systemRuntime } from '../packages/server/src/domain/runtime.ts';
import { percentile } from './lib.ts';

/**
 * [PL6] The extra latency of a command forwarded to the tenant's owner node over Redis, against
 * the same command called in the process (issue 18). The command itself does nothing, so the
 * figures are the forwarding's own cost: one PUBLISH out, one back, two deliveries. Uses
 * PARLEY_TEST_REDIS_URL, or starts Debian's redis-server with scripts/redis.sh.
 */
export async function benchForward(calls: number): Promise<{
  local: { p50: number; p99: number };
  forwarded: { p50: number; p99: number };
  concurrentPerSecond: number;
}> {
  const own = { ...process.env, PARLEY_REDIS_PORT: '56399', PARLEY_REDIS_DIR: '/tmp/parley-bench-redis' };
  const given = process.env.PARLEY_TEST_REDIS_URL;
  const redisScript = (command: string) =>
    execFileSync('bash', ['scripts/redis.sh', command], { env: own, encoding: 'utf8' });
  const url = given ?? /export PARLEY_TEST_REDIS_URL=(\S+)/.exec(redisScript('start'))?.[1];
  if (!url) throw new Error('no Redis (apt-get install redis-server)');
  const connections = [0, 1, 2, 3].map(() => new Redis(url));
  const [ownerPub, ownerSub, edgePub, edgeSub] = connections as [Redis, Redis, Redis, Redis];
  const prefix = `bench:${process.pid}:`;
  const owner = new RedisOwnerCommands(ownerPub, ownerSub, 'owner', systemRuntime, console.error, { prefix });
  const edge = new RedisOwnerCommands(edgePub, edgeSub, 'edge', systemRuntime, console.error, { prefix });
  const live = { sendChat: (..._args: unknown[]) => Promise.resolve({ id: 'm' }) } as unknown as TenantLive;
  owner.serve(ownerExecutor(() => live));
  await Promise.all([owner.subscribed(), edge.subscribed()]);
  const remote = forwardTo<TenantLive>(edge, 'owner', 't1');
  const actor = { kind: 'visitor', visitorId: 'v1' } as const;

  const time = async (call: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      await call();
      ms.push(performance.now() - start);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
  };
  const local = await time(() => live.sendChat(actor, 'c1', 'k', 'hello'));
  const forwarded = await time(() => remote.sendChat(actor, 'c1', 'k', 'hello'));
  const started = performance.now();
  await Promise.all(Array.from({ length: calls }, () => remote.sendChat(actor, 'c1', 'k', 'hello')));
  const concurrentPerSecond = calls / ((performance.now() - started) / 1000);
  for (const c of connections) c.disconnect();
  if (!given) redisScript('stop');
  return { local, forwarded, concurrentPerSecond };
}

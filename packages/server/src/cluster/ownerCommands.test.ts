import { ParleyError } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRuntime, systemRuntime } from '../domain/runtime.ts';
import type { TenantLive } from '../domain/live/tenantLive.ts';
import { forwardTo, ownerExecutor, RedisOwnerCommands, type OwnerCommand } from './ownerCommands.ts';

const url = process.env.PARLEY_TEST_REDIS_URL;

if (!url) {
  describe('owner commands', () => it.skip('needs PARLEY_TEST_REDIS_URL (scripts/redis.sh)', () => undefined));
} else {
  describe('[PL6] commands forwarded to the tenant’s owner node over Redis (issue 18)', () => {
    const connections: Redis[] = [];
    const errors: unknown[] = [];
    const prefix = `test:${process.pid}:${Date.now()}:node:`;
    const node = (id: string, runtime = systemRuntime) => {
      const pub = new Redis(url);
      const sub = new Redis(url);
      connections.push(pub, sub);
      return new RedisOwnerCommands(pub, sub, id, runtime, (e) => errors.push(e), {
        prefix,
        timeoutMs: 2_000,
        sfuTimeoutMs: 9_000,
      });
    };
    let owner: RedisOwnerCommands;
    let socketNode: RedisOwnerCommands;
    const ran: OwnerCommand[] = [];

    /** A stand-in for the tenant's live state on the owner: records and answers like the real one. */
    const live = {
      sendChat(actor: { kind: string }, conversationId: string, clientId: string, text: string) {
        ran.push({ tenantId: 't1', method: 'sendChat', args: [actor, conversationId, clientId, text] });
        return Promise.resolve({ id: `m-${clientId}`, text });
      },
      accept(consultantId: string, conversationId: string) {
        ran.push({ tenantId: 't1', method: 'accept', args: [consultantId, conversationId] });
        return consultantId === 'busy' ? Promise.reject(new ParleyError('at_capacity')) : Promise.resolve();
      },
      restore() {
        return Promise.reject(new Error('must never be reachable from another node'));
      },
    };

    beforeAll(async () => {
      owner = node('owner');
      socketNode = node('edge');
      owner.serve(ownerExecutor((tenantId) => (tenantId === 't1' ? (live as unknown as TenantLive) : undefined)));
      await Promise.all([owner.subscribed(), socketNode.subscribed()]);
    });
    afterAll(() => {
      for (const c of connections) c.disconnect();
    });

    it('[PL6] a command runs on the owner and its result comes back to the socket’s node', async () => {
      const t1 = forwardTo<TenantLive>(socketNode, 'owner', 't1');
      const sent = await t1.sendChat({ kind: 'visitor', visitorId: 'v1' }, 'c1', 'k1', 'hello');
      expect(sent).toEqual({ id: 'm-k1', text: 'hello' });
      expect(ran.at(-1)).toEqual({
        tenantId: 't1',
        method: 'sendChat',
        args: [{ kind: 'visitor', visitorId: 'v1' }, 'c1', 'k1', 'hello'],
      });
    });

    it('[PL6] the owner’s coded refusal reaches the caller with its code', async () => {
      const t1 = forwardTo<TenantLive>(socketNode, 'owner', 't1');
      await expect(t1.accept('busy', 'c1')).rejects.toMatchObject({ code: 'at_capacity' });
    });

    it('[PL6] commands from one node run on the owner in the order they were sent', async () => {
      const t1 = forwardTo<TenantLive>(socketNode, 'owner', 't1');
      const before = ran.length;
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => t1.sendChat({ kind: 'visitor', visitorId: 'v1' }, 'c1', `o${i}`, `n${i}`)),
      );
      expect(ran.slice(before).map((c) => c.args[2])).toEqual(Array.from({ length: 50 }, (_, i) => `o${i}`));
    });

    it('[PL6] a tenant this node does not hold, or a method that is not a command, is refused', async () => {
      await expect(socketNode.call('owner', { tenantId: 't2', method: 'accept', args: ['x'] })).rejects.toMatchObject({
        code: 'owner_unreachable',
      });
      await expect(socketNode.call('owner', { tenantId: 't1', method: 'restore', args: [] })).rejects.toMatchObject({
        code: 'forbidden',
      });
    });

    it('[PL6] no answer within the timeout (the owner is gone) fails with owner_unreachable; a late answer is dropped', async () => {
      const runtime = new FakeRuntime();
      const lonely = node('lonely', runtime);
      await lonely.subscribed();
      const call = lonely.call('nobody', { tenantId: 't1', method: 'accept', args: ['x'] });
      const outcome = call.then(
        () => 'answered',
        (e: unknown) => (e instanceof ParleyError ? e.code : 'other'),
      );
      runtime.advance(1_999);
      await new Promise((r) => setImmediate(r));
      runtime.advance(1);
      expect(await outcome).toBe('owner_unreachable');
      expect(errors).toEqual([]);
    });

    it('[PL25] SFU signalling waits longer for the owner than other commands: a slow SFU is not a lost owner', async () => {
      const runtime = new FakeRuntime();
      const patient = node('patient', runtime);
      await patient.subscribed();
      const outcomeOf = (method: string) =>
        patient.call('nobody', { tenantId: 't1', method, args: [] }).then(
          () => 'answered',
          (e: unknown) => (e instanceof ParleyError ? e.code : 'other'),
        );
      const settled: string[] = [];
      void outcomeOf('accept').then((o) => settled.push(`accept ${o}`));
      void outcomeOf('mediaSubscribe').then((o) => settled.push(`mediaSubscribe ${o}`));
      runtime.advance(2_000);
      await new Promise((r) => setImmediate(r));
      expect(settled).toEqual(['accept owner_unreachable']);
      runtime.advance(6_999);
      await new Promise((r) => setImmediate(r));
      expect(settled).toEqual(['accept owner_unreachable']);
      runtime.advance(1);
      await new Promise((r) => setImmediate(r));
      expect(settled).toEqual(['accept owner_unreachable', 'mediaSubscribe owner_unreachable']);
    });
  });
}

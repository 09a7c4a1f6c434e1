import type { ServerMessage } from '@parley/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisBus } from './redisBus.ts';

const url = process.env.PARLEY_TEST_REDIS_URL;

function note(n: number): ServerMessage {
  return { type: 'error', code: 'invalid_message', message: `m${n}`, ref: null };
}

if (!url) {
  describe('Redis bus', () => it.skip('needs PARLEY_TEST_REDIS_URL (scripts/redis.sh)', () => undefined));
} else {
  describe('Redis bus between nodes (issue 18)', () => {
    const connections: Redis[] = [];
    const errors: unknown[] = [];
    const prefix = `test:${process.pid}:${Date.now()}:bus:`;
    const node = () => {
      const pub = new Redis(url);
      const sub = new Redis(url);
      connections.push(pub, sub);
      return new RedisBus(pub, sub, (e) => errors.push(e), prefix);
    };
    let a: RedisBus;
    let b: RedisBus;
    beforeAll(() => {
      a = node();
      b = node();
    });
    afterAll(() => {
      for (const c of connections) c.disconnect();
    });

    it('a message published on one node reaches every node listening to the topic, in order', async () => {
      const onA: string[] = [];
      const onB: string[] = [];
      const offA = a.subscribe('consultant:c1', (m) => onA.push(m.type === 'error' ? m.message : m.type));
      const offB = b.subscribe('consultant:c1', (m) => onB.push(m.type === 'error' ? m.message : m.type));
      await Promise.all([a.subscribed(), b.subscribed()]);
      for (let i = 0; i < 500; i++) a.publish('consultant:c1', note(i));
      const expected = Array.from({ length: 500 }, (_, i) => `m${i}`);
      await vi.waitFor(() => expect(onB).toEqual(expected), { timeout: 5000, interval: 20 });
      await vi.waitFor(() => expect(onA).toEqual(expected), { timeout: 5000, interval: 20 });
      offA();
      offB();
    });

    it('a node stops receiving a topic when its last listener leaves; other topics are untouched', async () => {
      const got: string[] = [];
      const off1 = b.subscribe('visitor:v1', (m) => got.push(`1:${m.type === 'error' ? m.message : ''}`));
      const off2 = b.subscribe('visitor:v1', (m) => got.push(`2:${m.type === 'error' ? m.message : ''}`));
      const offOther = b.subscribe('visitor:v2', (m) => got.push(`v2:${m.type === 'error' ? m.message : ''}`));
      await b.subscribed();
      a.publish('visitor:v1', note(1));
      await vi.waitFor(() => expect(got).toEqual(['1:m1', '2:m1']));
      off1();
      a.publish('visitor:v1', note(2));
      await vi.waitFor(() => expect(got).toEqual(['1:m1', '2:m1', '2:m2']));
      off2();
      await b.subscribed();
      a.publish('visitor:v1', note(3));
      a.publish('visitor:v2', note(4));
      await vi.waitFor(() => expect(got).toEqual(['1:m1', '2:m1', '2:m2', 'v2:m4']));
      offOther();
      expect(errors).toEqual([]);
    });

    it('[PL30] a tenant message under a token lower than one seen here is dropped; others go through', async () => {
      const got: string[] = [];
      const off = b.subscribe('consultant:c2', (m) => got.push(m.type === 'error' ? m.message : m.type));
      await b.subscribed();
      const tenant = `ten_${Date.now()}`;
      a.publish('consultant:c2', note(1), { tenantId: tenant, token: 10 });
      a.publish('consultant:c2', note(2), { tenantId: tenant, token: 11 });
      // The former holder (token 10) wakes up late; a message of no tenant and another tenant's go on.
      a.publish('consultant:c2', note(3), { tenantId: tenant, token: 10 });
      a.publish('consultant:c2', note(4));
      a.publish('consultant:c2', note(5), { tenantId: `${tenant}_other`, token: 1 });
      a.publish('consultant:c2', note(6), { tenantId: tenant, token: 11 });
      await vi.waitFor(() => expect(got).toEqual(['m1', 'm2', 'm4', 'm5', 'm6']));
      // A takeover this node heard of drops the holder it replaces even before the new one speaks.
      b.fences.observe({ tenantId: tenant, token: 12 });
      a.publish('consultant:c2', note(7), { tenantId: tenant, token: 11 });
      a.publish('consultant:c2', note(8), { tenantId: tenant, token: 12 });
      await vi.waitFor(() => expect(got).toEqual(['m1', 'm2', 'm4', 'm5', 'm6', 'm8']));
      off();
      expect(errors).toEqual([]);
    });
  });
}

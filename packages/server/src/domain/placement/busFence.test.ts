import { describe, expect, it } from 'vitest';
import { FakeRuntime } from '../runtime.ts';
import { BusFenceFilter, type BusFence } from './busFence.ts';
import { MemoryFenceStore } from './fence.ts';
import { MemoryLeaseStore } from './memoryLeases.ts';

/** [PL30] The bus's fence: what each node delivers to its sockets of a tenant's messages. */
const TTL = 1000;

/** A receiving node: delivers what its filter admits, in the order the bus hands messages over. */
function receiver() {
  const filter = new BusFenceFilter();
  const delivered: string[] = [];
  return {
    filter,
    delivered,
    hear: (text: string, fence?: BusFence) => {
      if (!fence || filter.admit(fence)) delivered.push(text);
    },
  };
}

describe('[PL30] fencing tokens on bus messages', () => {
  it('[PL30] a frozen holder that wakes after the takeover is not delivered; the new holder is', async () => {
    const rt = new FakeRuntime(0);
    const leases = new MemoryLeaseStore(rt.clock);
    const a = await leases.acquire('t1', 'a', TTL);
    rt.advance(100);
    const node = receiver();
    node.hear('a: hello', { tenantId: 't1', token: a?.token ?? 0 });
    // A freezes (SIGSTOP) and its lease runs out; B takes the tenant and publishes.
    rt.advance(TTL);
    const b = await leases.acquire('t1', 'b', TTL);
    expect(b?.token).toBeGreaterThan(a?.token ?? Infinity);
    node.hear('b: welcome', { tenantId: 't1', token: b?.token ?? 0 });
    // A wakes up still believing in its lease: its ring timeout fires and publishes.
    node.hear('a: ring timed out', { tenantId: 't1', token: a?.token ?? 0 });
    node.hear('b: chat', { tenantId: 't1', token: b?.token ?? 0 });
    expect(node.delivered).toEqual(['a: hello', 'b: welcome', 'b: chat']);
  });

  it('[PL30] every message under the same token is delivered, in order; other tenants and unfenced messages are untouched', () => {
    const node = receiver();
    for (let i = 0; i < 50; i++) node.hear(`t1:${i}`, { tenantId: 't1', token: 7 });
    node.hear('t2 older token', { tenantId: 't2', token: 3 });
    node.hear('no tenant');
    node.hear('t1:50', { tenantId: 't1', token: 7 });
    expect(node.delivered).toEqual([
      ...Array.from({ length: 50 }, (_, i) => `t1:${i}`),
      't2 older token',
      'no tenant',
      't1:50',
    ]);
  });

  it('[PL30] a larger token resets the highest: the one before it is dropped from then on', () => {
    const node = receiver();
    node.hear('2a', { tenantId: 't1', token: 2 });
    node.hear('5a', { tenantId: 't1', token: 5 });
    node.hear('2b', { tenantId: 't1', token: 2 });
    node.hear('9a', { tenantId: 't1', token: 9 });
    node.hear('5b', { tenantId: 't1', token: 5 });
    node.hear('9b', { tenantId: 't1', token: 9 });
    expect(node.delivered).toEqual(['2a', '5a', '9a', '9b']);
    expect(node.filter.highestOf('t1')).toBe(9);
  });

  it('[PL30] a takeover this node learns of (its own lease, or the owner announced) drops the old holder before the new one says anything', () => {
    const node = receiver();
    node.hear('old 1', { tenantId: 't1', token: 4 });
    node.filter.observe({ tenantId: 't1', token: 6 });
    node.hear('old 2', { tenantId: 't1', token: 4 });
    // An older announcement arriving late lowers nothing.
    node.filter.observe({ tenantId: 't1', token: 5 });
    node.hear('new', { tenantId: 't1', token: 6 });
    expect(node.delivered).toEqual(['old 1', 'new']);
  });

  it('[PL30][PL5] after Redis lost its keys the new token is still above every earlier one: the old holder stays dropped', async () => {
    const rt = new FakeRuntime(1_000);
    const fences = new MemoryFenceStore();
    const leases = new MemoryLeaseStore(rt.clock, (key) => fences.highest(key));
    const node = receiver();
    let token = 0;
    for (const owner of ['a', 'b', 'a']) {
      const grant = await leases.acquire('t1', owner, TTL);
      token = grant?.token ?? 0;
      await fences.admit('t1', token);
      node.hear(`${owner}@${token}`, { tenantId: 't1', token });
      rt.advance(TTL + 1);
    }
    leases.restart();
    const cold = await leases.acquire('t1', 'c', TTL);
    expect(cold?.cold).toBe(true);
    node.hear('c after restart', { tenantId: 't1', token: cold?.token ?? 0 });
    node.hear('a late', { tenantId: 't1', token });
    expect(node.delivered.at(-1)).toBe('c after restart');
    expect(node.delivered).not.toContain('a late');
  });

  it('[PL30] property: whatever the interleaving of holders, a node delivers exactly the messages whose token is the largest seen so far', () => {
    let seed = 12345;
    const random = (): number => {
      // A small LCG: the same runs every time, so a failure can be replayed.
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 200; run++) {
      const node = receiver();
      const expected: string[] = [];
      const highest = new Map<string, number>();
      // Up to four successive holders per tenant; earlier ones keep publishing late at random.
      const holders = new Map<string, number>([
        ['t1', 1],
        ['t2', 1],
      ]);
      for (let step = 0; step < 60; step++) {
        const tenantId = random() < 0.5 ? 't1' : 't2';
        const current = holders.get(tenantId) ?? 1;
        if (random() < 0.1) holders.set(tenantId, current + 1 + Math.floor(random() * 3));
        const token = Math.max(1, (holders.get(tenantId) ?? 1) - Math.floor(random() * 3));
        const text = `${run}:${step}`;
        // A message of no tenant (none carries a fence) goes through whatever happened.
        if (random() < 0.1) {
          node.hear(`${text}:plain`);
          expected.push(`${text}:plain`);
        }
        if (token >= (highest.get(tenantId) ?? 0)) {
          expected.push(text);
          highest.set(tenantId, token);
        }
        node.hear(text, { tenantId, token });
      }
      expect(node.delivered).toEqual(expected);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildServer } from './childServer.ts';
import { ChatLoad } from './chatLoad.ts';
import { rankNodes } from '../src/domain/placement/spread.ts';
import { Cluster, eventually, overlaps, tenures } from './clusterProcesses.ts';

/**
 * Issue 18, proof "a rolling restart of all nodes one by one under a chat load loses and
 * duplicates nothing": three node processes; each in turn is drained (SIGTERM, [PL4]) and started
 * again while a visitor and a consultant chat continuously. The test plays the load balancer:
 * new sockets go to a node that is up, never to the one being restarted.
 */
const postgresUrl = process.env.PARLEY_TEST_POSTGRES_URL;
const redisUrl = process.env.PARLEY_TEST_REDIS_URL;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (!postgresUrl || !redisUrl) {
  describe('rolling restart of a cluster', () =>
    it.skip('needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (scripts/redis.sh, scripts/postgres.sh)', () =>
      undefined));
} else {
  describe('[PL21] three nodes restarted one by one under chat (issue 18)', () => {
    const cluster = new Cluster(postgresUrl, redisUrl, { PARLEY_LEASE_TTL_MS: '2000', LOG_LEVEL: 'info' });

    beforeAll(() => cluster.create(), 30_000);
    afterAll(() => cluster.close(), 30_000);

    it('[PL4][PL21] every node drained and restarted in turn: no message lost or duplicated, never two owners; tenants spread [PL22]', async () => {
      const first = await cluster.node('a');
      // [PL22] More tenants to spread (nodes know the tenants in storage when they start).
      const spreadTenants = Array.from({ length: 8 }, (_, i) => `ten_spread_${process.pid}_${i}`);
      for (const id of spreadTenants)
        await cluster.rows(`insert into tenants (id, name, slug, created_at) values ($1, $1, $1, $2)`, [
          id,
          Date.now(),
        ]);
      const nodes = [first, await cluster.node('b'), await cluster.node('c')];
      const down = new Set<ChildServer>();
      // The load balancer: the first node that is up, counted from a different one per client.
      const balancer = (offset: number) => () => {
        const up = [...nodes.slice(offset), ...nodes.slice(0, offset)].filter((n) => !down.has(n));
        if (!up[0]) throw new Error('no node up');
        return up[0];
      };
      const { v, c, conversationId } = await cluster.conversation(balancer(0), balancer(1));
      const load = new ChatLoad(v, c, conversationId, 'rolling');
      load.start(200);

      for (const node of nodes) {
        await pause(1500);
        down.add(node);
        const drainedAt = Date.now();
        const stopped = await node.stop('SIGTERM');
        expect(stopped.code).toBe(0);
        await node.start();
        await eventually(async () => ((await fetch(`${node.baseUrl}/readyz`)).ok ? true : undefined), 'readyz');
        down.delete(node);
        process.stdout.write(`[PL21] ${node.baseUrl} drained and back in ${Date.now() - drainedAt} ms\n`);
      }
      await pause(1500);
      load.stop();
      await load.settle(40_000);

      const stored = (
        await cluster.rows<{ text: string }>(`select text from messages where conversation_id = $1`, [conversationId])
      ).map((row) => row.text);
      expect(load.sent.length).toBeGreaterThan(50);
      expect(load.sent.filter((t) => !stored.includes(t))).toEqual([]);
      expect(load.duplicates(stored)).toEqual([]);
      const events = cluster.leaseEvents();
      // The tenant did move: its first owner was drained, so another node held it after.
      expect(new Set(events.filter((e) => e.kind === 'acquired').map((e) => e.node)).size).toBeGreaterThanOrEqual(2);
      const overlapping = overlaps(tenures(events));
      if (overlapping.length > 0) process.stdout.write(`${JSON.stringify(events)}\n`);
      expect(overlapping).toEqual([]);

      // [PL22][PL24] After the restarts every tenant runs on the node it ranks first, so the three
      // nodes share them.
      const names = ['a', 'b', 'c'].map((n) => cluster.ownerName(n));
      const tenants = [await cluster.tenantId(), ...spreadTenants];
      let misplaced: string[] = [];
      // Placement waits on heartbeats and lease rounds, which a loaded machine stretches: the
      // property is that it happens, not how fast (a helper's runs at load 12–29 missed 20 s).
      const placed = await eventually(
        async () => {
          const holders = await Promise.all(tenants.map(async (t) => (await cluster.leases.holder(t))?.owner));
          misplaced = tenants.flatMap((t, i) =>
            holders[i] === rankNodes(t, names)[0] ? [] : [`${t} on ${holders[i]}, prefers ${rankNodes(t, names)[0]}`],
          );
          return misplaced.length === 0 ? holders : undefined;
        },
        'every tenant on its preferred node',
        45_000,
      ).catch((error: unknown) => {
        // Which tenants stayed where, and the live nodes' lease lines: what to read when this fails.
        throw new Error(
          `${String(error)}: ${misplaced.join('; ')}\n${JSON.stringify(cluster.leaseEvents().slice(-30))}`,
        );
      });
      process.stdout.write(`[PL22] ${tenants.length} tenants on ${new Set(placed).size} nodes\n`);
      expect(new Set(placed).size).toBeGreaterThanOrEqual(2);
    }, 240_000);
  });
}

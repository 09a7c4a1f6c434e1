import { expect, test } from '@playwright/test';
import { expectSfuFlowing, newPerson, sfuStats } from './helpers.ts';
import { E2eCluster, broadcastWatched, sharedJanus, sql } from './clusterNodes.ts';

/**
 * Issue 18 item 3 ([PL25]): two Parley nodes on one PostgreSQL and one Redis share the e2e run's
 * Janus. The presenter's console is on the tenant's owner, the viewer's page on the other node:
 * the viewer's signalling is forwarded to the owner, which opens the leg on the Janus the
 * presenter publishes into, and the viewer decodes the broadcast. A database of its own keeps the
 * main e2e server's demo tenant untouched.
 */
const redisUrl = process.env.PARLEY_TEST_REDIS_URL;
const postgresUrl = process.env.PARLEY_TEST_POSTGRES_URL;
const e2ePort = Number(process.env.E2E_PORT ?? 8765);
/** Clear of the other cluster spec's nodes (+31…+33) and the SMTP port (+25). */
const firstPort = e2ePort + 36;
const LEASE_TTL_MS = 4000;

test.skip(!redisUrl || !postgresUrl, 'needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (npm test starts both)');

test('[PL25][S1][S2] a broadcast viewer on another node than the tenant owner watches the presenter through the shared Janus', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  if (!redisUrl || !postgresUrl) return;
  const janus = await sharedJanus(e2ePort);
  const cluster = new E2eCluster(postgresUrl, redisUrl, {
    names: ['m1', 'm2'],
    firstPort,
    dataRoot: `test-results/cluster-media-${Date.now()}`,
    leaseTtlMs: LEASE_TTL_MS,
    env: janus,
  });
  const presenterContext = await newPerson(browser);
  // Viewers get no camera permission: watching never asks for it ([B2]).
  const viewerContext = await browser.newContext();
  try {
    await cluster.start();
    const ownerId = await cluster.settledOwner(await cluster.demoTenantId(), LEASE_TTL_MS * 4 + 10_000);
    const owner = cluster.node(ownerId);
    const other = cluster.nodes.find((node) => node !== owner);
    if (!other) throw new Error('two nodes expected');

    const { dana, app } = await broadcastWatched(presenterContext, viewerContext, owner, other);
    await expect(dana.getByTestId('viewer-count')).toHaveText('1 viewer of 100');
    const stats = await expectSfuFlowing(app, 1);
    expect(stats.audioPacketsReceived).toBeGreaterThan(0);
    // One room on the Janus every node reaches, recorded with it ([PL26]).
    const rooms = await sql(cluster.databaseUrl, `select sfu from media_rooms`);
    expect(rooms.rows).toEqual([{ sfu: janus.PARLEY_JANUS_URL }]);

    await dana.getByTestId('broadcast-stop').click();
    await expect(dana.getByTestId('broadcast-state')).toHaveText('Off air');
    await expect.poll(async () => (await sfuStats(app)).legs).toBe(0);
    await expect.poll(async () => (await sql(cluster.databaseUrl, `select room_id from media_rooms`)).rows).toEqual([]);
  } finally {
    await presenterContext.close();
    await viewerContext.close();
    await cluster.close();
  }
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { DEMO, expectSfuFlowing, loginConsultant, newPerson, sfuStats, visitorFrame } from './helpers.ts';
import { E2eCluster, sql } from './clusterNodes.ts';

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

/** The Janus the main e2e server started beside its port (scripts/janus.sh prints it again). */
async function sharedJanus(): Promise<Record<string, string>> {
  const { stdout } = await promisify(execFile)('bash', ['scripts/janus.sh', 'start'], {
    env: { ...process.env, PARLEY_JANUS_WS_PORT: String(e2ePort + 1000) },
  });
  const vars: Record<string, string> = {};
  for (const [, name, value] of stdout.matchAll(/(PARLEY_JANUS_(?:URL|API_SECRET|ADMIN_KEY))=(\S+)/g)) {
    if (name && value) vars[name] = value;
  }
  if (!vars.PARLEY_JANUS_URL) throw new Error(`no Janus: ${stdout}`);
  return vars;
}

test.skip(!redisUrl || !postgresUrl, 'needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (npm test starts both)');

test('[PL25][S1][S2] a broadcast viewer on another node than the tenant owner watches the presenter through the shared Janus', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  if (!redisUrl || !postgresUrl) return;
  const janus = await sharedJanus();
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

    const dana = await presenterContext.newPage();
    await loginConsultant(dana, DEMO, `${owner.baseUrl}/console/`);
    await dana.getByTestId('broadcast-start').click();
    await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.');

    const page = await viewerContext.newPage();
    await page.goto(`${other.baseUrl}/demo?link=demo-broadcast`);
    await page.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(page);
    await app.getByTestId('broadcast-watch').click();
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

test('[PL38][PL7] the owner is killed mid-broadcast: the broadcast stays on air, the presenter publishes again and the viewer watches again, neither reloading', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  if (!redisUrl || !postgresUrl) return;
  const janus = await sharedJanus();
  const cluster = new E2eCluster(postgresUrl, redisUrl, {
    names: ['k1', 'k2'],
    firstPort,
    dataRoot: `test-results/cluster-media-failover-${Date.now()}`,
    leaseTtlMs: LEASE_TTL_MS,
    env: janus,
  });
  const presenterContext = await newPerson(browser);
  const viewerContext = await browser.newContext();
  try {
    await cluster.start();
    const tenantId = await cluster.demoTenantId();
    const ownerId = await cluster.settledOwner(tenantId, LEASE_TTL_MS * 4 + 10_000);
    const owner = cluster.node(ownerId);
    const survivorId = cluster.nodeIds.find((id) => id !== ownerId) ?? '';
    const survivor = cluster.node(survivorId);

    // Both on the node that survives; the tenant's live state (and its media rooms) on the other.
    const dana = await presenterContext.newPage();
    await loginConsultant(dana, DEMO, `${survivor.baseUrl}/console/`);
    await dana.getByTestId('broadcast-start').click();
    await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.');
    const page = await viewerContext.newPage();
    await page.goto(`${survivor.baseUrl}/demo?link=demo-broadcast`);
    await page.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(page);
    await app.getByTestId('broadcast-watch').click();
    await expectSfuFlowing(app, 1);
    const [before] = (await sql(cluster.databaseUrl, `select room_id from media_rooms`)).rows;

    const killedAt = Date.now();
    await owner.kill();
    await expect.poll(() => cluster.holder(tenantId), { timeout: 30_000 }).toBe(survivorId);
    // The presenter's console publishes again on its own; the viewer's page takes its seat again
    // and receives the new feed: frames decode again, in the same page.
    await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.', { timeout: 30_000 });
    await expect(app.getByTestId('broadcast-video')).toBeVisible({ timeout: 30_000 });
    const again = await expectSfuFlowing(app, 1);
    expect(again.audioPacketsReceived).toBeGreaterThan(0);
    console.log(`[PL38] broadcast back at the viewer ${Date.now() - killedAt} ms after the owner was killed`);
    await expect(dana.getByTestId('viewer-count')).toHaveText('1 viewer of 100');
    // A new room, on the Janus the new owner uses; the dead one's record is gone.
    const rooms = (await sql(cluster.databaseUrl, `select room_id, sfu from media_rooms`)).rows;
    expect(rooms).toHaveLength(1);
    expect(rooms[0]?.room_id).not.toBe(before?.room_id);

    await dana.getByTestId('broadcast-stop').click();
    await expect(dana.getByTestId('broadcast-state')).toHaveText('Off air');
    await expect
      .poll(async () => (await sql(cluster.databaseUrl, `select link_id from live_broadcasts`)).rows)
      .toEqual([]);
  } finally {
    await presenterContext.close();
    await viewerContext.close();
    await cluster.close();
  }
});

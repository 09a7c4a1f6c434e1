import { expect, test, type Frame, type Page } from '@playwright/test';
import { startConference, type Conference } from './conferenceHelpers.ts';
import { expectSfuFlowing, newPerson } from './helpers.ts';
import { E2eCluster, broadcastWatched, sharedJanus, sql } from './clusterNodes.ts';
import type { ServerProcess } from './serverProcess.ts';

/**
 * Issue 18 items 2 and 3 ([PL38], [PL39]): the node that owns a tenant is SIGKILLed while a
 * broadcast or a conference runs on the e2e run's Janus. Everyone is on the other node, which
 * takes the tenant over: the broadcast stays on air and the conference on the SFU, every browser
 * publishes and receives again by itself — nobody reloads. A database of their own keeps the
 * main e2e server's demo tenant untouched.
 */
const redisUrl = process.env.PARLEY_TEST_REDIS_URL;
const postgresUrl = process.env.PARLEY_TEST_POSTGRES_URL;
const e2ePort = Number(process.env.E2E_PORT ?? 8765);
/** The same ports as cluster-media.spec (one worker: never at the same time); clear of +31…+34. */
const firstPort = e2ePort + 36;
const LEASE_TTL_MS = 4000;

test.skip(!redisUrl || !postgresUrl, 'needs PARLEY_TEST_REDIS_URL and PARLEY_TEST_POSTGRES_URL (npm test starts both)');
// As cluster.spec: a console may sit in "reconnecting" for a while right after the nodes settle
// (issue 18: cause not found yet); one retry keeps that from failing the run.
test.describe.configure({ retries: 1 });

interface TwoNodes {
  cluster: E2eCluster;
  tenantId: string;
  owner: ServerProcess;
  survivorId: string;
  survivor: ServerProcess;
}

/** Two nodes on the shared Janus, the demo tenant settled on its preferred node. */
async function twoNodes(names: string[]): Promise<TwoNodes> {
  const cluster = new E2eCluster(postgresUrl ?? '', redisUrl ?? '', {
    names,
    firstPort,
    dataRoot: `test-results/cluster-media-failover-${Date.now()}`,
    leaseTtlMs: LEASE_TTL_MS,
    env: await sharedJanus(e2ePort),
  });
  try {
    await cluster.start();
    const tenantId = await cluster.demoTenantId();
    const ownerId = await cluster.settledOwner(tenantId, LEASE_TTL_MS * 4 + 10_000);
    const survivorId = cluster.nodeIds.find((id) => id !== ownerId) ?? '';
    return { cluster, tenantId, owner: cluster.node(ownerId), survivorId, survivor: cluster.node(survivorId) };
  } catch (error) {
    await cluster.close();
    throw error;
  }
}

/** The owner dies; the survivor holds the tenant. */
async function killOwner({ cluster, tenantId, owner, survivorId }: TwoNodes): Promise<number> {
  const killedAt = Date.now();
  await owner.kill();
  await expect.poll(() => cluster.holder(tenantId), { timeout: 30_000 }).toBe(survivorId);
  return killedAt;
}

test('[PL38][PL7] the owner is killed mid-broadcast: the broadcast stays on air, the presenter publishes again and the viewer watches again, neither reloading', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const nodes = await twoNodes(['k1', 'k2']);
  const { cluster, survivor } = nodes;
  const presenterContext = await newPerson(browser);
  const viewerContext = await browser.newContext();
  try {
    const { dana, app } = await broadcastWatched(presenterContext, viewerContext, survivor, survivor);
    await expectSfuFlowing(app, 1);
    const [before] = (await sql(cluster.databaseUrl, `select room_id from media_rooms`)).rows;
    await markLegsOld(app);

    const killedAt = await killOwner(nodes);
    // The presenter's console publishes again on its own; the viewer's page takes its seat again
    // and receives the new feed on a new leg: frames decode again, in the same page.
    await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.', { timeout: 30_000 });
    await expect.poll(() => newLegsDecoding(app), { timeout: 60_000 }).toBe(1);
    console.log(`[PL38] broadcast back at the viewer ${Date.now() - killedAt} ms after the owner was killed`);
    await expect(dana.getByTestId('viewer-count')).toHaveText('1 viewer of 100');
    // A new room on the Janus; the dead one's record is gone.
    const rooms = (await sql(cluster.databaseUrl, `select room_id from media_rooms`)).rows;
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

test('[PL39][PL7] the owner is killed mid-conference: the call stays on the SFU with the colleague, and every feed decodes again in every browser', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const nodes = await twoNodes(['f1', 'f2']);
  const { cluster } = nodes;
  let conference: Conference | undefined;
  try {
    conference = await startConference(browser, { visitorBrowser: browser, baseURL: nodes.survivor.baseUrl });
    const { app, dana, sam } = conference;
    await expect(app.getByTestId('conference-members')).toContainText('Sam', { timeout: 30_000 });
    const sides: (Page | Frame)[] = [app, dana, sam];
    for (const side of sides) await expect.poll(() => newLegsDecoding(side), { timeout: 60_000 }).toBe(2);
    for (const side of sides) await markLegsOld(side);

    const killedAt = await killOwner(nodes);
    for (const side of sides) await expect.poll(() => newLegsDecoding(side), { timeout: 60_000 }).toBe(2);
    console.log(`[PL39] conference: every feed decoding again ${Date.now() - killedAt} ms after the owner was killed`);
    await expect(app.getByTestId('conference-members')).toContainText('Sam');
    const kept = await sql(cluster.databaseUrl, `select members_json from live_conferences`);
    expect(kept.rows).toHaveLength(1);

    await sam.getByTestId('conference-leave').click();
    await dana.getByTestId('end').click();
    await expect(app.getByTestId('closed-message')).toBeVisible();
    await expect.poll(async () => (await sql(cluster.databaseUrl, `select * from live_conferences`)).rows).toEqual([]);
  } finally {
    // Closed even when the set-up failed: live nodes would answer the next spec on these ports.
    await conference?.visitorContext.close();
    await conference?.danaContext.close();
    await conference?.samContext.close();
    await cluster.close();
  }
});

/** Tags the receiving legs open now, so that only legs made after can count as recovered. */
async function markLegsOld(side: Page | Frame): Promise<void> {
  await side.evaluate(() => {
    const hook = (window as unknown as { __parley?: { legs?: Set<object> } }).__parley;
    for (const leg of hook?.legs ?? []) Reflect.set(leg, 'e2eOld', true);
  });
}

/** How many receiving legs made since `markLegsOld` decoded more than 10 frames. */
function newLegsDecoding(side: Page | Frame): Promise<number> {
  return side.evaluate(async () => {
    interface Leg {
      peerConnection: RTCPeerConnection;
      kind: string;
    }
    const hook = (window as unknown as { __parley?: { legs?: Set<Leg> } }).__parley;
    let decoding = 0;
    for (const leg of hook?.legs ?? []) {
      if (leg.kind !== 'subscriber' || Reflect.get(leg, 'e2eOld') === true) continue;
      let frames = 0;
      (await leg.peerConnection.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      if (frames > 10) decoding += 1;
    }
    return decoding;
  });
}

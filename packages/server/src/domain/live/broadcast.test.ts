import { describe, expect, it } from 'vitest';
import { codeOfAsync as codeOf, restored, testOptions, world, type World } from '../../../test/fixtures.ts';
import { linkDefaults, type Link } from '../tenants/directory.ts';

/** Adds a link to the fixture tenant (and tells its live state, as the admin routes do). */
async function addLink(w: World, id: string, extra: Partial<Link>): Promise<Link> {
  const link: Link = { id, tenantId: 't1', key: `key-${id}`, name: id, ...linkDefaults, ...extra };
  await w.store.links.createLink(link);
  await w.board.directoryChanged();
  return link;
}

describe('broadcast links', () => {
  async function onAir(capacity = 2): Promise<{ w: World; link: Link }> {
    const w = await world(undefined, capacity);
    const link = await addLink(w, 'B', { mode: 'broadcast' });
    await w.store.links.assignConsultant('t1', 'B', 'c1');
    await w.board.directoryChanged();
    await w.board.consultantConnected(w.consultant(1));
    return { w, link };
  }

  it('[B1] only a consultant of the broadcast link goes on air; visitors cannot queue on it', async () => {
    const { w, link } = await onAir();
    await w.board.consultantConnected(w.consultant(2));
    expect(await codeOf(w.board.startBroadcast('c2', 'B'))).toBe('link_not_found');
    expect(await codeOf(w.board.startBroadcast('c1', 'L'))).toBe('wrong_link_mode');
    await w.board.startBroadcast('c1', 'B');
    await w.board.visitorConnected(w.visitor(1, link), link);
    expect(await codeOf(w.board.requestConversation(w.visitor(1, link).id, undefined))).toBe('wrong_link_mode');
    expect(w.outbox.to({ kind: 'link', linkId: 'B' })).toContainEqual({ type: 'availability', available: true });
  });

  it('[B2][B3][B5] viewers join without accepting; the presenter sees the count; past capacity: room_full', async () => {
    const { w, link } = await onAir(2);
    const viewer = async (n: number): Promise<string> => {
      await w.board.visitorConnected(w.visitor(n, link), link);
      return w.visitor(n, link).id;
    };
    const [v1, v2, v3] = [await viewer(1), await viewer(2), await viewer(3)];
    expect(await codeOf(w.board.joinBroadcast(v1))).toBe('broadcast_not_live');
    await w.board.startBroadcast('c1', 'B');
    await w.board.joinBroadcast(v1);
    await w.board.joinBroadcast(v2);
    expect(await codeOf(w.board.joinBroadcast(v3))).toBe('room_full');
    const counts = w.outbox
      .to({ kind: 'consultant', consultantId: 'c1' })
      .flatMap((m) => (m.type === 'broadcast.updated' ? [m.broadcast.viewers] : []));
    expect(counts).toEqual([0, 1, 2]);
    await w.board.leaveBroadcast(v1);
    await w.board.joinBroadcast(v3);
    expect(w.outbox.to({ kind: 'visitor', visitorId: v3 }).at(-1)).toEqual({
      type: 'broadcast.joined',
      linkId: 'B',
      joined: true,
    });
  });

  it('[B4] ending the broadcast ends it for every viewer; a presenter lost for good takes it down', async () => {
    const { w, link } = await onAir(5);
    await w.board.visitorConnected(w.visitor(1, link), link);
    const v1 = w.visitor(1, link).id;
    await w.board.startBroadcast('c1', 'B');
    await w.board.joinBroadcast(v1);
    await w.board.stopBroadcast('c1', 'B');
    expect(w.outbox.to({ kind: 'visitor', visitorId: v1 }).at(-1)).toMatchObject({ joined: false });
    await w.board.startBroadcast('c1', 'B');
    await w.board.joinBroadcast(v1);
    await w.board.consultantDisconnected('c1');
    w.runtime.advance(20_000);
    await w.board.settled();
    expect(w.outbox.to({ kind: 'link', linkId: 'B' }).at(-1)).toEqual({ type: 'availability', available: false });
    expect(w.outbox.to({ kind: 'visitor', visitorId: v1 }).at(-1)).toMatchObject({ joined: false });
  });

  it('[PL38] a broadcast on air is on air again after a restart: the presenter comes back to it, viewers take their seats again', async () => {
    const { w, link } = await onAir(5);
    await w.board.visitorConnected(w.visitor(1, link), link);
    const v1 = w.visitor(1, link).id;
    await w.board.startBroadcast('c1', 'B');
    await w.board.joinBroadcast(v1);
    w.board.feedsChanged({ kind: 'broadcast', linkId: 'B' }, ['c-c1']);

    const { board } = await restored(w);
    const visitor = await board.visitorConnected(w.visitor(1, link), link);
    // On air, the presenter's feed not yet back (they re-publish) and the seats empty until taken.
    expect(visitor.broadcasts).toEqual([
      expect.objectContaining({ live: true, presenterId: 'c1', feed: null, viewers: 0 }),
    ]);
    await board.joinBroadcast(v1);
    const presenter = await board.consultantConnected(w.consultant(1));
    expect(presenter.broadcasts).toEqual([expect.objectContaining({ live: true, presenterId: 'c1', viewers: 1 })]);
    expect(board.isAvailable('B')).toBe(true);

    await board.stopBroadcast('c1', 'B');
    expect(await w.store.conversations.listBroadcasts()).toEqual([]);
    const { board: again } = await restored(w);
    expect(again.isAvailable('B')).toBe(false);
  });

  it('[PL38][B4] restored, a presenter who does not come back within the grace period takes the broadcast off air, in storage too', async () => {
    const { w, link } = await onAir(5);
    await w.board.startBroadcast('c1', 'B');
    expect(await w.store.conversations.listBroadcasts()).toEqual([{ tenantId: 't1', linkId: 'B', presenterId: 'c1' }]);
    const { board, outbox } = await restored(w);
    await board.visitorConnected(w.visitor(1, link), link);
    w.runtime.advance(testOptions.consultantGraceMs);
    await board.settled();
    expect(outbox.to({ kind: 'link', linkId: 'B' }).at(-1)).toEqual({ type: 'availability', available: false });
    expect(await w.store.conversations.listBroadcasts()).toEqual([]);
  });

  it('[PL38] a broadcast whose link an admin moved away from its presenter meanwhile is not restored', async () => {
    const { w } = await onAir(5);
    await w.board.startBroadcast('c1', 'B');
    await w.store.links.unassignConsultant('t1', 'B', 'c1');
    const { board } = await restored(w);
    expect(board.isAvailable('B')).toBe(false);
    expect(await w.store.conversations.listBroadcasts()).toEqual([]);
  });
});

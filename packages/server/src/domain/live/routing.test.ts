import { describe, expect, it } from 'vitest';
import {
  codeOfAsync as codeOf,
  conversationViews as views,
  goAvailable as available,
  lastVisitorView as lastView,
  requestOn as request,
  world,
  type World,
} from '../../../test/fixtures.ts';
import { linkDefaults, type Link } from '../tenants/directory.ts';

/** Adds a link to the fixture tenant (and tells its live state, as the admin routes do). */
async function addLink(w: World, id: string, extra: Partial<Link>): Promise<Link> {
  const link: Link = { id, tenantId: 't1', key: `key-${id}`, name: id, ...linkDefaults, ...extra };
  await w.store.links.createLink(link);
  await w.board.directoryChanged();
  return link;
}

describe('routing modes', () => {
  it('[R2] a pool link rings any free consultant of its department, never one outside it', async () => {
    const w = await world();
    await w.store.departments.createDepartment({ id: 'sales', tenantId: 't1', name: 'Sales' });
    await w.store.consultants.updateConsultant('t1', 'c2', { departmentId: 'sales' });
    await w.store.consultants.updateConsultant('t1', 'c3', { departmentId: 'sales' });
    const pool = await addLink(w, 'P', { mode: 'pool', departmentId: 'sales' });
    await available(w, 1);
    await w.board.consultantConnected({ ...w.consultant(2), departmentId: 'sales' });
    await w.board.setAvailability('c2', true);
    w.runtime.advance(10);
    await w.board.consultantConnected({ ...w.consultant(3), departmentId: 'sales' });
    await w.board.setAvailability('c3', true);
    const first = await request(w, 1, pool);
    const second = await request(w, 2, pool);
    expect([first.consultantId, second.consultantId]).toEqual(['c2', 'c3']);
    const third = await request(w, 3, pool);
    expect(third).toMatchObject({ state: 'queued', queuePosition: 3 });
    expect(views(w.outbox.to({ kind: 'consultant', consultantId: 'c1' })).some((v) => v.linkId === 'P')).toBe(false);
  });

  it('[R4] a link with automatic acceptance connects on one click, without ringing', async () => {
    const w = await world();
    const auto = await addLink(w, 'A', { acceptance: 'automatic' });
    await w.store.links.assignConsultant('t1', 'A', 'c1');
    await w.board.directoryChanged();
    await available(w, 1);
    const view = await request(w, 1, auto);
    expect(view).toMatchObject({ state: 'active', consultantId: 'c1' });
  });

  it('[A1][R1] an admin assigning a consultant to a link makes it available and routes to them at once', async () => {
    const w = await world();
    const fresh = await addLink(w, 'N', {});
    await available(w, 1);
    await w.board.visitorConnected(w.visitor(1, fresh), fresh);
    expect(await codeOf(w.board.requestConversation(w.visitor(1, fresh).id, undefined))).toBe(
      'no_consultant_available',
    );
    await w.store.links.assignConsultant('t1', 'N', 'c1');
    await w.board.directoryChanged();
    expect(w.outbox.to({ kind: 'link', linkId: 'N' }).at(-1)).toEqual({ type: 'availability', available: true });
    expect((await w.board.requestConversation(w.visitor(1, fresh).id, undefined)).consultantId).toBe('c1');
  });
});

describe('accept, decline, queue', () => {
  it('[C5] a declined request rings the next eligible consultant, and closes when everyone declined', async () => {
    const w = await world();
    await available(w, 1);
    w.runtime.advance(10);
    await available(w, 2);
    const view = await request(w, 1);
    expect(view.consultantId).toBe('c1');
    await w.board.decline('c1', view.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ringing', consultantId: 'c2', queuePosition: 1 });
    await w.board.decline('c2', view.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'declined', closeReason: 'declined' });
  });

  it('[C9][C10] Queue parks the request without ringing again; any consultant of the link picks it', async () => {
    const w = await world();
    await available(w, 1);
    const view = await request(w, 1);
    await w.board.park('c1', view.id);
    w.runtime.advance(120_000);
    await w.board.settled();
    const rings = views(w.outbox.to({ kind: 'visitor', visitorId: w.visitor(1).id })).filter(
      (v) => v.state === 'ringing',
    );
    expect(rings).toHaveLength(1);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'queued', parked: true, queuePosition: 1 });
    // The next visitor is rung although the parked one is older.
    const next = await request(w, 2);
    expect(next).toMatchObject({ state: 'ringing', consultantId: 'c1', queuePosition: 2 });
    await available(w, 2);
    await w.board.pick('c2', view.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'active', consultantId: 'c2' });
  });

  it('[C10] picking needs availability and a free slot', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await w.board.consultantConnected(w.consultant(2));
    await w.board.setAvailability('c2', true);
    await w.board.setAvailability('c2', false);
    const second = await request(w, 2);
    expect(await codeOf(w.board.pick('c1', second.id))).toBe('at_capacity');
    expect(await codeOf(w.board.pick('c2', second.id))).toBe('forbidden');
  });
});

describe('several conversations at once (F-29)', () => {
  it('[Q3] a consultant with room for two is rung for two and talks to both', async () => {
    const w = await world();
    await available(w, 1, { maxConversations: 2 });
    const a = await request(w, 1);
    const b = await request(w, 2);
    const c = await request(w, 3);
    expect([a.state, b.state, c.state]).toEqual(['ringing', 'ringing', 'queued']);
    await w.board.accept('c1', a.id);
    await w.board.accept('c1', b.id);
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, a.id, 'x1', 'to a');
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, b.id, 'x1', 'to b');
    await w.board.end({ kind: 'consultant', consultantId: 'c1' }, a.id);
    expect(lastView(w, w.visitor(3).id)).toMatchObject({ state: 'ringing', consultantId: 'c1' });
  });
});

describe('honest queue', () => {
  it('[Q5] waiting visitors get an estimate from recent handling times, updated as the line moves', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    const second = await request(w, 2);
    expect(second.estimatedWaitMs).toBeNull(); // no history yet: no made-up number
    w.runtime.advance(60_000);
    await w.board.end({ kind: 'visitor', visitorId: w.visitor(1).id }, first.id);
    await w.board.accept('c1', second.id);
    const third = await request(w, 3);
    const fourth = await request(w, 4);
    expect([third.estimatedWaitMs, fourth.estimatedWaitMs]).toEqual([30_000, 90_000]);
    await w.board.cancel(w.visitor(3).id, third.id);
    expect(lastView(w, w.visitor(4).id)).toMatchObject({ queuePosition: 1, estimatedWaitMs: 30_000 });
  });

  it('[Q6] after the wait limit, or with nobody left, a waiting visitor may leave a message', async () => {
    const w = await world();
    await w.store.links.updateLink('t1', 'L', { maxWaitMs: 60_000 });
    await w.board.directoryChanged();
    const link = { ...w.link, maxWaitMs: 60_000 };
    await available(w, 1);
    const first = await request(w, 1, link);
    await w.board.accept('c1', first.id);
    const second = await request(w, 2, link);
    expect(second.canLeaveMessage).toBe(false);
    w.runtime.advance(59_999);
    await w.board.settled();
    expect(lastView(w, w.visitor(2).id)?.canLeaveMessage).toBe(false);
    w.runtime.advance(1);
    await w.board.settled();
    expect(lastView(w, w.visitor(2).id)).toMatchObject({ state: 'queued', canLeaveMessage: true });
    const third = await request(w, 3, link);
    expect(third.canLeaveMessage).toBe(false);
    await w.board.setAvailability('c1', false);
    expect(lastView(w, w.visitor(3).id)?.canLeaveMessage).toBe(true);
  });
});

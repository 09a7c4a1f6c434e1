import { describe, expect, it } from 'vitest';
import {
  codeOfAsync as codeOf,
  conversationViews as views,
  goAvailable as available,
  world,
  type World,
} from '../../../test/fixtures.ts';
import { linkDefaults, type Link } from '../tenants/directory.ts';
import { choosableDepartments } from './departmentChoice.ts';

/**
 * A tenant with Sales (c1, c2) and Support (c3), a pool link serving everyone (no department) and
 * a pool link fixed to Sales.
 */
async function departments(w: World): Promise<{ anyone: Link; salesOnly: Link }> {
  await w.store.departments.createDepartment({ id: 'sales', tenantId: 't1', name: 'Sales' });
  await w.store.departments.createDepartment({ id: 'support', tenantId: 't1', name: 'Support' });
  await w.store.departments.createDepartment({ id: 'empty', tenantId: 't1', name: 'Nobody here' });
  for (const [id, departmentId] of [
    ['c1', 'sales'],
    ['c2', 'sales'],
    ['c3', 'support'],
  ] as const) {
    await w.store.consultants.updateConsultant('t1', id, { departmentId });
  }
  const anyone: Link = { id: 'P', tenantId: 't1', key: 'key-p', name: 'Pool', ...linkDefaults, mode: 'pool' };
  const salesOnly: Link = { ...anyone, id: 'S', key: 'key-s', departmentId: 'sales' };
  await w.store.links.createLink(anyone);
  await w.store.links.createLink(salesOnly);
  await w.board.directoryChanged();
  return { anyone, salesOnly };
}

describe('the visitor chooses a department', () => {
  it('[DC1] a pool link without a department offers its staffed departments by name; a fixed one offers none', async () => {
    const w = await world();
    const { anyone, salesOnly } = await departments(w);
    const welcome = await w.board.visitorConnected(w.visitor(1, anyone), anyone);
    expect(welcome.link?.departments).toEqual([
      { id: 'sales', name: 'Sales' },
      { id: 'support', name: 'Support' },
    ]);
    expect((await w.board.visitorConnected(w.visitor(2, salesOnly), salesOnly)).link?.departments).toEqual([]);
    expect((await w.board.visitorConnected(w.visitor(3), w.link)).link?.departments).toEqual([]);
    // One staffed department is no choice.
    const sales = { id: 'sales', tenantId: 't1', name: 'Sales' };
    expect(choosableDepartments(anyone, [sales], [{ departmentId: 'sales', active: true }])).toEqual([]);
    expect(
      choosableDepartments(
        anyone,
        [sales, { id: 'support', tenantId: 't1', name: 'Support' }],
        [
          { departmentId: 'sales', active: true },
          { departmentId: 'support', active: false },
        ],
      ),
    ).toEqual([]);
  });

  it('[DC2] a request for a department rings only its consultants, even when another has been idle longer', async () => {
    const w = await world();
    const { anyone } = await departments(w);
    await available(w, 1, { departmentId: 'sales' }); // idle longest
    w.runtime.advance(10);
    await available(w, 3, { departmentId: 'support' });
    const visitor = w.visitor(1, anyone);
    await w.board.visitorConnected(visitor, anyone);
    const view = await w.board.requestConversation(visitor.id, undefined, undefined, { departmentId: 'support' });
    expect(view).toMatchObject({ state: 'ringing', consultantId: 'c3' });
    // Without a choice the longest idle of the link is rung, as before ([Q4]).
    const other = w.visitor(2, anyone);
    await w.board.visitorConnected(other, anyone);
    expect(await w.board.requestConversation(other.id, undefined)).toMatchObject({
      state: 'ringing',
      consultantId: 'c1',
    });
  });

  it('[DC2] while nobody of the chosen department is free it waits in their queue alone, with a message offered', async () => {
    const w = await world();
    const { anyone } = await departments(w);
    await available(w, 1, { departmentId: 'sales' });
    await w.board.consultantConnected({ ...w.consultant(3), departmentId: 'support' });
    const visitor = w.visitor(1, anyone);
    await w.board.visitorConnected(visitor, anyone);
    const view = await w.board.requestConversation(visitor.id, undefined, undefined, { departmentId: 'support' });
    // [Q6] Nobody available serves it: leave a message is offered; Sales is never rung or shown it.
    expect(view).toMatchObject({ state: 'queued', queuePosition: 1, canLeaveMessage: true });
    expect(views(w.outbox.to({ kind: 'consultant', consultantId: 'c1' })).some((v) => v.id === view.id)).toBe(false);
    expect(views(w.outbox.to({ kind: 'consultant', consultantId: 'c3' })).some((v) => v.id === view.id)).toBe(true);
    // [C10] Sales cannot pick it from a queue they do not see.
    expect(await codeOf(w.board.pick('c1', view.id))).toBe('conversation_not_found');
    // Support comes: it rings them.
    await w.board.setAvailability('c3', true);
    expect(views(w.outbox.to({ kind: 'consultant', consultantId: 'c3' })).at(-1)).toMatchObject({
      id: view.id,
      state: 'ringing',
      consultantId: 'c3',
    });
  });

  it('[DC2] declined by the last consultant of the department, it closes as declined', async () => {
    const w = await world();
    const { anyone } = await departments(w);
    await available(w, 1, { departmentId: 'sales' });
    await available(w, 3, { departmentId: 'support' });
    const visitor = w.visitor(1, anyone);
    await w.board.visitorConnected(visitor, anyone);
    const view = await w.board.requestConversation(visitor.id, undefined, undefined, { departmentId: 'support' });
    await w.board.decline('c3', view.id);
    expect(views(w.outbox.to({ kind: 'visitor', visitorId: visitor.id })).at(-1)?.state).toBe('declined');
  });

  it('[DC1] a choice is refused where the link offers none, and a department not offered is not found', async () => {
    const w = await world();
    const { anyone, salesOnly } = await departments(w);
    await available(w, 1, { departmentId: 'sales' });
    await available(w, 3, { departmentId: 'support' });
    const fixed = w.visitor(1, salesOnly);
    await w.board.visitorConnected(fixed, salesOnly);
    expect(await codeOf(w.board.requestConversation(fixed.id, undefined, undefined, { departmentId: 'sales' }))).toBe(
      'invalid_message',
    );
    const visitor = w.visitor(2, anyone);
    await w.board.visitorConnected(visitor, anyone);
    expect(await codeOf(w.board.requestConversation(visitor.id, undefined, undefined, { departmentId: 'empty' }))).toBe(
      'not_found',
    );
    expect(
      await codeOf(w.board.requestConversation(visitor.id, undefined, undefined, { departmentId: 'dep_elsewhere' })),
    ).toBe('not_found');
  });

  it('[DC2][P5] the chosen department survives a restart', async () => {
    const w = await world();
    const { anyone } = await departments(w);
    await w.board.consultantConnected({ ...w.consultant(1), departmentId: 'sales' });
    await w.board.consultantConnected({ ...w.consultant(3), departmentId: 'support' });
    await w.board.setAvailability('c1', true);
    await w.board.setAvailability('c3', true);
    await w.board.setAvailability('c3', false);
    const visitor = w.visitor(1, anyone);
    await w.board.visitorConnected(visitor, anyone);
    const view = await w.board.requestConversation(visitor.id, undefined, undefined, { departmentId: 'support' });
    expect(view.state).toBe('queued');
    w.restart();
    await w.live.restore();
    await w.board.consultantConnected({ ...w.consultant(1), departmentId: 'sales' });
    expect(views(w.outbox.to({ kind: 'consultant', consultantId: 'c1' })).filter((v) => v.id === view.id)).toEqual([]);
    expect((await w.store.conversations.getConversation('t1', view.id))?.departmentId).toBe('support');
  });
});

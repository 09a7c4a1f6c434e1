import type { ConversationView } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import {
  codeOfAsync as codeOf,
  conversationViews as conversations,
  goAvailable as available,
  lastVisitorView as lastView,
  world,
  type World,
} from '../../../test/fixtures.ts';

async function request(w: World, n: number): Promise<ConversationView> {
  const v = w.visitor(n);
  await w.board.visitorConnected(v, w.link);
  return w.board.requestConversation(v.id, undefined);
}

describe('conversation commands: request, ring, accept, decline, cancel, end', () => {
  it('[Q0] refuses a request while nobody is available, and a second open request', async () => {
    const w = await world();
    const v = w.visitor(1);
    await w.board.visitorConnected(v, w.link);
    expect(await codeOf(w.board.requestConversation(v.id, undefined))).toBe('no_consultant_available');
    await available(w, 1);
    await w.board.requestConversation(v.id, 'Ann');
    expect(await codeOf(w.board.requestConversation(v.id, undefined))).toBe('already_in_conversation');
  });

  it('[C2][Q4] a request rings the longest-idle available consultant of its link only', async () => {
    const w = await world();
    await available(w, 3); // other link
    await available(w, 1);
    w.runtime.advance(1000);
    await available(w, 2);
    const view = await request(w, 1);
    expect(view.state).toBe('ringing');
    expect(view.consultantId).toBe('c1');
    expect(conversations(w.outbox.to({ kind: 'consultant', consultantId: 'c1' })).at(-1)?.state).toBe('ringing');
    expect(conversations(w.outbox.to({ kind: 'consultant', consultantId: 'c3' }))).toEqual([]);
  });

  it('[Q2] waiting visitors see their position and it moves up as others are served', async () => {
    const w = await world();
    await available(w, 1);
    await request(w, 1);
    const second = await request(w, 2);
    const third = await request(w, 3);
    expect([second.queuePosition, third.queuePosition]).toEqual([2, 3]);
    const first = lastView(w, w.visitor(1).id);
    await w.board.accept('c1', first?.id ?? '');
    expect(lastView(w, w.visitor(2).id)?.queuePosition).toBe(1);
    expect(lastView(w, w.visitor(3).id)?.queuePosition).toBe(2);
  });

  it('[C14] colleagues see a request while it waits in their queue, and the update that takes it out, not the call', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    const second = await request(w, 2); // c1 is at capacity: it waits
    await w.board.consultantConnected(w.consultant(2)); // connects while it waits, unavailable
    const seenBy = (id: string, conversationId: string) =>
      conversations(w.outbox.to({ kind: 'consultant', consultantId: id }))
        .filter((c) => c.id === conversationId)
        .map((c) => c.state);
    w.outbox.clear();
    await w.board.setHold('c1', first.id, true);
    await w.board.setHold('c1', first.id, false);
    await w.board.end({ kind: 'consultant', consultantId: 'c1' }, first.id); // c1 is free: the second rings c1
    await w.board.accept('c1', second.id);
    await w.board.setHold('c1', second.id, true);
    expect(seenBy('c1', first.id)).toEqual(['active', 'active', 'ended']);
    expect(seenBy('c2', first.id)).toEqual([]);
    // c2's queue panel showed the second request (from its welcome): it learns it left the queue.
    expect(seenBy('c2', second.id)).toEqual(['ringing']);
    expect(seenBy('c1', second.id)).toEqual(['ringing', 'active', 'active']);
    expect(conversations(w.outbox.to({ kind: 'consultant', consultantId: 'c3' }))).toEqual([]);
  });

  it('[C3] accepting starts the conversation for both sides; others cannot accept it', async () => {
    const w = await world();
    await available(w, 1);
    await available(w, 2);
    const view = await request(w, 1);
    const rungFor = view.consultantId ?? '';
    const other = rungFor === 'c1' ? 'c2' : 'c1';
    expect(await codeOf(w.board.accept(other, view.id))).toBe('conversation_not_found');
    await w.board.accept(rungFor, view.id);
    const seen = lastView(w, w.visitor(1).id);
    expect(seen).toMatchObject({
      state: 'active',
      consultantName: rungFor === 'c1' ? 'Consultant 1' : 'Consultant 2',
      queuePosition: null,
    });
  });

  it('[C4] an unanswered ring returns to the queue and is offered to the other consultant', async () => {
    const w = await world();
    await available(w, 1);
    w.runtime.advance(10);
    await available(w, 2);
    const view = await request(w, 1);
    expect(view.consultantId).toBe('c1');
    w.runtime.advance(30_000);
    await w.board.settled();
    const after = lastView(w, w.visitor(1).id);
    expect(after).toMatchObject({ state: 'ringing', consultantId: 'c2', queuedAt: view.queuedAt });
  });

  it('[C4] with one consultant, an unanswered ring rings them again', async () => {
    const w = await world();
    await available(w, 1);
    await request(w, 1);
    w.runtime.advance(30_000);
    await w.board.settled();
    const states = conversations(w.outbox.to({ kind: 'visitor', visitorId: w.visitor(1).id })).map((v) => v.state);
    expect(states).toEqual(['queued', 'ringing', 'queued', 'ringing']);
  });

  it('[C5] a declined request closes as declined and the next waiting request rings', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await request(w, 2);
    await w.board.decline('c1', first.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'declined', closeReason: 'declined' });
    expect(lastView(w, w.visitor(2).id)).toMatchObject({ state: 'ringing', consultantId: 'c1', queuePosition: 1 });
  });

  it('[C6] a visitor can cancel while waiting; a ringing consultant is freed', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await request(w, 2);
    await w.board.cancel(w.visitor(1).id, first.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'abandoned', closeReason: 'visitor_cancelled' });
    expect(lastView(w, w.visitor(2).id)?.state).toBe('ringing');
  });

  it('[C7] either side ends the conversation for both, and the consultant takes the next one', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await request(w, 2);
    expect(lastView(w, w.visitor(2).id)?.state).toBe('queued');
    await w.board.end({ kind: 'visitor', visitorId: w.visitor(1).id }, first.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ended', closeReason: 'visitor_ended' });
    const toConsultant = conversations(w.outbox.to({ kind: 'consultant', consultantId: 'c1' }));
    expect(toConsultant.find((v) => v.id === first.id && v.state === 'ended')).toBeTruthy();
    expect(lastView(w, w.visitor(2).id)?.state).toBe('ringing');
    expect(await codeOf(w.board.end({ kind: 'consultant', consultantId: 'c1' }, first.id))).toBe(
      'conversation_not_found',
    );
  });

  it('persists every state change with its timestamps', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    w.runtime.advance(2000);
    await w.board.accept('c1', first.id);
    const row = await w.store.conversations.getConversation('t1', first.id);
    expect(row?.state.name).toBe('active');
    expect(row?.acceptedAt).toBe(first.queuedAt + 2000);
  });
});

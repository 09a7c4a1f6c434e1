import type { ConversationView } from '@parley/protocol';
import { describe, expect, it, vi } from 'vitest';
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

describe('switchboard', () => {
  it('[Q0] refuses a request while nobody is available, and a second open request', async () => {
    const w = await world();
    const v = w.visitor(1);
    await w.board.visitorConnected(v, w.link);
    expect(await codeOf(w.board.requestConversation(v.id, undefined))).toBe('no_consultant_available');
    await available(w, 1);
    await w.board.requestConversation(v.id, 'Ann');
    expect(await codeOf(w.board.requestConversation(v.id, undefined))).toBe('already_in_conversation');
  });

  it('[A1] visitors of a link learn availability changes live', async () => {
    const w = await world();
    await w.board.visitorConnected(w.visitor(1), w.link);
    await available(w, 1);
    await w.board.setAvailability('c1', false);
    expect(w.outbox.to({ kind: 'link', linkId: 'L' })).toEqual([
      { type: 'availability', available: true },
      { type: 'availability', available: false },
    ]);
    expect(w.outbox.to({ kind: 'link', linkId: 'M' })).toEqual([]);
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

  it('[P1] going unavailable withdraws a ring but keeps an active call', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await w.board.setAvailability('c1', false);
    expect(lastView(w, w.visitor(1).id)?.state).toBe('active');
    await w.board.setAvailability('c1', true);
    await w.board.end({ kind: 'consultant', consultantId: 'c1' }, first.id);
    const second = await request(w, 2);
    expect(second.state).toBe('ringing');
    await w.board.setAvailability('c1', false);
    expect(lastView(w, w.visitor(2).id)).toMatchObject({ state: 'queued', queuePosition: 1 });
  });

  it('[P2] a consultant who closes the tab is unavailable after the grace period; waiting visitors are told', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await request(w, 2);
    await w.board.consultantDisconnected('c1');
    w.runtime.advance(19_999);
    await w.board.settled();
    expect(lastView(w, w.visitor(1).id)?.state).toBe('active');
    w.runtime.advance(1);
    await w.board.settled();
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ended', closeReason: 'consultant_left' });
    expect(w.outbox.to({ kind: 'link', linkId: 'L' }).at(-1)).toEqual({ type: 'availability', available: false });
    expect(lastView(w, w.visitor(2).id)?.state).toBe('queued');
  });

  it('[P2] a consultant who reconnects within the grace period keeps their call', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await w.board.consultantDisconnected('c1');
    w.runtime.advance(10_000);
    const welcome = await w.board.consultantConnected(w.consultant(1));
    w.runtime.advance(60_000);
    await w.board.settled();
    expect(welcome.available).toBe(true);
    expect(welcome.conversations.map((v) => v.state)).toEqual(['active']);
    expect(lastView(w, w.visitor(1).id)?.state).toBe('active');
  });

  it('[P3] a visitor gone longer than the grace period abandons the queue or ends the call', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await request(w, 2);
    await w.board.visitorDisconnected(w.visitor(1).id);
    await w.board.visitorDisconnected(w.visitor(2).id);
    w.runtime.advance(15_000);
    await w.board.settled();
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ended', closeReason: 'visitor_left' });
    expect(lastView(w, w.visitor(2).id)).toMatchObject({ state: 'abandoned', closeReason: 'visitor_left' });
  });

  it('[P3] a visitor who reloads within the grace period gets the conversation and its messages back', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await w.board.sendChat({ kind: 'visitor', visitorId: w.visitor(1).id }, first.id, 'm1', 'hello');
    await w.board.visitorDisconnected(w.visitor(1).id);
    w.runtime.advance(5_000);
    const welcome = await w.board.visitorConnected(w.visitor(1), w.link);
    expect(welcome.conversations.map((v) => v.state)).toEqual(['active']);
    expect(welcome.messages.map((m) => m.text)).toEqual(['hello']);
  });

  it('[M1] chat flows both ways only while active, and a resent clientId is stored once', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    const visitor = { kind: 'visitor' as const, visitorId: w.visitor(1).id };
    expect(await codeOf(w.board.sendChat(visitor, first.id, 'a', 'too early'))).toBe('illegal_transition');
    await w.board.accept('c1', first.id);
    const sent = await w.board.sendChat(visitor, first.id, 'a', 'hi');
    const again = await w.board.sendChat(visitor, first.id, 'a', 'hi');
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, first.id, 'a', 'hello back');
    expect(again.id).toBe(sent.id);
    const stored = await w.store.conversations.listMessages('t1', first.id);
    expect(stored.map((m) => [m.sender, m.text])).toEqual([
      ['visitor', 'hi'],
      ['consultant', 'hello back'],
    ]);
    const toConsultant = w.outbox
      .to({ kind: 'consultant', consultantId: 'c1' })
      .filter((m) => m.type === 'chat.message');
    expect(toConsultant).toHaveLength(3);
  });

  it('[M4] chat sent in one turn is stored in one write and delivered before a command that follows it', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    const writes = vi.spyOn(w.store.conversations, 'appendMessages');
    const visitor = { kind: 'visitor' as const, visitorId: w.visitor(1).id };
    const sent = ['one', 'two', 'three'].map((text, i) => w.board.sendChat(visitor, first.id, `c${i}`, text));
    const ended = w.board.end({ kind: 'consultant', consultantId: 'c1' }, first.id);
    expect((await Promise.all(sent)).map((m) => m.text)).toEqual(['one', 'two', 'three']);
    await ended;
    expect(writes).toHaveBeenCalledTimes(1);
    expect(writes.mock.calls[0]?.[0].map((m) => m.text)).toEqual(['one', 'two', 'three']);
    const toVisitor = w.outbox
      .to(visitor)
      .flatMap((m) =>
        m.type === 'chat.message' ? [m.message.text] : m.type === 'conversation.updated' ? [m.conversation.state] : [],
      );
    expect(toVisitor.slice(-4)).toEqual(['one', 'two', 'three', 'ended']);
  });

  it('[M2] signals go only to the other side; strangers cannot reach a conversation', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    await w.board.visitorConnected(w.visitor(9), w.link);
    const signal = { kind: 'restart' as const, epoch: 'e1' };
    await w.board.relaySignal({ kind: 'visitor', visitorId: w.visitor(1).id }, first.id, signal);
    expect(w.outbox.to({ kind: 'consultant', consultantId: 'c1' }).at(-1)).toEqual({
      type: 'rtc.signal',
      conversationId: first.id,
      signal,
    });
    expect(await codeOf(w.board.relaySignal({ kind: 'visitor', visitorId: w.visitor(9).id }, first.id, signal))).toBe(
      'conversation_not_found',
    );
    expect(await codeOf(w.board.sendChat({ kind: 'consultant', consultantId: 'c3' }, first.id, 'x', 'hi'))).toBe(
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

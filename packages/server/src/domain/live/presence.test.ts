import type { ConversationView } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { goAvailable as available, lastVisitorView as lastView, world, type World } from '../../../test/fixtures.ts';

async function request(w: World, n: number): Promise<ConversationView> {
  const v = w.visitor(n);
  await w.board.visitorConnected(v, w.link);
  return w.board.requestConversation(v.id, undefined);
}

describe('presence: availability, grace periods, reconnecting', () => {
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

  it('[T9][DV1][DV2] a deactivated consultant is signed out; their call waits again at its place, their ring rings others', async () => {
    const w = await world();
    await available(w, 1, { maxConversations: 2 });
    await w.board.consultantConnected(w.consultant(2));
    const first = await request(w, 1);
    await w.board.accept('c1', first.id);
    w.runtime.advance(10);
    expect((await request(w, 2)).state).toBe('ringing');
    w.runtime.advance(10);
    expect(await request(w, 3)).toMatchObject({ state: 'queued', queuePosition: 2 }); // [Q2] behind the ring

    await w.store.consultants.updateConsultant('t1', 'c1', { active: false });
    await w.board.directoryChanged();
    expect(w.outbox.to({ kind: 'consultant', consultantId: 'c1' }).at(-1)).toEqual({
      type: 'session.ended',
      reason: 'account_deactivated',
    });
    // The visitor in the call waits again, ahead of those who asked after them.
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ id: first.id, state: 'queued', queuePosition: 1 });
    expect(lastView(w, w.visitor(2).id)).toMatchObject({ state: 'queued', queuePosition: 2 });
    expect(lastView(w, w.visitor(3).id)).toMatchObject({ state: 'queued', queuePosition: 3 });

    // A colleague coming free is rung for them in their original order.
    await w.board.setAvailability('c2', true);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ringing', consultantId: 'c2' });
    expect(lastView(w, w.visitor(2).id)).toMatchObject({ state: 'queued', queuePosition: 2 });
    await w.board.accept('c2', first.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'active', consultantId: 'c2' });
  });

  it('[DV3] a request ringing for a consultant who is deactivated rings a free colleague at once', async () => {
    const w = await world();
    await available(w, 1);
    await w.board.consultantConnected(w.consultant(2));
    const ringing = await request(w, 1);
    expect(ringing).toMatchObject({ state: 'ringing', consultantId: 'c1' });
    await w.board.setAvailability('c2', true);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ringing', consultantId: 'c1' });
    await w.store.consultants.updateConsultant('t1', 'c1', { active: false });
    await w.board.directoryChanged();
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ringing', consultantId: 'c2' });
  });
});

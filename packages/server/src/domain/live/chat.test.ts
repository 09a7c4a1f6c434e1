import type { ConversationView } from '@parley/protocol';
import { describe, expect, it, vi } from 'vitest';
import { codeOfAsync as codeOf, goAvailable as available, world, type World } from '../../../test/fixtures.ts';

async function request(w: World, n: number): Promise<ConversationView> {
  const v = w.visitor(n);
  await w.board.visitorConnected(v, w.link);
  return w.board.requestConversation(v.id, undefined);
}

describe('chat and signals of an active call', () => {
  it('[M1][M8] chat flows both ways while active, a waiting visitor may already write, a resent clientId is stored once', async () => {
    const w = await world();
    await available(w, 1);
    const first = await request(w, 1);
    const visitor = { kind: 'visitor' as const, visitorId: w.visitor(1).id };
    const c1 = { kind: 'consultant' as const, consultantId: 'c1' };
    // [M8] Ringing: the visitor writes (it reaches only them for now); the rung consultant cannot yet.
    expect((await w.board.sendChat(visitor, first.id, 'w', 'while waiting')).text).toBe('while waiting');
    expect(await codeOf(w.board.sendChat(c1, first.id, 'x', 'too early'))).toBe('illegal_transition');
    expect(w.outbox.to(c1).filter((m) => m.type === 'chat.message')).toHaveLength(0);
    const ring = w.outbox.to(c1).findLast((m) => m.type === 'conversation.updated');
    expect(ring?.type === 'conversation.updated' && ring.conversation.firstMessage).toBe('while waiting');
    await w.board.accept('c1', first.id);
    const sent = await w.board.sendChat(visitor, first.id, 'a', 'hi');
    const again = await w.board.sendChat(visitor, first.id, 'a', 'hi');
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, first.id, 'a', 'hello back');
    expect(again.id).toBe(sent.id);
    const stored = await w.store.conversations.listMessages('t1', first.id);
    expect(stored.map((m) => [m.sender, m.text])).toEqual([
      ['visitor', 'while waiting'],
      ['visitor', 'hi'],
      ['consultant', 'hello back'],
    ]);
    const toConsultant = w.outbox.to(c1).flatMap((m) => (m.type === 'chat.message' ? [m.message.text] : []));
    // The history on accept, then the live ones (a resent message is delivered again, stored once).
    expect(toConsultant).toEqual(['while waiting', 'hi', 'hi', 'hello back']);
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

  it('[IA1] while a request rings, signals pass between the visitor and the rung consultant only', async () => {
    const w = await world();
    await available(w, 1);
    await available(w, 2);
    const first = await request(w, 1);
    const visitor = { kind: 'visitor' as const, visitorId: w.visitor(1).id };
    const rung = w.outbox.to({ kind: 'consultant', consultantId: 'c1' }).some((m) => m.type === 'conversation.updated');
    const c1 = { kind: 'consultant' as const, consultantId: rung ? 'c1' : 'c2' };
    const other = { kind: 'consultant' as const, consultantId: rung ? 'c2' : 'c1' };
    const ask = { kind: 'restart' as const, epoch: 'pre' };
    const offer = { kind: 'offer' as const, epoch: 'pre', sdp: 'v=0' };
    await w.board.relaySignal(c1, first.id, ask);
    await w.board.relaySignal(visitor, first.id, offer);
    expect(w.outbox.to(visitor).at(-1)).toEqual({ type: 'rtc.signal', conversationId: first.id, signal: ask });
    expect(w.outbox.to(c1).at(-1)).toEqual({ type: 'rtc.signal', conversationId: first.id, signal: offer });
    // A colleague it does not ring for neither sends nor receives anything of it.
    expect(await codeOf(w.board.relaySignal(other, first.id, ask))).toBe('conversation_not_found');
    expect(w.outbox.to(other).some((m) => m.type === 'rtc.signal')).toBe(false);
    // Declined by the rung consultant, it rings the colleague: the first one is cut off at once.
    await w.board.decline(c1.consultantId, first.id);
    expect(await codeOf(w.board.relaySignal(c1, first.id, ask))).toBe('conversation_not_found');
    await w.board.relaySignal(other, first.id, ask);
    await w.board.relaySignal(visitor, first.id, offer);
    expect(w.outbox.to(other).at(-1)).toEqual({ type: 'rtc.signal', conversationId: first.id, signal: offer });
    expect(w.outbox.to(c1).filter((m) => m.type === 'rtc.signal')).toHaveLength(1);
    // Cancelled (closed, it leaves the live state), nothing passes any more.
    await w.board.cancel(visitor.visitorId, first.id);
    expect(await codeOf(w.board.relaySignal(visitor, first.id, offer))).toBe('conversation_not_found');
  });

  it('[IA1] a queued request that rings nobody carries no signals', async () => {
    const w = await world();
    await available(w, 1);
    const busy = await request(w, 1);
    await w.board.accept('c1', busy.id);
    const waiting = await request(w, 2);
    const visitor = { kind: 'visitor' as const, visitorId: w.visitor(2).id };
    expect(await codeOf(w.board.relaySignal(visitor, waiting.id, { kind: 'restart', epoch: 'x' }))).toBe(
      'illegal_transition',
    );
  });
});

import type { ConversationView } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { codeOfAsync as codeOf, lastVisitorView as lastView, world, type World } from '../../../test/fixtures.ts';

async function inCall(w: World): Promise<ConversationView> {
  await w.board.consultantConnected(w.consultant(1));
  await w.board.setAvailability('c1', true);
  const v = w.visitor(1);
  await w.board.visitorConnected(v, w.link);
  const view = await w.board.requestConversation(v.id, 'Vi');
  await w.board.accept('c1', view.id);
  return view;
}

const visitor = (w: World) => ({ kind: 'visitor' as const, visitorId: w.visitor(1).id });

describe('hold, transfer and wrap-up', () => {
  it('[C11] on hold the visitor is told and the server refuses their messages until resumed', async () => {
    const w = await world();
    const call = await inCall(w);
    await w.board.setHold('c1', call.id, true);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'active', held: true });
    expect(await codeOf(w.board.sendChat(visitor(w), call.id, 'a', 'hello?'))).toBe('on_hold');
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, call.id, 'b', 'one moment');
    expect(await codeOf(w.board.setHold('c2', call.id, false))).toBe('conversation_not_found');
    await w.board.setHold('c1', call.id, false);
    expect(lastView(w, w.visitor(1).id)?.held).toBe(false);
    await w.board.sendChat(visitor(w), call.id, 'a', 'back');
    expect((await w.store.conversations.listMessages('t1', call.id)).map((m) => m.text)).toEqual([
      'one moment',
      'back',
    ]);
  });

  it('[C14] a colleague of another link rung by a transfer sees it on reconnecting; the transferrer no longer does', async () => {
    const w = await world();
    const call = await inCall(w);
    await w.board.consultantConnected(w.consultant(3)); // c3 serves link M only
    await w.board.setAvailability('c3', true);
    await w.board.transfer('c1', call.id, { kind: 'consultant', consultantId: 'c3' }, 'expert');
    const ids = (welcome: { conversations: ConversationView[] }) => welcome.conversations.map((c) => c.id);
    expect(ids(await w.board.consultantConnected(w.consultant(3)))).toEqual([call.id]);
    expect(ids(await w.board.consultantConnected(w.consultant(1)))).toEqual([]);
  });

  it('[S8] a conference is left, not transferred; unanswered invitations lapse with a transfer', async () => {
    const w = await world();
    const call = await inCall(w);
    await w.board.consultantConnected(w.consultant(2));
    await w.board.setAvailability('c2', true);
    await w.board.inviteToConference('c1', call.id, 'c2');
    await w.board.joinConference('c2', call.id);
    expect(await codeOf(w.board.transfer('c1', call.id, { kind: 'link', linkId: 'M' }, ''))).toBe('illegal_transition');
    await w.board.leaveConference('c2', call.id);
    await w.board.inviteToConference('c1', call.id, 'c2');
    // Only the call's consultant transfers it; a refused transfer leaves the invitation standing.
    expect(await codeOf(w.board.transfer('c2', call.id, { kind: 'consultant', consultantId: 'c2' }, ''))).toBe(
      'forbidden',
    );
    await w.board.declineConference('c2', call.id); // still invited, so they can still say no
    await w.board.inviteToConference('c1', call.id, 'c2');
    await w.board.transfer('c1', call.id, { kind: 'link', linkId: 'M' }, 'wrong queue');
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'queued', linkId: 'M', invited: [], members: [] });
    expect(await codeOf(w.board.joinConference('c2', call.id))).toBe('conversation_not_found');
  });

  it('[C12] a transfer to a colleague rings them; the visitor stays; the reason is in the notes', async () => {
    const w = await world();
    const call = await inCall(w);
    await w.board.sendChat(visitor(w), call.id, 'm1', 'I need billing');
    expect(await codeOf(w.board.transfer('c1', call.id, { kind: 'consultant', consultantId: 'c2' }, 'billing'))).toBe(
      'transfer_target_unavailable',
    );
    await w.board.consultantConnected(w.consultant(2));
    await w.board.setAvailability('c2', true);
    await w.board.transfer('c1', call.id, { kind: 'consultant', consultantId: 'c2' }, 'billing question');
    expect(lastView(w, w.visitor(1).id)).toMatchObject({
      state: 'ringing',
      consultantId: 'c2',
      transferredFrom: 'Consultant 1',
    });
    await w.board.accept('c2', call.id);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'active', consultantId: 'c2' });
    const history = w.outbox
      .to({ kind: 'consultant', consultantId: 'c2' })
      .flatMap((m) => (m.type === 'chat.message' ? [m.message.text] : []));
    expect(history).toEqual(['I need billing']); // the history goes along
    const notes = await w.store.conversations.listNotes('t1', call.id);
    expect(notes).toMatchObject([
      { authorId: 'c1', authorName: 'Consultant 1', text: '⇄ Consultant 2: billing question' },
    ]);
    // The first consultant is free again.
    expect(await codeOf(w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, call.id, 'x', 'hi'))).toBe(
      'conversation_not_found',
    );
  });

  it("[C12] a transfer to another link's queue waits there for that link's consultants", async () => {
    const w = await world();
    const call = await inCall(w);
    await w.board.transfer('c1', call.id, { kind: 'link', linkId: 'M' }, 'wrong department');
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'queued', linkId: 'M', queuePosition: 1 });
    await w.board.consultantConnected(w.consultant(3));
    await w.board.setAvailability('c3', true);
    expect(lastView(w, w.visitor(1).id)).toMatchObject({ state: 'ringing', consultantId: 'c3', linkId: 'M' });
    expect((await w.store.conversations.getConversation('t1', call.id))?.linkId).toBe('M');
    expect(await codeOf(w.board.transfer('c3', call.id, { kind: 'link', linkId: 'L' }, ''))).toBe('illegal_transition');
  });

  it('[C13] after the end the consultant marks it done, with the disposition the tenant requires', async () => {
    const w = await world();
    const call = await inCall(w);
    await w.board.end(visitor(w), call.id);
    const c1 = w.consultant(1);
    expect(await codeOf(w.board.markDone(w.consultant(2), call.id, null))).toBe('conversation_not_found');
    expect(await codeOf(w.board.markDone(c1, call.id, null, true))).toBe('disposition_required');
    const done = await w.board.markDone(c1, call.id, 'resolved', true);
    expect(done.state).toBe('done');
    expect((await w.store.conversations.getConversation('t1', call.id))?.state).toMatchObject({
      name: 'done',
      disposition: 'resolved',
    });
    expect(await codeOf(w.board.markDone(c1, call.id, 'again'))).toBe('illegal_transition');
  });
});

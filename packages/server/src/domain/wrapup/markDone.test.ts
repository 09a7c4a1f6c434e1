import { describe, expect, it } from 'vitest';
import { codeOfAsync as codeOf, conversationViews, testOptions, world, type World } from '../../../test/fixtures.ts';
import { LiveRegistry } from '../live/liveRegistry.ts';
import type { ConversationStore } from '../ports/conversationStore.ts';
import { MarkDone } from './markDone.ts';
import { WrapUpService } from './wrapUp.ts';

/** Visitor 1's call with c1, ended by the visitor. */
async function endedCall(w: World): Promise<string> {
  await w.board.consultantConnected(w.consultant(1));
  await w.board.setAvailability('c1', true);
  await w.board.visitorConnected(w.visitor(1), w.link);
  const view = await w.board.requestConversation(w.visitor(1).id, 'Vi');
  await w.board.accept('c1', view.id);
  await w.board.end({ kind: 'visitor', visitorId: w.visitor(1).id }, view.id);
  return view.id;
}

describe('Mark as done (use case)', () => {
  it('[C13][N2] a failed write leaves the conversation ended and unannounced; the retry stores all of it', async () => {
    const w = await world();
    let failing = true;
    // The unit's store, whose Mark as done write fails until told otherwise.
    const conversations = w.store.conversations;
    const store: ConversationStore = Object.assign(Object.create(conversations) as ConversationStore, {
      saveDone: (...args: Parameters<ConversationStore['saveDone']>) =>
        failing ? Promise.reject(new Error('disk full')) : conversations.saveDone(...args),
    });
    w.live = new LiveRegistry(w.store, store, w.outbox, w.runtime, testOptions);
    w.board = w.live.of('t1');
    const id = await endedCall(w);
    const desk = w.store.wrapUps;
    const wrapUps = new WrapUpService(desk, w.runtime);
    const markDone = new MarkDone((tenantId) => Promise.resolve(w.live.of(tenantId)), wrapUps);
    const body = { dispositionCode: null, notes: 'Wants gold' };
    w.outbox.clear();
    await expect(markDone.run(w.consultant(1), id, body)).rejects.toThrow('disk full');
    expect((await w.store.conversations.getConversation('t1', id))?.state.name).toBe('ended');
    expect(conversationViews(w.outbox.to({ kind: 'consultant', consultantId: 'c1' }))).toEqual([]);
    failing = false;
    expect(await markDone.run(w.consultant(1), id, body)).toMatchObject({ notes: 'Wants gold', consultantId: 'c1' });
    expect((await w.store.conversations.getConversation('t1', id))?.state.name).toBe('done');
    expect(await desk.getWrapUp('t1', id)).toMatchObject({ notes: 'Wants gold' });
    expect((await desk.listNotes('t1', id)).map((n) => n.text)).toContain('Wants gold');
    expect(conversationViews(w.outbox.to({ kind: 'consultant', consultantId: 'c1' })).at(-1)?.state).toBe('done');
    expect(await codeOf(markDone.run(w.consultant(1), id, body))).toBe('illegal_transition');
  });
});

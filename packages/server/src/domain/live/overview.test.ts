import type { OverviewView, ServerMessage } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { codeOfAsync as codeOf, lastVisitorView, world, type World } from '../../../test/fixtures.ts';

/** c3 (link M only) is the supervisor: c1 and c2 serve link L. */
async function floor(): Promise<World> {
  const w = await world();
  await w.store.consultants.updateConsultant('t1', 'c3', { role: 'supervisor' });
  for (const n of [1, 3])
    await w.board.consultantConnected({ ...w.consultant(n), role: n === 3 ? 'supervisor' : 'consultant' });
  await w.board.setAvailability('c1', true);
  return w;
}

async function callWithC1(w: World): Promise<string> {
  const v = w.visitor(1);
  await w.board.visitorConnected(v, w.link);
  const view = await w.board.requestConversation(v.id, 'Vera', { mode: 'text', mediaCheck: 'skipped', webrtc: true });
  await w.board.accept('c1', view.id);
  return view.id;
}

const to = (w: World, consultantId: string): ServerMessage[] => w.outbox.to({ kind: 'consultant', consultantId });
const chatTexts = (w: World, consultantId: string): string[] =>
  to(w, consultantId).flatMap((m) => (m.type === 'chat.message' ? [m.message.text] : []));
function lastOverview(w: World, consultantId: string): OverviewView | undefined {
  const states = to(w, consultantId).filter((m) => m.type === 'overview.state');
  const last = states.at(-1);
  return last?.type === 'overview.state' ? last.overview : undefined;
}

describe('communication overview', () => {
  it('[OV1] a plain consultant is refused every overview command with forbidden', async () => {
    const w = await floor();
    const id = await callWithC1(w);
    expect(await codeOf(w.board.watchOverview('c1', true))).toBe('forbidden');
    expect(await codeOf(w.board.readConversation('c2', id))).toBe('forbidden');
    expect(await codeOf(w.board.takeOver('c1', id))).toBe('forbidden');
    expect(await codeOf(w.board.superviseTransfer('c2', id, 'c2', ''))).toBe('forbidden');
    expect(to(w, 'c1').some((m) => m.type === 'overview.state')).toBe(false);
  });

  it('[OV2][OV3] the watcher gets the floor at once and again after each change, with timestamps to tick from', async () => {
    const w = await floor();
    await w.board.watchOverview('c3', true);
    expect(lastOverview(w, 'c3')).toMatchObject({
      conversations: [],
      consultants: [
        { id: 'c1', name: 'Consultant 1', connected: true, available: true, load: 0 },
        { id: 'c2', connected: false, available: false, load: 0 },
        { id: 'c3', connected: true, available: false },
      ],
    });
    const queuedAt = w.runtime.clock.now();
    w.runtime.advance(5_000);
    const v = w.visitor(1);
    await w.board.visitorConnected(v, w.link);
    await w.board.setAvailability('c1', false);
    await w.board.setAvailability('c1', true);
    w.outbox.clear();
    const { id } = await w.board.requestConversation(v.id, 'Vera');
    // The request rang c1 at once: the watcher sees who it rings, on which link, since when.
    expect(lastOverview(w, 'c3')?.conversations).toEqual([
      expect.objectContaining({
        id,
        state: 'ringing',
        consultantName: 'Consultant 1',
        linkName: 'Link',
        queuedAt: queuedAt + 5_000,
      }),
    ]);
    w.runtime.advance(7_000);
    await w.board.accept('c1', id);
    const after = lastOverview(w, 'c3');
    expect(after?.conversations[0]).toMatchObject({ state: 'active', acceptedAt: queuedAt + 12_000 });
    expect(after?.consultants.find((c) => c.id === 'c1')?.load).toBe(1);
    expect(after?.serverNow).toBe(queuedAt + 12_000);
    // Nothing the watcher sees changed: nothing is sent ([OV3] pushed on change, never polled).
    const count = to(w, 'c3').length;
    await w.board.sendChat({ kind: 'visitor', visitorId: v.id }, id, 'm1', 'hello');
    await w.board.settled();
    expect(to(w, 'c3').length).toBe(count);
    // Stopped watching: no more.
    await w.board.watchOverview('c3', false);
    await w.board.end({ kind: 'consultant', consultantId: 'c1' }, id);
    expect(lastOverview(w, 'c3')?.conversations[0]?.state).toBe('active');
  });

  it('[OV4] a supervisor reads a conversation silently: the transcript so far, then each new message; nobody is told', async () => {
    const w = await floor();
    const id = await callWithC1(w);
    await w.board.sendChat({ kind: 'visitor', visitorId: w.visitor(1).id }, id, 'm1', 'before');
    await w.board.settled();
    const visitorBefore = w.outbox.to({ kind: 'visitor', visitorId: w.visitor(1).id }).length;
    await w.board.readConversation('c3', id);
    const transcript = to(w, 'c3').find((m) => m.type === 'overview.transcript');
    expect(transcript).toMatchObject({ conversationId: id, messages: [{ text: 'before' }] });
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, id, 'm2', 'after');
    await w.board.settled();
    expect(chatTexts(w, 'c3')).toEqual(['after']);
    // The visitor got the consultant's message and nothing else: no word of a reader.
    expect(
      w.outbox
        .to({ kind: 'visitor', visitorId: w.visitor(1).id })
        .slice(visitorBefore)
        .map((m) => m.type),
    ).toEqual(['chat.message']);
    await w.board.readConversation('c3', null);
    await w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, id, 'm3', 'unread');
    await w.board.settled();
    expect(to(w, 'c3').filter((m) => m.type === 'chat.message')).toHaveLength(1);
    expect(await codeOf(w.board.readConversation('c3', 'conv_nope'))).toBe('conversation_not_found');
  });

  it("[OV5] taking over: the call is the supervisor's with its history, the visitor sees the new name, the former consultant is told", async () => {
    const w = await floor();
    const id = await callWithC1(w);
    await w.board.sendChat({ kind: 'visitor', visitorId: w.visitor(1).id }, id, 'm1', 'help me');
    await w.board.settled();
    await w.board.readConversation('c3', id);
    w.outbox.clear();
    await w.board.takeOver('c3', id);
    expect(lastVisitorView(w, w.visitor(1).id)).toMatchObject({
      state: 'active',
      consultantId: 'c3',
      consultantName: 'Consultant 3',
    });
    expect(to(w, 'c1')).toContainEqual({
      type: 'conversation.taken_over',
      conversationId: id,
      visitorName: 'Vera',
      byName: 'Consultant 3',
    });
    expect(chatTexts(w, 'c3')).toEqual(['help me']);
    // The former consultant can no longer act on it; the supervisor now talks, once per message.
    expect(await codeOf(w.board.sendChat({ kind: 'consultant', consultantId: 'c1' }, id, 'x', 'mine?'))).toBe(
      'conversation_not_found',
    );
    w.outbox.clear();
    await w.board.sendChat({ kind: 'visitor', visitorId: w.visitor(1).id }, id, 'm2', 'thanks');
    await w.board.settled();
    expect(to(w, 'c3').filter((m) => m.type === 'chat.message')).toHaveLength(1);
    expect((await w.store.conversations.listNotes('t1', id)).map((n) => n.text)).toEqual(['⇥ Consultant 3']);
    expect(await codeOf(w.board.takeOver('c3', id))).toBe('illegal_transition');
  });

  it('[OV5] a waiting request ringing for a colleague is taken over at once', async () => {
    const w = await floor();
    const v = w.visitor(1);
    await w.board.visitorConnected(v, w.link);
    const { id } = await w.board.requestConversation(v.id, 'Vera');
    expect(lastVisitorView(w, v.id)).toMatchObject({ state: 'ringing', consultantId: 'c1' });
    await w.board.takeOver('c3', id);
    expect(lastVisitorView(w, v.id)).toMatchObject({ state: 'active', consultantId: 'c3' });
    // c1 is free again: the next visitor rings them.
    const v2 = w.visitor(2);
    await w.board.visitorConnected(v2, w.link);
    await w.board.requestConversation(v2.id, 'Wim');
    expect(lastVisitorView(w, v2.id)).toMatchObject({ state: 'ringing', consultantId: 'c1' });
  });

  it("[OV6] a supervisor transfers a colleague's call to an available colleague with a free slot (it rings them)", async () => {
    const w = await floor();
    const id = await callWithC1(w);
    expect(await codeOf(w.board.superviseTransfer('c3', id, 'c2', 'billing'))).toBe('transfer_target_unavailable');
    await w.board.consultantConnected(w.consultant(2));
    await w.board.setAvailability('c2', true);
    await w.board.superviseTransfer('c3', id, 'c2', 'billing');
    expect(lastVisitorView(w, w.visitor(1).id)).toMatchObject({
      state: 'ringing',
      consultantId: 'c2',
      transferredFrom: 'Consultant 1',
    });
    expect((await w.store.conversations.listNotes('t1', id))[0]).toMatchObject({
      authorId: 'c3',
      text: '⇄ Consultant 2: billing',
    });
  });

  it('[OV5][S8] a conference is not taken over; the colleagues in it keep it', async () => {
    const w = await floor();
    const id = await callWithC1(w);
    await w.board.consultantConnected(w.consultant(2));
    await w.board.setAvailability('c2', true);
    await w.board.inviteToConference('c1', id, 'c2');
    await w.board.joinConference('c2', id);
    expect(await codeOf(w.board.takeOver('c3', id))).toBe('illegal_transition');
    expect(lastVisitorView(w, w.visitor(1).id)).toMatchObject({ state: 'active', consultantId: 'c1' });
  });

  it('[OV1] a watcher demoted by an admin stops getting the overview', async () => {
    const w = await floor();
    await w.board.watchOverview('c3', true);
    await w.store.consultants.updateConsultant('t1', 'c3', { role: 'consultant' });
    await w.board.directoryChanged();
    w.outbox.clear();
    await callWithC1(w);
    expect(to(w, 'c3').some((m) => m.type === 'overview.state')).toBe(false);
  });
});

import type { ConversationView } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { restored, testOptions, world, type RecordingOutbox, type World } from '../../../test/fixtures.ts';

function views(outbox: RecordingOutbox, visitorId: string): ConversationView[] {
  return outbox
    .to({ kind: 'visitor', visitorId })
    .flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []));
}

/** c1 in an active call with visitor 1; visitor 2 ringing c2; visitor 3 queued behind. */
async function busyWorld(): Promise<World> {
  const w = await world();
  for (const n of [1, 2]) {
    await w.board.consultantConnected(w.consultant(n));
    await w.board.setAvailability(`c${n}`, true);
  }
  for (const n of [1, 2, 3]) {
    await w.board.visitorConnected(w.visitor(n), w.link);
    await w.board.requestConversation(w.visitor(n).id, `V${n}`);
    w.runtime.advance(1000);
  }
  const first = views(w.outbox, w.visitor(1).id).at(-1);
  if (first?.state !== 'ringing' || !first.consultantId) throw new Error('setup: visitor 1 should ring');
  await w.board.accept(first.consultantId, first.id);
  return w;
}

describe('restore after a restart', () => {
  it('[P5] brings back the active call and its chat, and the consultant is still available', async () => {
    const w = await busyWorld();
    const active = views(w.outbox, w.visitor(1).id).at(-1);
    await w.board.sendChat({ kind: 'visitor', visitorId: w.visitor(1).id }, active?.id ?? '', 'client-1', 'hi');

    const { board } = await restored(w);
    const visitor = await board.visitorConnected(w.visitor(1), w.link);
    expect(visitor.conversations).toMatchObject([
      { id: active?.id, state: 'active', consultantName: active?.consultantName },
    ]);
    expect(visitor.messages.map((m) => m.text)).toEqual(['hi']);
    const consultantId = active?.consultantId ?? '';
    const consultant = await board.consultantConnected(w.consultant(Number(consultantId.slice(1))));
    expect(consultant.available).toBe(true);
    // [M1] A resend after the restart is still stored once.
    await board.sendChat({ kind: 'visitor', visitorId: w.visitor(1).id }, active?.id ?? '', 'client-1', 'hi');
    expect((await w.store.conversations.listMessages('t1', active?.id ?? '')).length).toBe(1);
  });

  it('[P5][C4] a ring cut off by the restart goes back to the queue, keeps its place and is offered again', async () => {
    const w = await busyWorld();
    const before = views(w.outbox, w.visitor(2).id).at(-1);
    expect(before?.state).toBe('ringing');
    const { outbox } = await restored(w);
    const after = views(outbox, w.visitor(2).id);
    // Withdrawn, then offered again to the available consultant who is free: the same one.
    expect(after.map((v) => v.state)).toEqual(['queued', 'ringing']);
    expect(after.at(-1)).toMatchObject({ queuedAt: before?.queuedAt, consultantId: before?.consultantId });
    expect(views(outbox, w.visitor(3).id).at(-1)).toMatchObject({ state: 'queued', queuePosition: 2 });
  });

  it('[P5][P2][P3] whoever does not come back within the grace period is treated as gone', async () => {
    const w = await busyWorld();
    const active = views(w.outbox, w.visitor(1).id).at(-1);
    const { board, outbox } = await restored(w);
    await board.visitorConnected(w.visitor(1), w.link);
    w.runtime.advance(testOptions.consultantGraceMs);
    await board.settled();
    // The consultant of the call never reconnected: the call ends, and they are unavailable.
    expect(views(outbox, w.visitor(1).id).at(-1)).toMatchObject({
      id: active?.id,
      state: 'ended',
      closeReason: 'consultant_left',
    });
    expect(await w.store.conversations.listAvailableConsultantIds()).not.toContain(active?.consultantId);
    w.runtime.advance(testOptions.visitorGraceMs);
    await board.settled();
    // Visitors 2 and 3 never came back either.
    expect(views(outbox, w.visitor(3).id).at(-1)).toMatchObject({ state: 'abandoned', closeReason: 'visitor_left' });
  });
});

import type { ConversationView } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { restored, testOptions, world, type World } from '../../../test/fixtures.ts';

/** c1 in a call with visitor 1, c2 joined it: the call is on the SFU. */
async function conference(): Promise<{ w: World; call: ConversationView }> {
  const w = await world();
  for (const n of [1, 2]) {
    await w.board.consultantConnected(w.consultant(n));
    await w.board.setAvailability(`c${n}`, true);
  }
  await w.board.visitorConnected(w.visitor(1), w.link);
  await w.board.requestConversation(w.visitor(1).id, 'V1');
  const ringing = w.outbox
    .to({ kind: 'visitor', visitorId: w.visitor(1).id })
    .flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []))
    .at(-1);
  if (!ringing?.consultantId) throw new Error('setup: visitor 1 should ring');
  const host = ringing.consultantId;
  const guest = host === 'c1' ? 'c2' : 'c1';
  await w.board.accept(host, ringing.id);
  await w.board.inviteToConference(host, ringing.id, guest);
  await w.board.joinConference(guest, ringing.id);
  return { w, call: { ...ringing, consultantId: host } };
}

const guestOf = (call: ConversationView) => (call.consultantId === 'c1' ? 'c2' : 'c1');
const consultant = (id: string) => ({ kind: 'consultant', consultantId: id }) as const;

describe('conferences across a restart or a takeover', () => {
  it('[PL39][S5][S6] a call on the SFU is back on the SFU with the colleague who joined; both may publish again', async () => {
    const { w, call } = await conference();
    const guest = guestOf(call);
    expect(await w.store.conversations.listConferences()).toEqual([
      { tenantId: 't1', conversationId: call.id, members: [guest] },
    ]);

    const { board } = await restored(w);
    const visitor = await board.visitorConnected(w.visitor(1), w.link);
    expect(visitor.conversations).toMatchObject([{ id: call.id, state: 'active', media: 'sfu', feeds: [] }]);
    const colleague = await board.consultantConnected(w.consultant(Number(guest.slice(1))));
    expect(colleague.conversations.map((c) => c.id)).toContain(call.id);
    const ref = { kind: 'conversation', conversationId: call.id } as const;
    expect(board.grant(consultant(guest), ref).publishAs).toBe(`c-${guest}`);
    expect(board.grant(consultant(call.consultantId ?? ''), ref).publishAs).toBe(`c-${call.consultantId}`);
    expect(board.grant({ kind: 'visitor', visitorId: w.visitor(1).id }, ref).watch).toBe(true);

    // Leaving and ending are kept as well: nothing of the conference is left in storage.
    await board.leaveConference(guest, call.id);
    expect(await w.store.conversations.listConferences()).toEqual([
      { tenantId: 't1', conversationId: call.id, members: [] },
    ]);
    await board.end(consultant(call.consultantId ?? ''), call.id);
    expect(await w.store.conversations.listConferences()).toEqual([]);
  });

  it('[PL39][P2] restored, a colleague who does not come back within the grace period leaves the conference; the call goes on', async () => {
    const { w, call } = await conference();
    const { board, outbox } = await restored(w);
    await board.visitorConnected(w.visitor(1), w.link);
    await board.consultantConnected(w.consultant(Number((call.consultantId ?? '').slice(1))));
    w.runtime.advance(testOptions.consultantGraceMs);
    await board.settled();
    expect(await w.store.conversations.listConferences()).toEqual([
      { tenantId: 't1', conversationId: call.id, members: [] },
    ]);
    const last = outbox
      .to({ kind: 'visitor', visitorId: w.visitor(1).id })
      .flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []))
      .at(-1);
    expect(last).toMatchObject({ id: call.id, state: 'active', media: 'sfu', members: [] });
  });

  it('[PL39] a kept colleague who is no longer a consultant of the tenant is not restored into the call', async () => {
    const { w, call } = await conference();
    const guest = guestOf(call);
    await w.store.conversations.saveConference('t1', call.id, [guest, 'c-of-another-tenant']);
    const { board } = await restored(w);
    const visitor = await board.visitorConnected(w.visitor(1), w.link);
    expect(visitor.conversations[0]?.members.map((m) => m.id)).toEqual([guest]);
  });
});

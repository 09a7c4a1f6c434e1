import { ParleyError } from '@parley/protocol';
import type { LiveCore } from './core.ts';
import { handOff } from './conversation.ts';
import type { LiveConversation } from './liveState.ts';

/*
 * [OV1]–[OV7] What a supervisor (or an admin) does from the Communication Overview: watch the
 * floor, read a conversation silently, take it over, or move it to a colleague. Each command
 * first asks the directory whether the caller may oversee; a plain consultant gets `forbidden`.
 */

/** [OV3] Starts or stops pushing the overview to this consultant's console. */
export function watchOverview(core: LiveCore, consultantId: string, watch: boolean): Promise<void> {
  return core.run(async () => {
    if (watch) await core.overview.watch(consultantId);
    else core.overview.unwatch(consultantId);
  });
}

/**
 * [OV4] Reads one open conversation silently: the transcript so far now, each new message as it
 * is written. Nobody in the conversation is told (the visitor sees no observer). `null` stops.
 */
export function readConversation(core: LiveCore, consultantId: string, conversationId: string | null): Promise<void> {
  return core.run(async () => {
    await core.overview.mustOversee(consultantId);
    if (conversationId === null) {
      core.overview.stopReading(consultantId);
      return;
    }
    const conversation = openConversation(core, conversationId);
    core.overview.read(consultantId, conversation.id);
    const messages = await core.store.listMessages(conversation.tenantId, conversation.id);
    core.outbox.send(
      { kind: 'consultant', consultantId },
      {
        type: 'overview.transcript',
        conversationId: conversation.id,
        messages: messages.map(({ tenantId: _tenant, ...message }) => message),
      },
    );
  });
}

/**
 * [OV5] Takes a conversation over: it becomes the supervisor's at once, whether or not they are
 * available. An active call changes hands as a conference does when its owner leaves ([S5]
 * `hand_over`): no ring, the visitor stays connected and sees the new consultant's name, the
 * history comes along as with a transfer ([C12]), the former consultant's console lets it go and
 * is told who took it. A waiting request is picked ([C10]); one ringing for a colleague stops
 * ringing first.
 */
export function takeOver(core: LiveCore, supervisorId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const supervisor = await core.overview.mustOversee(supervisorId);
    const conversation = openConversation(core, conversationId);
    const at = core.now();
    const { state } = conversation;
    if (state.name === 'active') {
      if (state.consultantId === supervisorId) throw new ParleyError('illegal_transition', 'already yours');
      // [S8] A conference is not handed over whole.
      if (conversation.members.length > 0) throw new ParleyError('illegal_transition', 'colleagues are in the call');
      const formerId = state.consultantId;
      // [S8] Invitations the former consultant sent lapse with the call.
      conversation.invited = [];
      await core.apply(conversation, { type: 'hand_over', consultantId: formerId, to: supervisorId, at });
      // [C12] The history goes to whoever takes the call.
      const to = { kind: 'consultant' as const, consultantId: supervisorId };
      for (const { tenantId: _tenant, ...message } of await core.store.listMessages(
        conversation.tenantId,
        conversationId,
      )) {
        core.outbox.send(to, { type: 'chat.message', message });
      }
      await core.store.appendNote({
        id: core.deps.runtime.ids.next('note'),
        tenantId: conversation.tenantId,
        conversationId,
        authorId: supervisorId,
        authorName: supervisor.name,
        // Stored data, not UI text: the arrow reads the same in every language.
        text: `⇥ ${supervisor.name}`,
        createdAt: at,
      });
      core.markIdle(formerId);
      core.outbox.send(
        { kind: 'consultant', consultantId: formerId },
        {
          type: 'conversation.taken_over',
          conversationId,
          visitorName: conversation.visitorName,
          byName: supervisor.name,
        },
      );
    } else {
      if (state.name === 'ringing') {
        if (state.consultantId !== supervisorId) {
          await core.apply(conversation, { type: 'withdraw_offer', at });
          core.markIdle(state.consultantId);
        }
      }
      if (conversation.state.name === 'ringing') {
        await core.apply(conversation, { type: 'accept', consultantId: supervisorId, at });
      } else {
        await core.apply(conversation, { type: 'pick', consultantId: supervisorId, at });
      }
    }
    // In the call now: the chat reaches them as a participant.
    core.overview.stopReading(supervisorId);
    await core.dispatch();
  });
}

/** [OV6] Moves a colleague's active conversation to another available colleague with a free slot ([C12]). */
export function superviseTransfer(
  core: LiveCore,
  supervisorId: string,
  conversationId: string,
  toConsultantId: string,
  reason: string,
): Promise<void> {
  return core.run(async () => {
    await core.overview.mustOversee(supervisorId);
    const conversation = openConversation(core, conversationId);
    if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition', 'only a call in progress');
    const ownerId = conversation.state.consultantId;
    await handOff(
      core,
      conversation,
      ownerId,
      supervisorId,
      { kind: 'consultant', consultantId: toConsultantId },
      reason,
    );
  });
}

/** [OV1] Any open conversation of the tenant (an overseer sees them all); ids of others do not exist. */
function openConversation(core: LiveCore, conversationId: string): LiveConversation {
  const conversation = core.state.conversations.get(conversationId);
  if (!conversation) throw new ParleyError('conversation_not_found');
  return conversation;
}

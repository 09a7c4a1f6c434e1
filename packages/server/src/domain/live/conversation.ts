import { ParleyError, type AppointmentFacts, type ConversationView, type VisitorSetupInput } from '@parley/protocol';
import type { Consultant, Link } from '../tenants/directory.ts';
import { initialState, transition } from '../conversations/lifecycle.ts';
import { noFacts } from '../reports/facts.ts';
import { canTake, hasOtherCandidates } from '../routing/queue.ts';
import { unknownMedia, visitorSetupOf } from '../media/mediaFacts.ts';
import type { Actor } from '../ports/actor.ts';
import type { ConversationNote } from '../ports/conversationStore.ts';
import type { WrapUp } from '../wrapup/wrapUp.ts';
import { noConference, waitingRequests, type LiveConversation } from './liveState.ts';
import { findFor, linkAvailable, openConversationsOf, recordOf, slotsOf, viewOf } from './liveQueries.ts';
import type { LiveCore } from './core.ts';
import { departmentChoices } from './departmentChoice.ts';
import { notWaiting, toView } from './views.ts';

/*
 * Conversation commands of one tenant: a visitor's request, and what consultants do with it —
 * accept, decline, park, pick, hold, transfer, end ([Q0], [C1]–[C12]). Routing (who rings
 * next) follows every change through the core's `dispatch`.
 */

/** [AP7] A guest's planned session: on this link, for this consultant only. */
export interface SessionRequest extends AppointmentFacts {
  linkId: string;
  consultantId: string;
}

export type TransferTarget = { kind: 'consultant'; consultantId: string } | { kind: 'link'; linkId: string };

/**
 * [Q0] A visitor asks to talk: one open request per visitor, and only while someone is available.
 * [MD1][MD3] The request carries how the visitor joined, for the consultant to see.
 * [AP7] A guest with a session code waits for their consultant only, on the session's link, even
 * while that consultant is not (yet) available; the media check's result may follow ([AP8]).
 */
/** What a request asks for besides the link: a department ([DC1]), a planned session ([AP7]), an inviting consultant ([SV8]). */
export interface RequestChoice {
  departmentId?: string;
  session?: SessionRequest;
  preferredConsultantId?: string;
}

export function requestConversation(
  core: LiveCore,
  visitorId: string,
  name: string | undefined,
  setup?: VisitorSetupInput,
  choice: RequestChoice = {},
): Promise<ConversationView> {
  const { state } = core;
  return core.run(async () => {
    const live = state.visitors.get(visitorId);
    if (!live) throw new ParleyError('not_authenticated');
    if (openConversationsOf(state, visitorId).length > 0) throw new ParleyError('already_in_conversation');
    const { visitor } = live;
    const { departmentId, session, preferredConsultantId } = choice;
    const linkId = session?.linkId ?? visitor.linkId;
    const link = state.links.get(linkId);
    if (link?.mode === 'broadcast') throw new ParleyError('wrong_link_mode', 'a broadcast has no queue: join it');
    if (!session && !linkAvailable(state, core.broadcasts, linkId)) throw new ParleyError('no_consultant_available');
    // [DC1] Only a link that offers a choice takes one, and only of a department it offers.
    if (departmentId !== undefined && link) {
      const choices = await departmentChoices(core, link);
      if (choices.length === 0) throw new ParleyError('invalid_message', 'this link has no choice of department');
      if (!choices.some((d) => d.id === departmentId)) throw new ParleyError('not_found', 'no such department');
    }
    if (name) live.visitor = { ...visitor, name };
    await core.loadHandlingTimes(linkId);
    const conversation: LiveConversation = {
      id: core.deps.runtime.ids.next('conv'),
      tenantId: visitor.tenantId,
      linkId,
      visitorId,
      visitorName: name ?? visitor.name,
      state: initialState(core.now()),
      facts: noFacts,
      seq: state.nextSeq++,
      waitLimitReached: false,
      ...noConference(),
      // [AP8] A guest with a code arrives before the media check: its result follows.
      visitorSetup: session && !setup ? null : visitorSetupOf(setup, live.client),
      departmentId: departmentId ?? null,
      mediaState: unknownMedia,
      ...(session
        ? {
            reservedFor: session.consultantId,
            appointment: { startsAt: session.startsAt, durationMinutes: session.durationMinutes },
          }
        : {}),
      ...(preferredConsultantId ? { preferredConsultantId } : {}),
    };
    state.conversations.set(conversation.id, conversation);
    core.startWaitLimit(conversation, link?.maxWaitMs ?? null);
    await core.store.saveConversation(recordOf(conversation));
    core.publish(conversation);
    await core.dispatch();
    return viewOf(state, conversation);
  });
}

/**
 * [AP8] The visitor finished (or skipped) the media check after asking: the consultant sees how
 * they will join. Only their own open conversation, once it is not yet over.
 */
export function reportSetup(
  core: LiveCore,
  visitorId: string,
  conversationId: string,
  setup: VisitorSetupInput,
): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'visitor', visitorId });
    const live = core.state.visitors.get(visitorId);
    conversation.visitorSetup = visitorSetupOf(setup, live?.client ?? null);
    await core.store.saveConversation(recordOf(conversation));
    core.publish(conversation);
  });
}

export function accept(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    await core.apply(conversation, { type: 'accept', consultantId, at: core.now() });
  });
}

/** [C5] Declined: offered to the next eligible consultant, or closed when nobody else is left. */
export function decline(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    const declinedBy = 'declinedBy' in conversation.state ? conversation.state.declinedBy : [];
    const target = { linkId: conversation.linkId, departmentId: conversation.departmentId ?? null };
    // [AP7] A planned session has nobody else to go to.
    const others =
      conversation.reservedFor === undefined &&
      hasOtherCandidates(target, [...declinedBy, consultantId], slotsOf(core.state));
    await core.apply(conversation, { type: 'decline', consultantId, at: core.now(), others });
    core.markIdle(consultantId);
    await core.dispatch();
  });
}

/** [C9] "Queue": parked in the communication queue, never rung again, visible in the queue panel. */
export function park(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    await core.apply(conversation, { type: 'park', consultantId, at: core.now() });
    core.markIdle(consultantId);
    await core.dispatch();
  });
}

/** [C10] A consultant with room takes a waiting request from the queue panel. */
export function pick(core: LiveCore, consultantId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    const slot = slotsOf(core.state).find((s) => s.consultantId === consultantId);
    const [request] = waitingRequests([conversation]);
    if (!slot || !request || conversation.state.name !== 'queued') throw new ParleyError('illegal_transition');
    // A consultant who declined it earlier may still change their mind and pick it.
    if (!canTake(slot, { ...request, declinedBy: [] })) {
      throw new ParleyError(slot.available ? 'at_capacity' : 'forbidden', 'go available with a free slot first');
    }
    await core.apply(conversation, { type: 'pick', consultantId, at: core.now() });
  });
}

/** [C11] Hold or resume: the visitor is told, cannot send, and pauses media until resumed. */
export function setHold(core: LiveCore, consultantId: string, conversationId: string, held: boolean): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    await core.apply(conversation, { type: held ? 'hold' : 'resume', consultantId, at: core.now() });
  });
}

/**
 * [C12] Transfer to an available colleague with a free slot (it rings them) or to a queue of
 * the tenant (it waits there); the reason goes into the conversation's notes.
 */
export function transfer(
  core: LiveCore,
  consultantId: string,
  conversationId: string,
  to: TransferTarget,
  reason: string,
): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    await handOff(core, conversation, consultantId, consultantId, to, reason);
  });
}

/**
 * [C12] The transfer itself, inside a command: `consultantId` is the consultant whose call it is (the
 * lifecycle refuses anyone else), `authorId` who decided it — the same consultant, or [OV6] a
 * supervisor moving a colleague's call.
 */
export async function handOff(
  core: LiveCore,
  conversation: LiveConversation,
  consultantId: string,
  authorId: string,
  to: TransferTarget,
  reason: string,
): Promise<void> {
  const { state } = core;
  const conversationId = conversation.id;
  // [S8] A conference is not handed over whole: whoever wants out leaves it ([S5]).
  if (conversation.members.length > 0) {
    throw new ParleyError('illegal_transition', 'colleagues are in the call: leave the conference instead');
  }
  const at = core.now();
  const fromLink = conversation.linkId;
  let toLink = fromLink;
  if (to.kind === 'consultant') {
    const slot = slotsOf(state).find((s) => s.consultantId === to.consultantId);
    if (!slot || !slot.available || slot.load >= slot.capacity) throw new ParleyError('transfer_target_unavailable');
  } else {
    const link = state.links.get(to.linkId) ?? (await core.loadLinks()).find((l) => l.id === to.linkId);
    if (link?.tenantId !== conversation.tenantId) throw new ParleyError('link_not_found');
    if (link.mode === 'broadcast') throw new ParleyError('wrong_link_mode');
    toLink = link.id;
  }
  const event = {
    type: 'transfer' as const,
    consultantId,
    to: to.kind === 'consultant' ? to.consultantId : null,
    at,
  };
  transition(conversation.state, event); // refuses before the conversation moves link or loses invitations
  conversation.linkId = toLink;
  // [DC2] The consultant now decides where it goes: the visitor's choice of department no longer binds.
  conversation.departmentId = null;
  // [S8] Invitations the transferring consultant sent lapse with the call.
  conversation.invited = [];
  await core.apply(conversation, event);
  const target =
    to.kind === 'consultant'
      ? (state.consultantNames.get(to.consultantId) ?? to.consultantId)
      : (state.links.get(to.linkId)?.name ?? to.linkId);
  await core.store.appendNote({
    id: core.deps.runtime.ids.next('note'),
    tenantId: conversation.tenantId,
    conversationId,
    authorId,
    authorName: state.consultantNames.get(authorId) ?? '',
    // Stored data, not UI text: the arrow reads the same in every language.
    text: reason ? `⇄ ${target}: ${reason}` : `⇄ ${target}`,
    createdAt: at,
  });
  core.markIdle(consultantId);
  if (fromLink !== conversation.linkId) core.publishQueue(fromLink);
  await core.dispatch();
}

/** [C12] Colleagues a consultant could transfer to right now, and the tenant's queues. */
export function transferTargets(
  core: LiveCore,
  consultant: Consultant,
): { consultants: { id: string; name: string; free: boolean }[]; links: Link[] } {
  const slots = slotsOf(core.state);
  const consultants = [...core.state.consultants.values()]
    .filter((c) => c.consultant.id !== consultant.id && c.available)
    .map((c) => {
      const slot = slots.find((s) => s.consultantId === c.consultant.id);
      return { id: c.consultant.id, name: c.consultant.name, free: slot !== undefined && slot.load < slot.capacity };
    });
  const links = [...core.state.links.values()].filter(
    (l) => l.tenantId === consultant.tenantId && l.mode !== 'broadcast',
  );
  return { consultants, links };
}

export function cancel(core: LiveCore, visitorId: string, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, { kind: 'visitor', visitorId });
    const ringing = conversation.state.name === 'ringing' ? conversation.state.consultantId : undefined;
    await core.apply(conversation, { type: 'abandon', reason: 'visitor_cancelled', at: core.now() });
    if (ringing) core.markIdle(ringing);
    await core.dispatch();
  });
}

export function end(core: LiveCore, actor: Actor, conversationId: string): Promise<void> {
  return core.run(async () => {
    const conversation = findFor(core.state, conversationId, actor);
    const reason = actor.kind === 'visitor' ? 'visitor_ended' : 'consultant_ended';
    await core.apply(conversation, { type: 'end', reason, at: core.now() });
    await core.dispatch();
  });
}

/** What Mark as done stores with the `done` state: the wrap-up and its closing note ([N2]). */
export interface Closing {
  wrapUp: WrapUp;
  note: ConversationNote | null;
}

/**
 * [C13] Mark as done: an ended conversation of this consultant closes into the contact's
 * history, with the disposition chosen. `requireDisposition` is the tenant's rule; `closing` (the
 * wrap-up use case's, domain/wrapup/markDone.ts) is stored with the `done` state in one write.
 */
export function markDone(
  core: LiveCore,
  consultant: Consultant,
  conversationId: string,
  disposition: string | null,
  requireDisposition = false,
  closing?: Closing,
): Promise<ConversationView> {
  return core.run(async () => {
    const record = await core.store.getConversation(consultant.tenantId, conversationId);
    if (!record || !('consultantId' in record.state) || record.state.consultantId !== consultant.id) {
      throw new ParleyError('conversation_not_found');
    }
    if (requireDisposition && disposition === null) throw new ParleyError('disposition_required');
    const event = { type: 'mark_done' as const, consultantId: consultant.id, disposition, at: core.now() };
    const state = transition(record.state, event);
    core.observer.conversationChanged(event, record.state, state);
    const done = { ...record, state };
    // The wrap-up goes with it in one transaction: a failed write leaves the conversation ended.
    if (closing) await core.store.saveDone(done, closing.wrapUp, closing.note);
    else await core.store.saveConversation(done);
    const view = toView(done, notWaiting, core.state.consultantNames);
    core.outbox.send(
      { kind: 'consultant', consultantId: consultant.id },
      { type: 'conversation.updated', conversation: view },
    );
    return view;
  });
}

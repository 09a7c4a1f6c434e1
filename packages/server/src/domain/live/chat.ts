import {
  ParleyError,
  type ChatMessageView,
  type CobrowseSignal,
  type MediaState,
  type RtcSignal,
} from '@parley/protocol';
import { signallingOpen } from '../conversations/lifecycle.ts';
import { withMediaState } from '../media/mediaFacts.ts';
import { feedIdOf } from '../media/mediaRooms.ts';
import type { Actor } from '../ports/actor.ts';
import { findFor, participants } from './liveQueries.ts';
import { CobrowseControl } from '../cobrowse/control.ts';
import type { LiveCore } from './core.ts';

/*
 * What the two sides of an active call send each other through the live state: chat ([M1],
 * [M4]), WebRTC signals ([M2]) and what each side sends now ([MD4]).
 */

/**
 * [M1] Chat is open while the conversation is active; a resent clientId is stored once.
 * [M8] A waiting visitor (queued or ringing) may already write: the messages reach whoever takes
 * the call (with the history, [C12]), and the first one shows in the ring and the queue panel.
 * [M4] The command only accepts the message; it is stored with the others of this turn, and
 * the promise resolves (the sender's ack) once it is stored and delivered.
 */
export async function sendChat(
  core: LiveCore,
  actor: Actor,
  conversationId: string,
  clientId: string,
  text: string,
): Promise<ChatMessageView> {
  const accepted = await core.runWithoutChatDrain(() => {
    const conversation = findFor(core.state, conversationId, actor);
    const waiting = conversation.state.name === 'queued' || conversation.state.name === 'ringing';
    if (conversation.state.name !== 'active' && !(waiting && actor.kind === 'visitor')) {
      throw new ParleyError('illegal_transition', 'chat is open only during an active conversation');
    }
    if (waiting && conversation.firstMessage === undefined) {
      conversation.firstMessage = text;
      core.publish(conversation);
    }
    // [C11] The server, not only the visitor's disabled Send button, enforces the hold.
    if (actor.kind === 'visitor' && conversation.state.name === 'active' && conversation.state.held)
      throw new ParleyError('on_hold');
    const authorName =
      actor.kind === 'visitor' ? conversation.visitorName : (core.state.consultantNames.get(actor.consultantId) ?? '');
    const record = {
      id: core.deps.runtime.ids.next('msg'),
      tenantId: conversation.tenantId,
      conversationId,
      clientId,
      sender: actor.kind,
      authorName,
      text,
      sentAt: core.now(),
    };
    // Wrapped, so the command chain moves on instead of waiting for the write.
    return { stored: core.chatLog.accept(record, conversation) };
  });
  return accepted.stored;
}

/**
 * [M2] WebRTC signals are relayed, unread, to the other side of an active conversation.
 * [IA1] Also while it rings, between the visitor and the rung consultant only (findFor admits no
 * other consultant to a ringing request; a colleague who only sees it queued is refused here).
 */
export function relaySignal(core: LiveCore, actor: Actor, conversationId: string, signal: RtcSignal): Promise<void> {
  return core.run(() => {
    const conversation = findFor(core.state, conversationId, actor);
    if (!signallingOpen(conversation.state)) {
      throw new ParleyError('illegal_transition', 'signalling is open only while a conversation rings or is active');
    }
    const [visitor, consultant] = participants(conversation);
    const to = actor.kind === 'visitor' ? consultant : visitor;
    if (to) core.outbox.send(to, { type: 'rtc.signal', conversationId, signal });
  });
}

/** [CB8] Who granted control, per live conversation (it goes with the conversation). */
const control = new CobrowseControl();

/**
 * [CB2] Co-browsing is relayed like signalling: unread, to the other side of an active
 * conversation, never stored. (CobrowseGuard has checked the sender and the rate.) [CB8] Clicks
 * and typing for the visitor pass only with the tenant's leave (`controlAllowed`) and the
 * visitor's grant.
 */
export function relayCobrowse(
  core: LiveCore,
  actor: Actor,
  conversationId: string,
  signal: CobrowseSignal,
  controlAllowed = false,
): Promise<void> {
  return core.run(() => {
    const conversation = findFor(core.state, conversationId, actor);
    if (conversation.state.name !== 'active') {
      throw new ParleyError('illegal_transition', 'co-browsing is open only during an active conversation');
    }
    control.admit(conversation, signal, controlAllowed);
    const [visitor, consultant] = participants(conversation);
    const to = actor.kind === 'visitor' ? consultant : visitor;
    if (to) core.outbox.send(to, { type: 'cobrowse', conversationId, signal });
  });
}

/**
 * [MD4][SM1] One participant says what it sends now; everyone in the call and the link's
 * consultants see it. In a conference a colleague's state is theirs alone (`members`).
 */
export function setMediaState(core: LiveCore, actor: Actor, conversationId: string, state: MediaState): Promise<void> {
  return core.run(() => {
    const conversation = findFor(core.state, conversationId, actor);
    if (conversation.state.name !== 'active') {
      throw new ParleyError('illegal_transition', 'media state is kept only during an active conversation');
    }
    const forSide = actor.kind === 'visitor' || actor.consultantId === conversation.state.consultantId;
    conversation.mediaState = withMediaState(conversation.mediaState, actor.kind, state, feedIdOf(actor), forSide);
    core.publish(conversation);
  });
}

/**
 * [TP4] The two sides of an active call whose own consultant switches it to telephone audio;
 * anyone else gets `conversation_not_found`, a call not active `illegal_transition`.
 */
export function phoneSides(
  core: LiveCore,
  consultantId: string,
  conversationId: string,
): Promise<{ visitorId: string; consultantId: string; members: string[] }> {
  return core.run(() => {
    const conversation = findFor(core.state, conversationId, { kind: 'consultant', consultantId });
    if (conversation.state.name !== 'active') {
      throw new ParleyError('illegal_transition', 'audio via telephone is for an active call');
    }
    if (conversation.state.consultantId !== consultantId) throw new ParleyError('conversation_not_found');
    // [TP11] In a conference every colleague who joined gets a PIN too.
    return { visitorId: conversation.visitorId, consultantId, members: [...conversation.members] };
  });
}

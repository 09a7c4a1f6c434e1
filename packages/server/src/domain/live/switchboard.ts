import {
  ParleyError,
  type ChatMessageView,
  type ConversationView,
  type MediaState,
  type RtcSignal,
  type VisitorSetupInput,
} from '@parley/protocol';
import type { Consultant, Link } from '../tenants/directory.ts';
import { initialState, transition } from '../conversations/lifecycle.ts';
import { canTake, hasOtherCandidates } from '../routing/queue.ts';
import { noConference, waitingRequests, type LiveConversation } from './liveState.ts';
import type { Actor } from '../ports/actor.ts';
import type { LiveCensus } from './observer.ts';
import { PresenceBoard } from './presenceBoard.ts';
import { notWaiting, toView } from './views.ts';
import { unknownMedia, visitorSetupOf, withMediaState } from '../media/mediaFacts.ts';

export { defaultSwitchboardOptions, type SwitchboardOptions, type Welcome } from './board.ts';

export type TransferTarget = { kind: 'consultant'; consultantId: string } | { kind: 'link'; linkId: string };

/**
 * The live heart of Parley on one node: who is connected and available, the queues, and every
 * open conversation. Transport calls the command methods; results go out through the Outbox.
 * Commands run one at a time (a promise chain), so no two can interleave across an `await`.
 */
export class Switchboard extends PresenceBoard {
  /**
   * [Q0] A visitor asks to talk: one open request per visitor, and only while someone is available.
   * [MD1][MD3] The request carries how the visitor joined, for the consultant to see.
   */
  requestConversation(
    visitorId: string,
    name: string | undefined,
    setup?: VisitorSetupInput,
  ): Promise<ConversationView> {
    return this.run(async () => {
      const live = this.visitors.get(visitorId);
      if (!live) throw new ParleyError('not_authenticated');
      if (this.openConversationsOf(visitorId).length > 0) throw new ParleyError('already_in_conversation');
      const { visitor } = live;
      const link = this.links.get(visitor.linkId);
      if (link?.mode === 'broadcast') throw new ParleyError('wrong_link_mode', 'a broadcast has no queue: join it');
      if (!this.linkAvailable(visitor.linkId)) throw new ParleyError('no_consultant_available');
      if (name) live.visitor = { ...visitor, name };
      await this.loadHandlingTimes(visitor.tenantId, visitor.linkId);
      const conversation: LiveConversation = {
        id: this.runtime.ids.next('conv'),
        tenantId: visitor.tenantId,
        linkId: visitor.linkId,
        visitorId,
        visitorName: name ?? visitor.name,
        state: initialState(this.now()),
        seq: this.seq++,
        waitLimitReached: false,
        ...noConference(),
        visitorSetup: visitorSetupOf(setup, live.client),
        mediaState: unknownMedia,
      };
      this.conversations.set(conversation.id, conversation);
      this.startWaitLimit(conversation, link?.maxWaitMs ?? null);
      await this.store.saveConversation(this.record(conversation));
      this.publish(conversation);
      await this.dispatch();
      return this.view(conversation);
    });
  }

  // ---------------------------------------------------------------- conversation commands

  accept(consultantId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      await this.apply(conversation, { type: 'accept', consultantId, at: this.now() });
    });
  }

  /** [C5] Declined: offered to the next eligible consultant, or closed when nobody else is left. */
  decline(consultantId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      const declinedBy = 'declinedBy' in conversation.state ? conversation.state.declinedBy : [];
      const others = hasOtherCandidates(conversation.linkId, [...declinedBy, consultantId], this.slots());
      await this.apply(conversation, { type: 'decline', consultantId, at: this.now(), others });
      this.markIdle(consultantId);
      await this.dispatch();
    });
  }

  /** [C9] "Queue": parked in the communication queue, never rung again, visible in the queue panel. */
  park(consultantId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      await this.apply(conversation, { type: 'park', consultantId, at: this.now() });
      this.markIdle(consultantId);
      await this.dispatch();
    });
  }

  /** [C10] A consultant with room takes a waiting request from the queue panel. */
  pick(consultantId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      const slot = this.slots().find((s) => s.consultantId === consultantId);
      const [request] = waitingRequests([conversation]);
      if (!slot || !request || conversation.state.name !== 'queued') throw new ParleyError('illegal_transition');
      // A consultant who declined it earlier may still change their mind and pick it.
      if (!canTake(slot, { ...request, declinedBy: [] })) {
        throw new ParleyError(slot.available ? 'at_capacity' : 'forbidden', 'go available with a free slot first');
      }
      await this.apply(conversation, { type: 'pick', consultantId, at: this.now() });
    });
  }

  /** [C11] Hold or resume: the visitor is told, cannot send, and pauses media until resumed. */
  setHold(consultantId: string, conversationId: string, held: boolean): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      await this.apply(conversation, { type: held ? 'hold' : 'resume', consultantId, at: this.now() });
    });
  }

  /**
   * [C12] Transfer to an available colleague with a free slot (it rings them) or to a queue of
   * the tenant (it waits there); the reason goes into the conversation's notes.
   */
  transfer(consultantId: string, conversationId: string, to: TransferTarget, reason: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      // [S8] A conference is not handed over whole: whoever wants out leaves it ([S5]).
      if (conversation.members.length > 0) {
        throw new ParleyError('illegal_transition', 'colleagues are in the call: leave the conference instead');
      }
      const at = this.now();
      const fromLink = conversation.linkId;
      let toLink = fromLink;
      if (to.kind === 'consultant') {
        const slot = this.slots().find((s) => s.consultantId === to.consultantId);
        const colleague = this.consultants.get(to.consultantId)?.consultant;
        if (!slot || colleague?.tenantId !== conversation.tenantId || !slot.available || slot.load >= slot.capacity) {
          throw new ParleyError('transfer_target_unavailable');
        }
      } else {
        const link =
          this.links.get(to.linkId) ?? (await this.loadLinks(conversation.tenantId)).find((l) => l.id === to.linkId);
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
      // [S8] Invitations the transferring consultant sent lapse with the call.
      conversation.invited = [];
      await this.apply(conversation, event);
      const target =
        to.kind === 'consultant'
          ? (this.consultantNames.get(to.consultantId) ?? to.consultantId)
          : (this.links.get(to.linkId)?.name ?? to.linkId);
      await this.store.appendNote({
        id: this.runtime.ids.next('note'),
        tenantId: conversation.tenantId,
        conversationId,
        authorId: consultantId,
        authorName: this.consultantNames.get(consultantId) ?? '',
        // Stored data, not UI text: the arrow reads the same in every language.
        text: reason ? `⇄ ${target}: ${reason}` : `⇄ ${target}`,
        createdAt: at,
      });
      this.markIdle(consultantId);
      if (fromLink !== conversation.linkId) this.publishQueue(fromLink);
      await this.dispatch();
    });
  }

  /**
   * [C13] Mark as done: an ended conversation of this consultant closes into the contact's
   * history, with the disposition chosen. `requireDisposition` is the tenant's rule.
   */
  markDone(
    consultant: Consultant,
    conversationId: string,
    disposition: string | null,
    requireDisposition = false,
  ): Promise<ConversationView> {
    return this.run(async () => {
      const record = await this.store.getConversation(consultant.tenantId, conversationId);
      if (!record || !('consultantId' in record.state) || record.state.consultantId !== consultant.id) {
        throw new ParleyError('conversation_not_found');
      }
      if (requireDisposition && disposition === null) throw new ParleyError('disposition_required');
      const event = { type: 'mark_done' as const, consultantId: consultant.id, disposition, at: this.now() };
      const state = transition(record.state, event);
      this.observer.conversationChanged(event, record.state, state);
      const done = { ...record, state };
      await this.store.saveConversation(done);
      const view = toView(done, notWaiting, this.consultantNames);
      this.outbox.send(
        { kind: 'consultant', consultantId: consultant.id },
        { type: 'conversation.updated', conversation: view },
      );
      return view;
    });
  }

  /** [C12] Colleagues a consultant could transfer to right now, and the tenant's queues. */
  transferTargets(consultant: Consultant): {
    consultants: { id: string; name: string; free: boolean }[];
    links: Link[];
  } {
    const slots = this.slots();
    const consultants = [...this.consultants.values()]
      .filter((c) => c.consultant.tenantId === consultant.tenantId && c.consultant.id !== consultant.id && c.available)
      .map((c) => {
        const slot = slots.find((s) => s.consultantId === c.consultant.id);
        return { id: c.consultant.id, name: c.consultant.name, free: slot !== undefined && slot.load < slot.capacity };
      });
    const links = [...this.links.values()].filter((l) => l.tenantId === consultant.tenantId && l.mode !== 'broadcast');
    return { consultants, links };
  }

  /** [OP2] Counts of the live state right now, for a metrics scrape; reads, changes nothing. */
  census(): LiveCensus {
    const conversations: LiveCensus['conversations'] = {};
    let waiting = 0;
    let oldestQueuedAt = Infinity;
    for (const { state } of this.conversations.values()) {
      conversations[state.name] = (conversations[state.name] ?? 0) + 1;
      if (state.name !== 'queued' && state.name !== 'ringing') continue;
      waiting += 1;
      oldestQueuedAt = Math.min(oldestQueuedAt, state.queuedAt);
    }
    let consultantsConnected = 0;
    let consultantsAvailable = 0;
    for (const live of this.consultants.values()) {
      if (live.connections > 0) consultantsConnected += 1;
      if (live.available) consultantsAvailable += 1;
    }
    return {
      conversations,
      waiting,
      longestWaitMs: waiting > 0 ? Math.max(0, this.now() - oldestQueuedAt) : 0,
      consultantsConnected,
      consultantsAvailable,
    };
  }

  // ---------------------------------------------------------------- broadcast (F-11)

  /** [B1] Only a consultant serving the broadcast link goes on air. */
  startBroadcast(consultantId: string, linkId: string): Promise<void> {
    return this.run(() => {
      this.assertBroadcastLink(consultantId, linkId);
      this.broadcasts.start(linkId, consultantId, this.consultantIdsOf(linkId));
      this.announceAvailability([linkId]);
    });
  }

  /** [B4] Off air for everybody. */
  stopBroadcast(consultantId: string, linkId: string): Promise<void> {
    return this.run(() => {
      this.assertBroadcastLink(consultantId, linkId);
      this.broadcasts.stop(linkId, consultantId, this.consultantIdsOf(linkId));
      this.announceAvailability([linkId]);
    });
  }

  /** [B2][B3] A visitor on a broadcast link joins as a viewer: no queue, no accept, capacity-limited. */
  joinBroadcast(visitorId: string): Promise<void> {
    return this.run(() => {
      const visitor = this.visitors.get(visitorId)?.visitor;
      if (!visitor) throw new ParleyError('not_authenticated');
      if (this.links.get(visitor.linkId)?.mode !== 'broadcast') throw new ParleyError('wrong_link_mode');
      this.broadcasts.join(visitor.linkId, visitorId, this.consultantIdsOf(visitor.linkId));
    });
  }

  leaveBroadcast(visitorId: string): Promise<void> {
    return this.run(() => {
      this.broadcasts.leave(visitorId, (linkId) => this.consultantIdsOf(linkId));
    });
  }

  private assertBroadcastLink(consultantId: string, linkId: string): void {
    const live = this.consultants.get(consultantId);
    if (!live?.linkIds.includes(linkId)) throw new ParleyError('link_not_found');
    if (this.links.get(linkId)?.mode !== 'broadcast') throw new ParleyError('wrong_link_mode');
  }

  cancel(visitorId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'visitor', visitorId });
      const ringing = conversation.state.name === 'ringing' ? conversation.state.consultantId : undefined;
      await this.apply(conversation, { type: 'abandon', reason: 'visitor_cancelled', at: this.now() });
      if (ringing) this.markIdle(ringing);
      await this.dispatch();
    });
  }

  end(actor: Actor, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, actor);
      const reason = actor.kind === 'visitor' ? 'visitor_ended' : 'consultant_ended';
      await this.apply(conversation, { type: 'end', reason, at: this.now() });
      await this.dispatch();
    });
  }

  /**
   * [M1] Chat is open while the conversation is active; a resent clientId is stored once.
   * [M4] The command only accepts the message; it is stored with the others of this turn, and
   * the promise resolves (the sender's ack) once it is stored and delivered.
   */
  async sendChat(actor: Actor, conversationId: string, clientId: string, text: string): Promise<ChatMessageView> {
    const accepted = await this.runWithoutChatDrain(() => {
      const conversation = this.find(conversationId, actor);
      if (conversation.state.name !== 'active') {
        throw new ParleyError('illegal_transition', 'chat is open only during an active conversation');
      }
      // [C11] The server, not only the visitor's disabled Send button, enforces the hold.
      if (actor.kind === 'visitor' && conversation.state.held) throw new ParleyError('on_hold');
      const authorName =
        actor.kind === 'visitor' ? conversation.visitorName : (this.consultantNames.get(actor.consultantId) ?? '');
      const record = {
        id: this.runtime.ids.next('msg'),
        tenantId: conversation.tenantId,
        conversationId,
        clientId,
        sender: actor.kind,
        authorName,
        text,
        sentAt: this.now(),
      };
      // Wrapped, so the command chain moves on instead of waiting for the write.
      return { stored: this.chatLog.accept(record, conversation) };
    });
    return accepted.stored;
  }

  /** [M2] WebRTC signals are relayed, unread, to the other side of an active conversation. */
  relaySignal(actor: Actor, conversationId: string, signal: RtcSignal): Promise<void> {
    return this.run(() => {
      const conversation = this.find(conversationId, actor);
      if (conversation.state.name !== 'active') {
        throw new ParleyError('illegal_transition', 'signalling is open only during an active conversation');
      }
      const [visitor, consultant] = this.participants(conversation);
      const to = actor.kind === 'visitor' ? consultant : visitor;
      if (to) this.outbox.send(to, { type: 'rtc.signal', conversationId, signal });
    });
  }

  /** [MD4] One side says what it sends now; both sides and the link's consultants see it. */
  setMediaState(actor: Actor, conversationId: string, state: MediaState): Promise<void> {
    return this.run(() => {
      const conversation = this.find(conversationId, actor);
      if (conversation.state.name !== 'active') {
        throw new ParleyError('illegal_transition', 'media state is kept only during an active conversation');
      }
      conversation.mediaState = withMediaState(conversation.mediaState, actor.kind, state);
      this.publish(conversation);
    });
  }
}

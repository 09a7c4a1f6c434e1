import { ParleyError, type ChatMessageView, type ConversationView, type RtcSignal } from '@parley/protocol';
import type { Consultant, DirectoryStore, Link, Visitor } from '../tenants/directory.ts';
import { initialState, isTerminal, transition, type ConversationEvent } from '../conversations/lifecycle.ts';
import { isLinkAvailable, planOffers, queuePositions, type ConsultantSlot } from '../routing/queue.ts';
import type { Runtime } from '../runtime.ts';
import {
  attach,
  consultantSlots,
  isAssigned,
  waitingRequests,
  type Connected,
  type LiveConsultant,
  type LiveConversation,
  type LiveVisitor,
} from './liveState.ts';
import type { Actor, ConversationRecord, ConversationStore, Outbox } from './ports.ts';
import { toView } from './views.ts';

export interface SwitchboardOptions {
  /** [C4] How long a request rings before it is offered again. */
  ringTimeoutMs: number;
  /** [P2] How long a consultant may be disconnected (reload, network blip) before going unavailable. */
  consultantGraceMs: number;
  /** [P3] How long a visitor may be disconnected before their request or call is closed. */
  visitorGraceMs: number;
}

export const defaultSwitchboardOptions: SwitchboardOptions = {
  ringTimeoutMs: 30_000,
  consultantGraceMs: 30_000,
  visitorGraceMs: 30_000,
};

export interface Welcome {
  available: boolean;
  conversations: ConversationView[];
  messages: ChatMessageView[];
}

/**
 * The live heart of Parley on one node: who is connected and available, the queues, and every
 * open conversation. Transport calls the command methods; results go out through the Outbox.
 * Commands run one at a time (a promise chain), so no two can interleave across an `await`.
 */
export class Switchboard {
  private readonly consultants = new Map<string, LiveConsultant>();
  private readonly visitors = new Map<string, LiveVisitor>();
  private readonly conversations = new Map<string, LiveConversation>();
  private readonly consultantNames = new Map<string, string>();
  private readonly lastAvailability = new Map<string, boolean>();
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly directory: DirectoryStore,
    private readonly store: ConversationStore,
    private readonly outbox: Outbox,
    private readonly runtime: Runtime,
    private readonly options: SwitchboardOptions = defaultSwitchboardOptions,
  ) {}

  /** Resolves when every command queued so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  private run<T>(command: () => Promise<T> | T): Promise<T> {
    const result = this.chain.then(command);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** [A1] Whether anybody can take a call on the link right now (read without queuing). */
  isAvailable(linkId: string): boolean {
    return this.linkAvailable(linkId);
  }

  /**
   * An admin changed links, assignments, departments or consultants of a tenant: routing
   * re-reads them for every live consultant of the tenant and re-offers what now matches.
   */
  directoryChanged(tenantId: string): Promise<void> {
    return this.run(async () => {
      for (const live of this.consultants.values()) {
        if (live.consultant.tenantId !== tenantId) continue;
        live.linkIds = await this.directory.linkIdsOfConsultant(tenantId, live.consultant.id);
      }
      await this.dispatch();
    });
  }

  // ---------------------------------------------------------------- consultants

  consultantConnected(consultant: Consultant): Promise<Welcome> {
    return this.run(async () => {
      let live = this.consultants.get(consultant.id);
      if (!live) {
        const linkIds = await this.directory.linkIdsOfConsultant(consultant.tenantId, consultant.id);
        live = { consultant, linkIds, connections: 0, available: false, idleSince: this.runtime.clock.now() };
        this.consultants.set(consultant.id, live);
        this.consultantNames.set(consultant.id, consultant.name);
      }
      attach(live);
      const mine = [...this.conversations.values()].filter(
        (c) => live.linkIds.includes(c.linkId) && (c.state.name === 'queued' || isAssigned(c, consultant.id)),
      );
      return this.welcome(live.available, mine);
    });
  }

  /** [P2] The last socket of a consultant closed: wait out the grace period, then go unavailable. */
  consultantDisconnected(consultantId: string): Promise<void> {
    return this.run(() => {
      this.detach(this.consultants.get(consultantId), this.options.consultantGraceMs, () =>
        this.consultantLost(consultantId),
      );
    });
  }

  private async consultantLost(consultantId: string): Promise<void> {
    const live = this.consultants.get(consultantId);
    if (!live || live.connections > 0) return;
    this.consultants.delete(consultantId);
    for (const conversation of this.conversations.values()) {
      if (conversation.state.name === 'active' && conversation.state.consultantId === consultantId) {
        await this.apply(conversation, { type: 'end', reason: 'consultant_left', at: this.now() });
      }
    }
    await this.afterPresenceChange(consultantId, live.linkIds);
  }

  setAvailability(consultantId: string, available: boolean): Promise<void> {
    return this.run(async () => {
      const live = this.consultants.get(consultantId);
      if (!live) throw new ParleyError('not_authenticated');
      if (live.available === available) return;
      live.available = available;
      if (available) live.idleSince = this.now();
      this.outbox.send({ kind: 'consultant', consultantId }, { type: 'availability', available });
      await this.afterPresenceChange(consultantId, live.linkIds);
    });
  }

  /** [P1] Withdraws rings from a consultant who is no longer available, then re-routes and tells visitors. */
  private async afterPresenceChange(consultantId: string, linkIds: readonly string[]): Promise<void> {
    const live = this.consultants.get(consultantId);
    if (!live?.available) {
      for (const conversation of this.conversations.values()) {
        if (conversation.state.name === 'ringing' && conversation.state.consultantId === consultantId) {
          await this.apply(conversation, { type: 'withdraw_offer', at: this.now() });
        }
      }
    }
    this.announceAvailability(linkIds);
    await this.dispatch();
  }

  // ---------------------------------------------------------------- visitors

  visitorConnected(visitor: Visitor, link: Link): Promise<Welcome> {
    return this.run(async () => {
      let live = this.visitors.get(visitor.id);
      if (!live) {
        live = { visitor, connections: 0 };
        this.visitors.set(visitor.id, live);
      }
      attach(live);
      return this.welcome(this.linkAvailable(link.id), this.openConversationsOf(visitor.id));
    });
  }

  /** [P3] The last socket of a visitor closed: after the grace period, close what they left open. */
  visitorDisconnected(visitorId: string): Promise<void> {
    return this.run(() => {
      this.detach(this.visitors.get(visitorId), this.options.visitorGraceMs, () => this.visitorLost(visitorId));
    });
  }

  private async visitorLost(visitorId: string): Promise<void> {
    const live = this.visitors.get(visitorId);
    if (!live || live.connections > 0) return;
    this.visitors.delete(visitorId);
    for (const conversation of this.openConversationsOf(visitorId)) {
      const at = this.now();
      await this.apply(
        conversation,
        conversation.state.name === 'active'
          ? { type: 'end', reason: 'visitor_left', at }
          : { type: 'abandon', reason: 'visitor_left', at },
      );
    }
    await this.dispatch();
  }

  /** [Q0] A visitor asks to talk: one open request per visitor, and only while someone is available. */
  requestConversation(visitorId: string, name: string | undefined): Promise<ConversationView> {
    return this.run(async () => {
      const live = this.visitors.get(visitorId);
      if (!live) throw new ParleyError('not_authenticated');
      if (this.openConversationsOf(visitorId).length > 0) throw new ParleyError('already_in_conversation');
      const { visitor } = live;
      if (!this.linkAvailable(visitor.linkId)) throw new ParleyError('no_consultant_available');
      if (name) live.visitor = { ...visitor, name };
      const conversation: LiveConversation = {
        id: this.runtime.ids.next('conv'),
        tenantId: visitor.tenantId,
        linkId: visitor.linkId,
        visitorId,
        visitorName: name ?? visitor.name,
        state: initialState(this.now()),
        seq: this.seq++,
      };
      this.conversations.set(conversation.id, conversation);
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

  decline(consultantId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.find(conversationId, { kind: 'consultant', consultantId });
      await this.apply(conversation, { type: 'decline', consultantId, at: this.now() });
      this.markIdle(consultantId);
      await this.dispatch();
    });
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

  /** [M1] Chat is open while the conversation is active; a resent clientId is stored once. */
  sendChat(actor: Actor, conversationId: string, clientId: string, text: string): Promise<ChatMessageView> {
    return this.run(async () => {
      const conversation = this.find(conversationId, actor);
      if (conversation.state.name !== 'active') {
        throw new ParleyError('illegal_transition', 'chat is open only during an active conversation');
      }
      const authorName =
        actor.kind === 'visitor' ? conversation.visitorName : (this.consultantNames.get(actor.consultantId) ?? '');
      const { message } = await this.store.appendMessage({
        id: this.runtime.ids.next('msg'),
        tenantId: conversation.tenantId,
        conversationId,
        clientId,
        sender: actor.kind,
        authorName,
        text,
        sentAt: this.now(),
      });
      const { tenantId: _tenant, ...view } = message;
      for (const to of this.participants(conversation)) this.outbox.send(to, { type: 'chat.message', message: view });
      return view;
    });
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

  // ---------------------------------------------------------------- internals

  private now(): number {
    return this.runtime.clock.now();
  }

  private find(conversationId: string, actor: Actor): LiveConversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new ParleyError('conversation_not_found');
    const allowed =
      actor.kind === 'visitor'
        ? conversation.visitorId === actor.visitorId
        : isAssigned(conversation, actor.consultantId) ||
          (conversation.state.name === 'queued' &&
            (this.consultants.get(actor.consultantId)?.linkIds.includes(conversation.linkId) ?? false));
    // Someone else's conversation is reported as missing, not forbidden, so ids cannot be probed.
    if (!allowed) throw new ParleyError('conversation_not_found');
    return conversation;
  }

  private openConversationsOf(visitorId: string): LiveConversation[] {
    return [...this.conversations.values()].filter((c) => c.visitorId === visitorId);
  }

  private linkAvailable(linkId: string): boolean {
    return isLinkAvailable(linkId, this.slots());
  }

  private slots(): ConsultantSlot[] {
    return consultantSlots(this.consultants.values(), this.conversations.values());
  }

  private markIdle(consultantId: string): void {
    const live = this.consultants.get(consultantId);
    if (live) live.idleSince = this.now();
  }

  /** Applies one lifecycle event, persists it, manages the ring timer and tells everyone concerned. */
  private async apply(conversation: LiveConversation, event: ConversationEvent): Promise<void> {
    const previous = conversation.state;
    conversation.state = transition(previous, event);
    conversation.ringTimer?.cancel();
    delete conversation.ringTimer;
    if (conversation.state.name === 'ringing') {
      const ringingFor = conversation.state.consultantId;
      conversation.ringTimer = this.runtime.timers.setTimeout(() => {
        void this.run(() => this.ringTimedOut(conversation.id, ringingFor)).catch(() => undefined);
      }, this.options.ringTimeoutMs);
    }
    if (previous.name === 'active' && conversation.state.name === 'ended') {
      this.markIdle(previous.consultantId);
    }
    await this.store.saveConversation(this.record(conversation));
    this.publish(conversation);
    if (isTerminal(conversation.state)) this.conversations.delete(conversation.id);
    this.publishQueue(conversation.linkId, conversation.id);
  }

  /** [C4] An unanswered ring goes back to the queue and is offered again, to someone else first. */
  private async ringTimedOut(conversationId: string, consultantId: string): Promise<void> {
    const conversation = this.conversations.get(conversationId);
    if (conversation?.state.name !== 'ringing' || conversation.state.consultantId !== consultantId) return;
    await this.apply(conversation, { type: 'withdraw_offer', at: this.now() });
    this.markIdle(consultantId);
    await this.dispatch();
  }

  /** [Q4] Offers waiting requests to free consultants until no match is left. */
  private async dispatch(): Promise<void> {
    for (const offer of planOffers(waitingRequests(this.conversations.values()), this.slots())) {
      const conversation = this.conversations.get(offer.conversationId);
      if (conversation)
        await this.apply(conversation, { type: 'offer', consultantId: offer.consultantId, at: this.now() });
    }
  }

  private announceAvailability(linkIds: readonly string[]): void {
    for (const linkId of linkIds) {
      const available = this.linkAvailable(linkId);
      if (this.lastAvailability.get(linkId) === available) continue;
      this.lastAvailability.set(linkId, available);
      this.outbox.send({ kind: 'link', linkId }, { type: 'availability', available });
    }
  }

  private participants(conversation: LiveConversation): [Actor & { kind: 'visitor' }, ...Actor[]] {
    const visitor = { kind: 'visitor' as const, visitorId: conversation.visitorId };
    const consultantId = 'consultantId' in conversation.state ? conversation.state.consultantId : undefined;
    return consultantId ? [visitor, { kind: 'consultant', consultantId }] : [visitor];
  }

  /** Sends the conversation to its visitor and to every consultant of its link. */
  private publish(conversation: LiveConversation, positions = this.positions()): void {
    const message = { type: 'conversation.updated' as const, conversation: this.view(conversation, positions) };
    this.outbox.send({ kind: 'visitor', visitorId: conversation.visitorId }, message);
    for (const live of this.consultants.values()) {
      if (live.linkIds.includes(conversation.linkId) || isAssigned(conversation, live.consultant.id)) {
        this.outbox.send({ kind: 'consultant', consultantId: live.consultant.id }, message);
      }
    }
  }

  /** [Q2] Everyone still waiting on the link learns their new position. */
  private publishQueue(linkId: string, exceptId: string): void {
    // Positions are computed once per change, not once per waiting visitor.
    const positions = this.positions();
    for (const conversation of this.conversations.values()) {
      if (conversation.linkId !== linkId || conversation.id === exceptId) continue;
      if (conversation.state.name === 'queued' || conversation.state.name === 'ringing') {
        this.publish(conversation, positions);
      }
    }
  }

  private positions(): Map<string, number> {
    return queuePositions(waitingRequests(this.conversations.values()));
  }

  private view(conversation: LiveConversation, positions = this.positions()): ConversationView {
    return toView(conversation, positions.get(conversation.id) ?? null, this.consultantNames);
  }

  private record(conversation: LiveConversation): ConversationRecord {
    const { id, tenantId, linkId, visitorId, visitorName, state } = conversation;
    return { id, tenantId, linkId, visitorId, visitorName, state };
  }

  /** What a (re)connecting participant needs: availability, their conversations, active chats. */
  private async welcome(available: boolean, conversations: LiveConversation[]): Promise<Welcome> {
    const active = conversations.filter((c) => c.state.name === 'active');
    const lists = await Promise.all(active.map((c) => this.store.listMessages(c.tenantId, c.id)));
    return {
      available,
      conversations: conversations.map((c) => this.view(c)),
      messages: lists.flat().map(({ tenantId: _tenant, ...view }) => view),
    };
  }

  /** The last connection of a participant closed: after the grace period, treat them as gone. */
  private detach(live: Connected | undefined, graceMs: number, lost: () => Promise<void>): void {
    if (!live) return;
    live.connections = Math.max(0, live.connections - 1);
    if (live.connections > 0) return;
    live.grace = this.runtime.timers.setTimeout(() => {
      void this.run(lost).catch(() => undefined);
    }, graceMs);
  }
}

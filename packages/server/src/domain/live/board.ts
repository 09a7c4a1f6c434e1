import {
  ParleyError,
  type BroadcastView,
  type ChatMessageView,
  type ConsultantLinkView,
  type ConversationView,
  type VisitorLinkView,
} from '@parley/protocol';
import type { Consultant, DirectoryStore, Link } from '../tenants/directory.ts';
import { isTerminal, transition, type ConversationEvent } from '../conversations/lifecycle.ts';
import { isLinkAvailable, planOffers, queuePositions, type ConsultantSlot } from '../routing/queue.ts';
import { estimateWaitMs, HANDLING_SAMPLES, recordHandling } from '../routing/estimate.ts';
import { Broadcasts } from '../broadcast/broadcasts.ts';
import type { Runtime } from '../runtime.ts';
import type { MediaHooks } from '../media/mediaRooms.ts';
import {
  consultantSlots,
  consolesShowing,
  isPresent,
  waitingRequests,
  type Connected,
  type LiveConsultant,
  type LiveConversation,
  type LiveVisitor,
} from './liveState.ts';
import type { Actor } from '../ports/actor.ts';
import type { ConversationRecord, ConversationStore } from '../ports/conversationStore.ts';
import type { Outbox } from '../ports/outbox.ts';
import { ChatLog } from '../chat/chatLog.ts';
import { notWaiting, toView, type WaitingFacts } from './views.ts';
import { unobserved, type LiveObserver } from './observer.ts';

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
  link: VisitorLinkView | null;
  links: ConsultantLinkView[];
  broadcasts: BroadcastView[];
  capacity: number;
}

/**
 * The live state of one node and the internals every command shares; the commands themselves
 * are in `Switchboard`. The live heart of Parley on one node: who is connected and available, the queues, and every
 * open conversation. Transport calls the command methods; results go out through the Outbox.
 * Commands run one at a time (a promise chain), so no two can interleave across an `await`.
 */
export abstract class LiveBoard {
  protected readonly consultants = new Map<string, LiveConsultant>();
  protected readonly visitors = new Map<string, LiveVisitor>();
  protected readonly conversations = new Map<string, LiveConversation>();
  protected readonly consultantNames = new Map<string, string>();
  protected readonly lastAvailability = new Map<string, boolean>();
  /** Links seen by this node, refreshed when an admin changes them. */
  protected readonly links = new Map<string, Link>();
  /** [Q5] Recent handling times per link, seeded from storage on first use. */
  protected readonly handling = new Map<string, number[]>();
  protected readonly broadcasts: Broadcasts;
  protected chain: Promise<unknown> = Promise.resolve();
  protected seq = 0;
  /** The SFU side ([S1]–[S6]), when a media server is configured. */
  protected mediaHooks: MediaHooks | undefined;
  /** [M4] Chat messages accepted in one turn are stored together, then delivered in order. */
  protected readonly chatLog: ChatLog<LiveConversation>;
  /** [OP2] Operations watching the live state (metrics); nobody by default. */
  protected observer: LiveObserver = unobserved;

  constructor(
    protected readonly directory: DirectoryStore,
    protected readonly store: ConversationStore,
    protected readonly outbox: Outbox,
    protected readonly runtime: Runtime,
    protected readonly options: SwitchboardOptions = defaultSwitchboardOptions,
    broadcastCapacity?: number,
  ) {
    this.broadcasts = new Broadcasts(
      outbox,
      (id) => this.consultantNames.get(id) ?? null,
      broadcastCapacity,
      () => this.mediaHooks,
    );
    this.chatLog = new ChatLog(
      store,
      outbox,
      (conversation) => this.participants(conversation),
      (fn) => runtime.timers.soon(fn),
      (count) => this.observer.chatStored(count),
    );
  }

  /** [OP2] Reports every lifecycle change and stored chat to `observer` from now on. */
  observe(observer: LiveObserver): void {
    this.observer = observer;
  }

  /** Connects the SFU side: rooms close and people are removed from them as the live state says. */
  useMedia(hooks: MediaHooks): void {
    this.mediaHooks = hooks;
  }

  /** Resolves when every command queued so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.chatLog.drain();
  }

  /**
   * Queues a command behind every earlier one. [M4] Accepted chat messages not yet stored are
   * stored and delivered first, so a command sees, and its messages follow, every earlier chat.
   */
  protected run<T>(command: () => Promise<T> | T): Promise<T> {
    return this.runWithoutChatDrain(() => {
      const writing = this.chatLog.drain();
      return writing ? writing.then(command) : command();
    });
  }

  /** `run` for the one command that only adds to the chat log (and so may share its batch). */
  protected runWithoutChatDrain<T>(command: () => Promise<T> | T): Promise<T> {
    const result = this.chain.then(command);
    this.chain = result.catch(() => undefined);
    return result;
  }

  // ---------------------------------------------------------------- internals

  protected now(): number {
    return this.runtime.clock.now();
  }

  protected find(conversationId: string, actor: Actor): LiveConversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new ParleyError('conversation_not_found');
    const allowed =
      actor.kind === 'visitor'
        ? conversation.visitorId === actor.visitorId
        : isPresent(conversation, actor.consultantId) ||
          conversation.invited.includes(actor.consultantId) ||
          (conversation.state.name === 'queued' &&
            (this.consultants.get(actor.consultantId)?.linkIds.includes(conversation.linkId) ?? false));
    // Someone else's conversation is reported as missing, not forbidden, so ids cannot be probed.
    if (!allowed) throw new ParleyError('conversation_not_found');
    return conversation;
  }

  protected openConversationsOf(visitorId: string): LiveConversation[] {
    return [...this.conversations.values()].filter((c) => c.visitorId === visitorId);
  }

  protected linkAvailable(linkId: string, slots = this.slots()): boolean {
    if (this.links.get(linkId)?.mode === 'broadcast') return this.broadcasts.isLive(linkId);
    return isLinkAvailable(linkId, slots);
  }

  protected slots(): ConsultantSlot[] {
    return consultantSlots(this.consultants.values(), this.conversations.values());
  }

  /** Live consultants who serve the link (they see its queue and its broadcast count). */
  protected consultantIdsOf(linkId: string): string[] {
    return [...this.consultants.values()].filter((c) => c.linkIds.includes(linkId)).map((c) => c.consultant.id);
  }

  protected async loadLinks(tenantId: string): Promise<Link[]> {
    const links = await this.directory.listLinks(tenantId);
    for (const link of links) this.links.set(link.id, link);
    return links;
  }

  protected assignedLinks(consultant: Consultant): Promise<string[]> {
    return this.directory.linkIdsOfConsultant(consultant.tenantId, consultant.id);
  }

  protected linkViews(linkIds: readonly string[]): ConsultantLinkView[] {
    return linkIds.flatMap((id) => {
      const link = this.links.get(id);
      return link ? [{ id, name: link.name, mode: link.mode }] : [];
    });
  }

  protected async loadHandlingTimes(tenantId: string, linkId: string): Promise<void> {
    if (this.handling.has(linkId)) return;
    this.handling.set(linkId, await this.store.recentHandlingTimes(tenantId, linkId, HANDLING_SAMPLES));
  }

  /** [Q6] After the link's wait limit the visitor is offered to leave a message (and may keep waiting). */
  protected startWaitLimit(conversation: LiveConversation, maxWaitMs: number | null): void {
    if (maxWaitMs === null) return;
    conversation.waitTimer = this.runtime.timers.setTimeout(() => {
      void this.run(() => {
        const current = this.conversations.get(conversation.id);
        if (!current || current.state.name === 'active' || isTerminal(current.state)) return;
        current.waitLimitReached = true;
        this.publish(current);
      }).catch(() => undefined);
    }, maxWaitMs);
  }

  protected markIdle(consultantId: string): void {
    const live = this.consultants.get(consultantId);
    if (live) live.idleSince = this.now();
  }

  /** Applies one lifecycle event, persists it, manages the ring timer and tells everyone concerned. */
  protected async apply(conversation: LiveConversation, event: ConversationEvent): Promise<void> {
    const previous = conversation.state;
    conversation.state = transition(previous, event);
    this.observer.conversationChanged(event, previous, conversation.state);
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
      const samples = this.handling.get(conversation.linkId) ?? [];
      this.handling.set(conversation.linkId, recordHandling(samples, event.at - previous.acceptedAt));
    }
    if (conversation.state.name === 'active' || isTerminal(conversation.state)) conversation.waitTimer?.cancel();
    await this.store.saveConversation(this.record(conversation));
    this.publish(conversation);
    if (conversation.state.name === 'active' && previous.name !== 'active') {
      // [C12] A transferred conversation arrives with its history (empty for a new one).
      const to = { kind: 'consultant' as const, consultantId: conversation.state.consultantId };
      for (const { tenantId: _tenant, ...message } of await this.store.listMessages(
        conversation.tenantId,
        conversation.id,
      )) {
        this.outbox.send(to, { type: 'chat.message', message });
      }
    }
    if (isTerminal(conversation.state)) {
      this.conversations.delete(conversation.id);
      // [S4] A conference's SFU room ends with its conversation.
      this.mediaHooks?.closeRoom({ kind: 'conversation', conversationId: conversation.id });
    }
    this.publishQueue(conversation.linkId, conversation.id);
  }

  /** [C4] An unanswered ring goes back to the queue and is offered again, to someone else first. */
  protected async ringTimedOut(conversationId: string, consultantId: string): Promise<void> {
    const conversation = this.conversations.get(conversationId);
    if (conversation?.state.name !== 'ringing' || conversation.state.consultantId !== consultantId) return;
    await this.apply(conversation, { type: 'withdraw_offer', at: this.now() });
    this.markIdle(consultantId);
    await this.dispatch();
  }

  /**
   * [Q4] Offers waiting requests to free consultants until no match is left. [R4] On a link with
   * automatic acceptance the offer is accepted at once: one click connects.
   */
  protected async dispatch(): Promise<void> {
    for (const { conversationId, consultantId } of planOffers(
      waitingRequests(this.conversations.values()),
      this.slots(),
    )) {
      const conversation = this.conversations.get(conversationId);
      if (!conversation) continue;
      await this.apply(conversation, { type: 'offer', consultantId, at: this.now() });
      if (this.links.get(conversation.linkId)?.acceptance === 'automatic') {
        await this.apply(conversation, { type: 'accept', consultantId, at: this.now() });
      }
    }
  }

  protected announceAvailability(linkIds: readonly string[]): void {
    for (const linkId of linkIds) {
      const available = this.linkAvailable(linkId);
      if (this.lastAvailability.get(linkId) === available) continue;
      this.lastAvailability.set(linkId, available);
      this.outbox.send({ kind: 'link', linkId }, { type: 'availability', available });
      // [Q6] Whoever waits learns that they may now leave a message (or no longer need to).
      this.publishQueue(linkId);
    }
  }

  protected participants(conversation: LiveConversation): [Actor & { kind: 'visitor' }, ...Actor[]] {
    const visitor = { kind: 'visitor' as const, visitorId: conversation.visitorId };
    const consultantId = 'consultantId' in conversation.state ? conversation.state.consultantId : undefined;
    if (!consultantId) return [visitor];
    // [S5] Conference members hear the chat too; the owner stays second (1:1 signalling relays to it).
    const members = conversation.members.map((id) => ({ kind: 'consultant' as const, consultantId: id }));
    return [visitor, { kind: 'consultant', consultantId }, ...members];
  }

  /** Sends the conversation to its visitor and to the consoles that show it ([C14]). */
  protected publish(conversation: LiveConversation, waiting = this.waitingFacts()): void {
    const facts = waiting(conversation);
    conversation.lastWaiting = waitingKey(facts);
    const view = toView(conversation, facts, this.consultantNames);
    const message = { type: 'conversation.updated' as const, conversation: view };
    this.outbox.send({ kind: 'visitor', visitorId: conversation.visitorId }, message);
    const { consoles, shownTo } = consolesShowing(conversation, this.consultants.values());
    for (const consultantId of consoles) this.outbox.send({ kind: 'consultant', consultantId }, message);
    conversation.shownTo = shownTo;
  }

  /**
   * [Q2] Everyone still waiting on the link whose position, estimate or leave-a-message offer
   * changed is told. Only the visitor: consultants order their queue panel by queue time, and
   * fanning every position change out to every consultant made a long queue quadratic twice over.
   */
  protected publishQueue(linkId: string, exceptId?: string): void {
    // Positions and estimates are computed once per change, not once per waiting visitor.
    const waiting = this.waitingFacts();
    for (const conversation of this.conversations.values()) {
      if (conversation.linkId !== linkId || conversation.id === exceptId) continue;
      if (conversation.state.name !== 'queued' && conversation.state.name !== 'ringing') continue;
      const facts = waiting(conversation);
      const key = waitingKey(facts);
      if (key === conversation.lastWaiting) continue;
      conversation.lastWaiting = key;
      const view = toView(conversation, facts, this.consultantNames);
      this.outbox.send(
        { kind: 'visitor', visitorId: conversation.visitorId },
        { type: 'conversation.updated', conversation: view },
      );
    }
  }

  /** [Q2][Q5][Q6] Position, estimated wait and the leave-a-message offer of every waiting request. */
  protected waitingFacts(): (conversation: LiveConversation) => WaitingFacts {
    const positions = queuePositions(waitingRequests(this.conversations.values()));
    const slots = this.slots();
    const servers = new Map<string, number>();
    return (conversation) => {
      const position = positions.get(conversation.id);
      if (position === undefined) return notWaiting;
      const { linkId } = conversation;
      let capacity = servers.get(linkId);
      if (capacity === undefined) {
        capacity = slots.filter((s) => s.available && s.linkIds.includes(linkId)).reduce((n, s) => n + s.capacity, 0);
        servers.set(linkId, capacity);
      }
      return {
        queuePosition: position,
        estimatedWaitMs: estimateWaitMs(position, capacity, this.handling.get(linkId) ?? []),
        canLeaveMessage: conversation.waitLimitReached || capacity === 0,
      };
    };
  }

  protected view(conversation: LiveConversation, waiting = this.waitingFacts()): ConversationView {
    return toView(conversation, waiting(conversation), this.consultantNames);
  }

  protected record(conversation: LiveConversation): ConversationRecord {
    const { id, tenantId, linkId, visitorId, visitorName, state, visitorSetup } = conversation;
    return { id, tenantId, linkId, visitorId, visitorName, state, visitorSetup };
  }

  /** What a (re)connecting participant needs: availability, their conversations, active chats. */
  protected async welcome(available: boolean, conversations: LiveConversation[]): Promise<Welcome> {
    const active = conversations.filter((c) => c.state.name === 'active');
    const lists = await Promise.all(active.map((c) => this.store.listMessages(c.tenantId, c.id)));
    const waiting = this.waitingFacts();
    return {
      available,
      conversations: conversations.map((c) => this.view(c, waiting)),
      messages: lists.flat().map(({ tenantId: _tenant, ...view }) => view),
      link: null,
      links: [],
      broadcasts: [],
      capacity: 1,
    };
  }

  /** The last connection of a participant closed: after the grace period, treat them as gone. */
  protected detach(live: Connected | undefined, graceMs: number, lost: () => Promise<void>): void {
    if (!live) return;
    live.connections = Math.max(0, live.connections - 1);
    if (live.connections > 0) return;
    live.grace = this.runtime.timers.setTimeout(() => {
      void this.run(lost).catch(() => undefined);
    }, graceMs);
  }
}

function waitingKey(facts: WaitingFacts): string {
  return `${facts.queuePosition}|${facts.estimatedWaitMs}|${facts.canLeaveMessage}`;
}

export function visitorLinkView(link: Link): VisitorLinkView {
  return {
    name: link.name,
    mode: link.mode,
    offline: {
      text: link.offlineText,
      imageUrl: link.offlineImage ? `/api/v1/links/${encodeURIComponent(link.key)}/offline-image` : null,
    },
  };
}

import type {
  BroadcastView,
  ChatMessageView,
  ConsultantLinkView,
  ConversationView,
  VisitorLinkView,
} from '@parley/protocol';
import type { Consultant, Directory, Link } from '../tenants/directory.ts';
import { isTerminal, transition, type ConversationEvent } from '../conversations/lifecycle.ts';
import { nextFacts, noFacts } from '../reports/facts.ts';
import { planOffers } from '../routing/queue.ts';
import { HANDLING_SAMPLES, recordHandling } from '../routing/estimate.ts';
import { Broadcasts } from '../broadcast/broadcasts.ts';
import { ChatLog } from '../chat/chatLog.ts';
import type { Runtime } from '../runtime.ts';
import type { ConversationStore } from '../ports/conversationStore.ts';
import type { Outbox } from '../ports/outbox.ts';
import type { LiveEvent, LiveEvents } from '../ports/liveEvents.ts';
import {
  consolesShowing,
  waitingRequests,
  type Connected,
  type LiveConversation,
  type TenantLiveState,
} from './liveState.ts';
import { linkAvailable, participants, recordOf, slotsOf, viewOf, waitingFactsOf, waitingKey } from './liveQueries.ts';
import { toView } from './views.ts';
import { unobserved, type LiveObserver } from './observer.ts';
import { OverviewFeed } from './overview.ts';

export interface LiveOptions {
  /** [C4] How long a request rings before it is offered again. */
  ringTimeoutMs: number;
  /** [P2] How long a consultant may be disconnected (reload, network blip) before going unavailable. */
  consultantGraceMs: number;
  /** [P3] How long a visitor may be disconnected before their request or call is closed. */
  visitorGraceMs: number;
}

export const defaultLiveOptions: LiveOptions = {
  ringTimeoutMs: 30_000,
  consultantGraceMs: 30_000,
  visitorGraceMs: 30_000,
};

/** What the live state needs from outside: storage, the outbox, time and settings. */
export interface LiveDependencies {
  directory: Pick<Directory, 'consultants' | 'links' | 'departments'>;
  store: ConversationStore;
  outbox: Outbox;
  runtime: Runtime;
  options: LiveOptions;
  events: LiveEvents;
  broadcastCapacity?: number | undefined;
}

/** What a (re)connecting participant is told first. */
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
 * The small core every command module of one tenant shares: `run` (the tenant's command chain:
 * one command at a time, in arrival order, so none interleave across an `await`), `apply` (one
 * lifecycle transition, stored), `publish` (the conversation to whoever shows it) and the
 * routing that follows a change (`dispatch`, `announceAvailability`).
 */
export class LiveCore {
  private chain: Promise<unknown> = Promise.resolve();
  /** [OP2] Operations watching the live state (metrics); nobody by default. */
  observer: LiveObserver = unobserved;
  /** [M4] Chat messages accepted in one turn are stored together, then delivered in order. */
  readonly chatLog: ChatLog<LiveConversation>;
  /** [B1]–[B5] The tenant's broadcast rooms. */
  readonly broadcasts: Broadcasts;
  /** [OV3][OV4] Supervisors watching the tenant's floor and reading conversations. */
  readonly overview: OverviewFeed;

  constructor(
    readonly state: TenantLiveState,
    readonly deps: LiveDependencies,
  ) {
    const { outbox, store, runtime } = deps;
    this.broadcasts = new Broadcasts(
      state.tenantId,
      outbox,
      (id) => state.consultantNames.get(id) ?? null,
      (event) => this.emit(event),
      deps.broadcastCapacity,
    );
    this.overview = new OverviewFeed(state, { directory: deps.directory, outbox, now: () => this.now() });
    this.chatLog = new ChatLog(
      store,
      outbox,
      // [M8] Written while waiting: only the visitor gets it now; whoever accepts gets the history.
      // [OV4] A supervisor reading the conversation gets it too (once, if also in the call).
      (conversation) => {
        const people =
          conversation.state.name === 'active' ? participants(conversation) : participants(conversation).slice(0, 1);
        const readers = this.overview
          .readersOf(conversation.id)
          .filter((id) => !people.some((p) => p.kind === 'consultant' && p.consultantId === id))
          .map((consultantId) => ({ kind: 'consultant' as const, consultantId }));
        return [...people, ...readers];
      },
      (fn) => runtime.timers.soon(fn),
      (count) => this.observer.chatStored(count),
    );
  }

  get outbox(): Outbox {
    return this.deps.outbox;
  }

  get store(): ConversationStore {
    return this.deps.store;
  }

  now(): number {
    return this.deps.runtime.clock.now();
  }

  emit(event: LiveEvent): void {
    this.deps.events.emit(event);
  }

  /** Resolves when every command queued so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.chatLog.drain();
  }

  /**
   * Queues a command behind every earlier one of the tenant. [M4] Accepted chat messages not yet
   * stored are stored and delivered first, so a command sees, and its messages follow, every
   * earlier chat.
   */
  run<T>(command: () => Promise<T> | T): Promise<T> {
    return this.runWithoutChatDrain(() => {
      const writing = this.chatLog.drain();
      return writing ? writing.then(command) : command();
    });
  }

  /** `run` for the one command that only adds to the chat log (and so may share its batch). */
  runWithoutChatDrain<T>(command: () => Promise<T> | T): Promise<T> {
    // [OV3] Whatever a command changed reaches the overview's watchers before the next one runs.
    const result = this.chain.then(command).finally(() => this.overview.commandDone());
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Applies one lifecycle event, persists it, manages the ring timer and tells everyone concerned. */
  async apply(conversation: LiveConversation, event: ConversationEvent): Promise<void> {
    const { state, deps } = this;
    const previous = conversation.state;
    conversation.state = transition(previous, event);
    conversation.facts = nextFacts(conversation.facts ?? noFacts, previous, event);
    this.observer.conversationChanged(event, previous, conversation.state);
    conversation.ringTimer?.cancel();
    delete conversation.ringTimer;
    if (conversation.state.name === 'ringing') {
      const ringingFor = conversation.state.consultantId;
      conversation.ringTimer = deps.runtime.timers.setTimeout(() => {
        void this.run(() => this.ringTimedOut(conversation.id, ringingFor)).catch(() => undefined);
      }, deps.options.ringTimeoutMs);
    }
    if (previous.name === 'active' && conversation.state.name === 'ended') {
      this.markIdle(previous.consultantId);
      const samples = state.handling.get(conversation.linkId) ?? [];
      state.handling.set(conversation.linkId, recordHandling(samples, event.at - previous.acceptedAt));
    }
    if (conversation.state.name === 'active' || isTerminal(conversation.state)) conversation.waitTimer?.cancel();
    await deps.store.saveConversation(recordOf(conversation));
    this.publish(conversation);
    if (conversation.state.name === 'active' && previous.name !== 'active') {
      // [C12] A transferred conversation arrives with its history (empty for a new one).
      const to = { kind: 'consultant' as const, consultantId: conversation.state.consultantId };
      for (const { tenantId: _tenant, ...message } of await deps.store.listMessages(
        conversation.tenantId,
        conversation.id,
      )) {
        deps.outbox.send(to, { type: 'chat.message', message });
      }
    }
    if (isTerminal(conversation.state)) {
      state.conversations.delete(conversation.id);
      // [PL39] A conference kept in storage ends with its call.
      if (conversation.onSfu) await deps.store.saveConference(state.tenantId, conversation.id, null);
      // [S4] A conference's SFU room ends with its conversation.
      this.emit({ type: 'conversation.closed', tenantId: state.tenantId, conversationId: conversation.id });
    }
    this.publishQueue(conversation.linkId, conversation.id);
  }

  /** [C4] An unanswered ring goes back to the queue and is offered again, to someone else first. */
  private async ringTimedOut(conversationId: string, consultantId: string): Promise<void> {
    const conversation = this.state.conversations.get(conversationId);
    if (conversation?.state.name !== 'ringing' || conversation.state.consultantId !== consultantId) return;
    await this.apply(conversation, { type: 'withdraw_offer', at: this.now() });
    this.markIdle(consultantId);
    await this.dispatch();
  }

  /**
   * [Q4] Offers waiting requests to free consultants until no match is left. [R4] On a link with
   * automatic acceptance the offer is accepted at once: one click connects.
   */
  async dispatch(): Promise<void> {
    const { state } = this;
    for (const { conversationId, consultantId } of planOffers(
      waitingRequests(state.conversations.values()),
      slotsOf(state),
    )) {
      const conversation = state.conversations.get(conversationId);
      if (!conversation) continue;
      // [SV8] The invitation's preference holds for the first offer only: unanswered, it rings others.
      delete conversation.preferredConsultantId;
      await this.apply(conversation, { type: 'offer', consultantId, at: this.now() });
      if (state.links.get(conversation.linkId)?.acceptance === 'automatic') {
        await this.apply(conversation, { type: 'accept', consultantId, at: this.now() });
      }
    }
  }

  /** [A1] Visitors of each link whose availability changed are told; [Q6] and so are those waiting. */
  announceAvailability(linkIds: readonly string[]): void {
    for (const linkId of linkIds) {
      const available = linkAvailable(this.state, this.broadcasts, linkId);
      if (this.state.lastAvailability.get(linkId) === available) continue;
      this.state.lastAvailability.set(linkId, available);
      this.deps.outbox.send({ kind: 'link', linkId }, { type: 'availability', available });
      this.publishQueue(linkId);
    }
  }

  /** Sends the conversation to its visitor and to the consoles that show it ([C14]). */
  publish(conversation: LiveConversation, waiting = waitingFactsOf(this.state)): void {
    const facts = waiting(conversation);
    conversation.lastWaiting = waitingKey(facts);
    const view = toView(conversation, facts, this.state.consultantNames);
    const message = { type: 'conversation.updated' as const, conversation: view };
    this.deps.outbox.send({ kind: 'visitor', visitorId: conversation.visitorId }, message);
    const { consoles, shownTo } = consolesShowing(conversation, this.state.consultants.values());
    for (const consultantId of consoles) this.deps.outbox.send({ kind: 'consultant', consultantId }, message);
    conversation.shownTo = shownTo;
    this.emit({
      type: 'conversation.changed',
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      state: conversation.state.name,
    });
  }

  /**
   * [Q2] Everyone still waiting on the link whose position, estimate or leave-a-message offer
   * changed is told. Only the visitor: consultants order their queue panel by queue time, and
   * fanning every position change out to every consultant made a long queue quadratic twice over.
   */
  publishQueue(linkId: string, exceptId?: string): void {
    // Positions and estimates are computed once per change, not once per waiting visitor.
    const waiting = waitingFactsOf(this.state);
    for (const conversation of this.state.conversations.values()) {
      if (conversation.linkId !== linkId || conversation.id === exceptId) continue;
      if (conversation.state.name !== 'queued' && conversation.state.name !== 'ringing') continue;
      const facts = waiting(conversation);
      const key = waitingKey(facts);
      if (key === conversation.lastWaiting) continue;
      conversation.lastWaiting = key;
      const view = toView(conversation, facts, this.state.consultantNames);
      this.deps.outbox.send(
        { kind: 'visitor', visitorId: conversation.visitorId },
        { type: 'conversation.updated', conversation: view },
      );
    }
  }

  /** [Q6] After the link's wait limit the visitor is offered to leave a message (and may keep waiting). */
  startWaitLimit(conversation: LiveConversation, maxWaitMs: number | null): void {
    if (maxWaitMs === null) return;
    conversation.waitTimer = this.deps.runtime.timers.setTimeout(() => {
      void this.run(() => {
        const current = this.state.conversations.get(conversation.id);
        if (!current || current.state.name === 'active' || isTerminal(current.state)) return;
        current.waitLimitReached = true;
        this.publish(current);
      }).catch(() => undefined);
    }, maxWaitMs);
  }

  markIdle(consultantId: string): void {
    const live = this.state.consultants.get(consultantId);
    if (live) live.idleSince = this.now();
  }

  /** The last connection of a participant closed: after the grace period, treat them as gone. */
  detach(live: Connected | undefined, graceMs: number, lost: () => Promise<void>): void {
    if (!live) return;
    live.connections = Math.max(0, live.connections - 1);
    if (live.connections > 0) return;
    live.grace = this.deps.runtime.timers.setTimeout(() => {
      void this.run(lost).catch(() => undefined);
    }, graceMs);
  }

  async loadLinks(): Promise<Link[]> {
    const links = await this.deps.directory.links.listLinks(this.state.tenantId);
    for (const link of links) this.state.links.set(link.id, link);
    return links;
  }

  assignedLinks(consultant: Consultant): Promise<string[]> {
    return this.deps.directory.links.linkIdsOfConsultant(consultant.tenantId, consultant.id);
  }

  async loadHandlingTimes(linkId: string): Promise<void> {
    if (this.state.handling.has(linkId)) return;
    const samples = await this.deps.store.recentHandlingTimes(this.state.tenantId, linkId, HANDLING_SAMPLES);
    this.state.handling.set(linkId, samples);
  }

  /** What a (re)connecting participant needs: availability, their conversations, active chats. */
  async welcome(available: boolean, conversations: LiveConversation[], withWaitingChat = false): Promise<Welcome> {
    // [M8] A visitor sees what they wrote while waiting; consoles get it with the accept ([C12]).
    const active = conversations.filter(
      (c) =>
        c.state.name === 'active' || (withWaitingChat && (c.state.name === 'queued' || c.state.name === 'ringing')),
    );
    const lists = await Promise.all(active.map((c) => this.deps.store.listMessages(c.tenantId, c.id)));
    const waiting = waitingFactsOf(this.state);
    return {
      available,
      conversations: conversations.map((c) => viewOf(this.state, c, waiting)),
      messages: lists.flat().map(({ tenantId: _tenant, ...view }) => view),
      link: null,
      links: [],
      broadcasts: [],
      capacity: 1,
    };
  }
}

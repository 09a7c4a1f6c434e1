import type { ConversationEvent, ConversationState, StateName } from '../conversations/lifecycle.ts';
import type { TenantLiveState } from './liveState.ts';

/**
 * [OP2] What the live state reports as it works, for operations (metrics). The edge turns it into
 * Prometheus families (ops/metrics.ts); the domain never imports a metrics library. Calls are
 * synchronous and must be cheap: they sit on the command path.
 */
export interface LiveObserver {
  /** A conversation moved from `previous` to `next` by `event` (every lifecycle change, [C1]…). */
  conversationChanged(event: ConversationEvent, previous: ConversationState, next: ConversationState): void;
  /** `count` new chat messages were stored (a resent message is not counted again, [M1]). */
  chatStored(count: number): void;
}

/** The default observer: nobody is watching, so nothing is done. */
export const unobserved: LiveObserver = {
  conversationChanged: () => undefined,
  chatStored: () => undefined,
};

/** [OP2] The live state at one instant, read when metrics are scraped (never on the command path). */
export interface LiveCensus {
  /** Open conversations of this node by lifecycle state. */
  conversations: Partial<Record<StateName, number>>;
  /** Requests waiting for a consultant (queued or ringing). */
  waiting: number;
  /** The oldest waiting request's wait so far, in ms (0 when nobody waits). */
  longestWaitMs: number;
  consultantsConnected: number;
  consultantsAvailable: number;
}

/** [OP2] Counts of one tenant's live state right now, for a metrics scrape; reads, changes nothing. */
export function censusOf(state: TenantLiveState, now: number): LiveCensus {
  const conversations: LiveCensus['conversations'] = {};
  let waiting = 0;
  let oldestQueuedAt = Infinity;
  for (const { state: lifecycle } of state.conversations.values()) {
    conversations[lifecycle.name] = (conversations[lifecycle.name] ?? 0) + 1;
    if (lifecycle.name !== 'queued' && lifecycle.name !== 'ringing') continue;
    waiting += 1;
    oldestQueuedAt = Math.min(oldestQueuedAt, lifecycle.queuedAt);
  }
  let consultantsConnected = 0;
  let consultantsAvailable = 0;
  for (const live of state.consultants.values()) {
    if (live.connections > 0) consultantsConnected += 1;
    if (live.available) consultantsAvailable += 1;
  }
  return {
    conversations,
    waiting,
    longestWaitMs: waiting > 0 ? Math.max(0, now - oldestQueuedAt) : 0,
    consultantsConnected,
    consultantsAvailable,
  };
}

/** [OP2] The node's census: every tenant's added up (the longest wait is the longest). */
export function addCensus(total: LiveCensus, census: LiveCensus): LiveCensus {
  const conversations = { ...total.conversations };
  for (const [name, count] of Object.entries(census.conversations) as [StateName, number][]) {
    conversations[name] = (conversations[name] ?? 0) + count;
  }
  return {
    conversations,
    waiting: total.waiting + census.waiting,
    longestWaitMs: Math.max(total.longestWaitMs, census.longestWaitMs),
    consultantsConnected: total.consultantsConnected + census.consultantsConnected,
    consultantsAvailable: total.consultantsAvailable + census.consultantsAvailable,
  };
}

export const emptyCensus: LiveCensus = {
  conversations: {},
  waiting: 0,
  longestWaitMs: 0,
  consultantsConnected: 0,
  consultantsAvailable: 0,
};

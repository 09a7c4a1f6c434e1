import type { ConversationEvent, ConversationState, StateName } from '../conversations/lifecycle.ts';

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

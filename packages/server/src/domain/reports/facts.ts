import type { CallMode } from '@parley/protocol';
import { describe, type ConversationEvent, type ConversationState } from '../conversations/lifecycle.ts';

/**
 * [RP1] What reports need of a conversation's life that its current state forgets: when it was
 * first answered, how long it had waited then, how often it was transferred or rang unanswered,
 * and whether the visitor left a message instead of waiting. Kept beside the live conversation
 * and updated by {@link nextFacts} on every lifecycle event.
 */
export interface ConversationFacts {
  answeredAt: number | null;
  waitMs: number | null;
  transfers: number;
  unansweredRings: number;
  leftMessage: boolean;
}

export const noFacts: ConversationFacts = {
  answeredAt: null,
  waitMs: null,
  transfers: 0,
  unansweredRings: 0,
  leftMessage: false,
};

/** [RP3] How a request ended for reports; null while it has been neither answered nor closed. */
export type ReportOutcome = 'answered' | 'abandoned' | 'declined' | 'rang_out' | 'left_message';
export const missedOutcomes = ['abandoned', 'declined', 'rang_out', 'left_message'] as const;

/** [RP1] The facts after one event moved the conversation from `previous` to `next`. Pure. */
export function nextFacts(
  facts: ConversationFacts,
  previous: ConversationState,
  event: ConversationEvent,
): ConversationFacts {
  switch (event.type) {
    case 'accept':
    case 'pick':
      // The first answer counts: a transferred conversation answered again keeps its first wait.
      if (facts.answeredAt !== null) return facts;
      return { ...facts, answeredAt: event.at, waitMs: event.at - previous.queuedAt };
    case 'transfer':
      return { ...facts, transfers: facts.transfers + 1 };
    case 'withdraw_offer':
      // [C4] A ring that timed out, or whose consultant went away, rang out.
      return { ...facts, unansweredRings: facts.unansweredRings + 1 };
    default:
      return facts;
  }
}

/** The fact row a conversation stores, as plain values (storage adds the department). */
export interface ConversationFactRow {
  consultantId: string | null;
  mode: CallMode | null;
  answeredAt: number | null;
  closedAt: number | null;
  outcome: ReportOutcome | null;
  waitMs: number | null;
  handleMs: number | null;
  transfers: number;
  unansweredRings: number;
  leftMessage: boolean;
  disposition: string | null;
}

/**
 * [RP3] The outcome: answered once anyone answered it (even while the call goes on); else, once
 * closed, declined when the last consultant declined it, and an abandoned request counts as
 * left_message when the visitor left a message, else rang_out when a ring went unanswered, else
 * abandoned. [RP4] Handling runs from the first answer to the end.
 */
export function factRowOf(
  state: ConversationState,
  facts: ConversationFacts | undefined,
  mode: CallMode | null,
): ConversationFactRow {
  const described = describe(state);
  // A record from before facts were kept: its last accept is the best answer time there is.
  const known = facts ?? {
    ...noFacts,
    answeredAt: described.acceptedAt,
    waitMs: described.acceptedAt === null ? null : described.acceptedAt - state.queuedAt,
  };
  const answered = known.answeredAt !== null;
  const closedAt = described.closedAt;
  let outcome: ReportOutcome | null = null;
  if (answered) outcome = 'answered';
  else if (state.name === 'declined') outcome = 'declined';
  else if (state.name === 'abandoned') {
    if (known.leftMessage) outcome = 'left_message';
    else if (known.unansweredRings > 0) outcome = 'rang_out';
    else outcome = 'abandoned';
  }
  return {
    consultantId: described.consultantId,
    mode,
    answeredAt: known.answeredAt,
    closedAt,
    outcome,
    waitMs: answered ? known.waitMs : null,
    handleMs: answered && closedAt !== null && known.answeredAt !== null ? closedAt - known.answeredAt : null,
    transfers: known.transfers,
    unansweredRings: known.unansweredRings,
    leftMessage: known.leftMessage,
    disposition: state.name === 'done' ? state.disposition : null,
  };
}

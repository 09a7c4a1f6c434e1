import { ParleyError, type AbandonReason, type EndReason } from '@parley/protocol';

/**
 * The conversation lifecycle as a union of states, each carrying only its own fields.
 * Rules are numbered in docs/SPEC.md ([C1]…); every change goes through `transition()`.
 */
export type ConversationState =
  | {
      name: 'queued';
      queuedAt: number;
      /** Consultants who declined it: it is not offered to them again ([C5]). */
      declinedBy: readonly string[];
      /** Put in the communication queue by a consultant: never rung again, only picked ([C9]). */
      parked: boolean;
    }
  | {
      name: 'ringing';
      queuedAt: number;
      consultantId: string;
      ringingSince: number;
      declinedBy: readonly string[];
      /** Set when a colleague transfers the conversation to this consultant ([C12]). */
      transferredFrom: string | null;
    }
  | {
      name: 'active';
      queuedAt: number;
      consultantId: string;
      acceptedAt: number;
      /** [C11] On hold: the visitor cannot send and media is paused until resumed. */
      held: boolean;
    }
  | {
      name: 'ended';
      queuedAt: number;
      consultantId: string;
      acceptedAt: number;
      endedAt: number;
      reason: EndReason;
    }
  | {
      name: 'done';
      queuedAt: number;
      consultantId: string;
      acceptedAt: number;
      endedAt: number;
      reason: EndReason;
      doneAt: number;
      disposition: string | null;
    }
  | { name: 'declined'; queuedAt: number; consultantId: string; declinedAt: number }
  | { name: 'abandoned'; queuedAt: number; abandonedAt: number; reason: AbandonReason };

export type ConversationEvent =
  | { type: 'offer'; consultantId: string; at: number }
  | { type: 'withdraw_offer'; at: number }
  | { type: 'accept'; consultantId: string; at: number }
  /** `others` is false when no other eligible consultant is left to offer it to. */
  | { type: 'decline'; consultantId: string; at: number; others: boolean }
  | { type: 'park'; consultantId: string; at: number }
  | { type: 'pick'; consultantId: string; at: number }
  | { type: 'abandon'; reason: AbandonReason; at: number }
  | { type: 'end'; reason: EndReason; at: number }
  | { type: 'hold'; consultantId: string; at: number }
  | { type: 'resume'; consultantId: string; at: number }
  /** To a colleague (`to` = their id), or back to a queue (`to` = null; the caller moves the link). */
  | { type: 'transfer'; consultantId: string; to: string | null; at: number }
  | { type: 'mark_done'; consultantId: string; disposition: string | null; at: number }
  /** [S5] The owner leaves a conference; a colleague who joined it carries the call on. */
  | { type: 'hand_over'; consultantId: string; to: string; at: number }
  /** [DV2] Its consultant was deactivated: the call goes back to the queue at its original place. */
  | { type: 'requeue'; at: number };

export type StateName = ConversationState['name'];

/** Closed for the live switchboard; `ended` still takes `mark_done` in wrap-up ([C13]). */
export const terminalStates: readonly StateName[] = ['ended', 'done', 'declined', 'abandoned'];

export function isTerminal(state: ConversationState): boolean {
  return terminalStates.includes(state.name);
}

/**
 * [M2][IA1] Whether WebRTC signals may pass between the visitor and the conversation's consultant:
 * during the call, and while it rings for them (the pre-connection that makes Accept instant;
 * its senders carry nothing until Accept, [IA2]).
 */
export function signallingOpen(state: ConversationState): boolean {
  return state.name === 'active' || state.name === 'ringing';
}

/** [C1] A new conversation starts queued. */
export function initialState(at: number): ConversationState {
  return { name: 'queued', queuedAt: at, declinedBy: [], parked: false };
}

function mustBeOwnConsultant(state: { consultantId: string }, consultantId: string): void {
  if (state.consultantId !== consultantId)
    throw new ParleyError('forbidden', "this is another consultant's conversation");
}

function mustBeRungConsultant(state: ConversationState & { name: 'ringing' }, consultantId: string): void {
  if (state.consultantId !== consultantId) {
    throw new ParleyError('forbidden', 'this request is ringing for another consultant');
  }
}

function illegal(state: ConversationState, event: ConversationEvent): never {
  throw new ParleyError('illegal_transition', `cannot ${event.type} a conversation that is ${state.name}`);
}

/**
 * The one pure transition function. Returns the next state or throws
 * `ParleyError('illegal_transition')`; never mutates its input.
 */
export function transition(state: ConversationState, event: ConversationEvent): ConversationState {
  switch (event.type) {
    case 'offer':
      // [C2] Only a queued conversation is offered (rung) to one consultant at a time.
      if (state.name !== 'queued') return illegal(state, event);
      return {
        name: 'ringing',
        queuedAt: state.queuedAt,
        consultantId: event.consultantId,
        ringingSince: event.at,
        declinedBy: state.declinedBy,
        transferredFrom: null,
      };
    case 'withdraw_offer':
      // [C4] A ring that times out, or whose consultant leaves, goes back to the queue
      // keeping its original place (queuedAt is unchanged).
      if (state.name !== 'ringing') return illegal(state, event);
      return { name: 'queued', queuedAt: state.queuedAt, declinedBy: state.declinedBy, parked: false };
    case 'accept':
      // [C3] Only the consultant being rung can accept.
      if (state.name !== 'ringing') return illegal(state, event);
      mustBeRungConsultant(state, event.consultantId);
      return {
        name: 'active',
        queuedAt: state.queuedAt,
        consultantId: state.consultantId,
        acceptedAt: event.at,
        held: false,
      };
    case 'decline':
      // [C5] The rung consultant may decline: the request goes back to its place in the queue for
      // the next eligible consultant, or closes as declined when nobody else is left.
      if (state.name !== 'ringing') return illegal(state, event);
      mustBeRungConsultant(state, event.consultantId);
      // A transferred conversation is never dropped: nobody taking it sends it back to the queue.
      if (event.others || state.transferredFrom !== null) {
        return {
          name: 'queued',
          queuedAt: state.queuedAt,
          declinedBy: [...state.declinedBy, event.consultantId],
          parked: false,
        };
      }
      return { name: 'declined', queuedAt: state.queuedAt, consultantId: state.consultantId, declinedAt: event.at };
    case 'park':
      // [C9] "Queue": the rung consultant parks the request in the communication queue.
      if (state.name !== 'ringing') return illegal(state, event);
      mustBeRungConsultant(state, event.consultantId);
      return { name: 'queued', queuedAt: state.queuedAt, declinedBy: state.declinedBy, parked: true };
    case 'pick':
      // [C10] A consultant picks a waiting request from the queue panel: it becomes theirs at once.
      if (state.name !== 'queued') return illegal(state, event);
      return {
        name: 'active',
        queuedAt: state.queuedAt,
        consultantId: event.consultantId,
        acceptedAt: event.at,
        held: false,
      };
    case 'hold':
    case 'resume':
      // [C11] Only the consultant of an active conversation holds and resumes it.
      if (state.name !== 'active' || state.held === (event.type === 'hold')) return illegal(state, event);
      mustBeOwnConsultant(state, event.consultantId);
      return { ...state, held: event.type === 'hold' };
    case 'transfer':
      // [C12] The consultant hands an active conversation to a colleague (it rings them) or to a queue.
      if (state.name !== 'active') return illegal(state, event);
      mustBeOwnConsultant(state, event.consultantId);
      if (event.to === event.consultantId) throw new ParleyError('illegal_transition', 'cannot transfer to yourself');
      if (event.to === null) return { name: 'queued', queuedAt: event.at, declinedBy: [], parked: false };
      return {
        name: 'ringing',
        queuedAt: state.queuedAt,
        consultantId: event.to,
        ringingSince: event.at,
        declinedBy: [],
        transferredFrom: event.consultantId,
      };
    case 'hand_over':
      // [S5] An active conference changes hands when its owner leaves and colleagues stay.
      if (state.name !== 'active') return illegal(state, event);
      mustBeOwnConsultant(state, event.consultantId);
      if (event.to === event.consultantId) return illegal(state, event);
      return { ...state, consultantId: event.to };
    case 'requeue':
      // [DV2] The consultant is gone for good by an admin's hand, not the visitor's: the request
      // waits again with its original queue time, so nobody who came later is served first.
      if (state.name !== 'active') return illegal(state, event);
      return { name: 'queued', queuedAt: state.queuedAt, declinedBy: [], parked: false };
    case 'mark_done':
      // [C13] Wrap-up: only after the end, by the consultant who ended it, once.
      if (state.name !== 'ended') return illegal(state, event);
      mustBeOwnConsultant(state, event.consultantId);
      return { ...state, name: 'done', doneAt: event.at, disposition: event.disposition };
    case 'abandon':
      // [C6] A visitor who cancels or leaves before being accepted abandons the request.
      if (state.name !== 'queued' && state.name !== 'ringing') return illegal(state, event);
      return {
        name: 'abandoned',
        queuedAt: state.queuedAt,
        abandonedAt: event.at,
        reason: event.reason,
      };
    case 'end':
      // [C7] Only an active conversation ends; either side (or losing a side) ends it for both.
      if (state.name !== 'active') return illegal(state, event);
      return {
        name: 'ended',
        queuedAt: state.queuedAt,
        consultantId: state.consultantId,
        acceptedAt: state.acceptedAt,
        endedAt: event.at,
        reason: event.reason,
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Fields shared by all states, for views and storage. */
export function describe(state: ConversationState): {
  consultantId: string | null;
  acceptedAt: number | null;
  closedAt: number | null;
  closeReason: EndReason | AbandonReason | 'declined' | null;
} {
  switch (state.name) {
    case 'queued':
      return { consultantId: null, acceptedAt: null, closedAt: null, closeReason: null };
    case 'ringing':
      return { consultantId: state.consultantId, acceptedAt: null, closedAt: null, closeReason: null };
    case 'active':
      return { consultantId: state.consultantId, acceptedAt: state.acceptedAt, closedAt: null, closeReason: null };
    case 'ended':
      return {
        consultantId: state.consultantId,
        acceptedAt: state.acceptedAt,
        closedAt: state.endedAt,
        closeReason: state.reason,
      };
    case 'done':
      return {
        consultantId: state.consultantId,
        acceptedAt: state.acceptedAt,
        closedAt: state.endedAt,
        closeReason: state.reason,
      };
    case 'declined':
      return {
        consultantId: state.consultantId,
        acceptedAt: null,
        closedAt: state.declinedAt,
        closeReason: 'declined',
      };
    case 'abandoned':
      return { consultantId: null, acceptedAt: null, closedAt: state.abandonedAt, closeReason: state.reason };
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

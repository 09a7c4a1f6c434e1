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
  | { name: 'ringing'; queuedAt: number; consultantId: string; ringingSince: number; declinedBy: readonly string[] }
  | { name: 'active'; queuedAt: number; consultantId: string; acceptedAt: number }
  | {
      name: 'ended';
      queuedAt: number;
      consultantId: string;
      acceptedAt: number;
      endedAt: number;
      reason: EndReason;
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
  | { type: 'end'; reason: EndReason; at: number };

export type StateName = ConversationState['name'];

export const terminalStates: readonly StateName[] = ['ended', 'declined', 'abandoned'];

export function isTerminal(state: ConversationState): boolean {
  return terminalStates.includes(state.name);
}

/** [C1] A new conversation starts queued. */
export function initialState(at: number): ConversationState {
  return { name: 'queued', queuedAt: at, declinedBy: [], parked: false };
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
      };
    case 'decline':
      // [C5] The rung consultant may decline: the request goes back to its place in the queue for
      // the next eligible consultant, or closes as declined when nobody else is left.
      if (state.name !== 'ringing') return illegal(state, event);
      mustBeRungConsultant(state, event.consultantId);
      if (event.others) {
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
      return { name: 'active', queuedAt: state.queuedAt, consultantId: event.consultantId, acceptedAt: event.at };
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

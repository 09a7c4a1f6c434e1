import type { ConversationView } from '@parley/protocol';

/**
 * [CD5] Which of the conversations a console holds the desk works on, and which it can forget.
 * Pure functions of the client's state, used by ConsultantClient's getters; the console only
 * draws what they return.
 */
export interface DeskSelectionInput {
  consultantId: string | null;
  conversations: Record<string, ConversationView>;
  available: boolean;
  capacity: number;
}

/** [S5] This consultant's conversations: their own, and a conference a colleague joined while they stay in it. */
export function mine(state: DeskSelectionInput): ConversationView[] {
  const me = state.consultantId;
  return Object.values(state.conversations).filter((v) => v.consultantId === me || v.members.some((m) => m.id === me));
}

/** F-29 The calls going on, in the order they were accepted (the tabs' order); all stay mounted. */
export function activeCalls(state: DeskSelectionInput): ConversationView[] {
  return mine(state)
    .filter((v) => v.state === 'active')
    .sort((a, b) => (a.acceptedAt ?? 0) - (b.acceptedAt ?? 0));
}

/** [CD3] Own calls that ended and wait for their wrap-up beside the calls that go on. */
export function endedCalls(state: DeskSelectionInput): ConversationView[] {
  return mine(state).filter((v) => v.state === 'ended' && v.consultantId === state.consultantId);
}

/** F-29 Whether this consultant can take one more request now (from the queue panel). */
export function hasFreeSlot(state: DeskSelectionInput): boolean {
  const busy = mine(state).filter((v) => v.state === 'active' || v.state === 'ringing').length;
  return state.available && busy < state.capacity;
}

/**
 * Conversations the desk has nothing more to show for: declined ones need no closing note (the
 * consultant declined them), done ones are wrapped up, and a colleague's call that ended is theirs
 * to wrap up, not this member's.
 */
export function settledIds(state: DeskSelectionInput): string[] {
  return mine(state)
    .filter(
      (v) =>
        v.state === 'declined' || v.state === 'done' || (v.state === 'ended' && v.consultantId !== state.consultantId),
    )
    .map((v) => v.id);
}

/** F-29 The conversation in front: the one chosen while it goes on, else the first accepted. */
export function frontCall(actives: readonly ConversationView[], selected: string | null): ConversationView | undefined {
  return actives.find((v) => v.id === selected) ?? actives[0];
}

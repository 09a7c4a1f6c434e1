/**
 * What the live state tells the rest of the domain as it changes, beyond the messages it sends
 * to people (those go through the Outbox). Media rooms and team presence listen to these instead
 * of the live state calling them: the live state knows no listener. Named `noun.verb`, past tense.
 */
export type LiveEvent =
  /** [S4] A conversation closed (ended or abandoned): its conference room, if any, goes. */
  | { type: 'conversation.closed'; tenantId: string; conversationId: string }
  /** [S5] A colleague joined a conference ([TP11]: in phone mode they get a PIN). */
  | { type: 'conference.joined'; tenantId: string; consultantId: string; conversationId: string }
  /** [S5] A consultant left a conference that goes on: their media legs in its room go. */
  | { type: 'conference.left'; tenantId: string; consultantId: string; conversationId: string }
  /** [S2] A viewer left a broadcast: their receiving leg goes at once. */
  | { type: 'broadcast.viewer_left'; tenantId: string; visitorId: string; linkId: string }
  /** [B4][S4] A broadcast went off air: its SFU room goes, with every leg. */
  | { type: 'broadcast.ended'; tenantId: string; linkId: string }
  /** [SV5] A conversation was published after a change (site visitors show whether it waits or talks). */
  | { type: 'conversation.changed'; tenantId: string; conversationId: string; visitorId: string; state: string }
  /** [O2] A consultant's own availability changed (team presence follows it). */
  | { type: 'consultant.availability_changed'; tenantId: string; consultantId: string; available: boolean };

export type LiveEventListener = (event: LiveEvent) => void;

/**
 * The live state's event channel. A listener that throws cannot break the command that emitted
 * the event, nor the listeners after it (its error goes to `onListenerError`).
 */
export class LiveEvents {
  private readonly listeners = new Set<LiveEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  on(listener: LiveEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

import { cobrowseControlKinds, ParleyError, type CobrowseSignal } from '@parley/protocol';

/**
 * [CB8] Control: a consultant may click and type on the visitor's page only while the tenant
 * allows it (Admin, off by default) and the visitor has granted it in this sharing of the page.
 * The grant ends when the visitor takes it back, when sharing stops, and when sharing starts
 * again (a new page asks afresh). Kept per live conversation object, so it goes with it.
 */
export class CobrowseControl {
  private readonly granted = new WeakMap<object, boolean>();

  /**
   * Throws `forbidden` if `signal` may not pass; remembers grants. Call it for every relayed
   * co-browsing signal of `conversation` (sender and shape are checked before, [CB2]).
   */
  admit(conversation: object, signal: CobrowseSignal, tenantAllows: boolean): void {
    if (signal.kind === 'control') {
      if (signal.granted && !tenantAllows) throw new ParleyError('forbidden', 'the tenant does not allow control');
      this.granted.set(conversation, signal.granted);
    } else if (signal.kind === 'answer' || signal.kind === 'stop') {
      this.granted.delete(conversation);
    } else if (cobrowseControlKinds.has(signal.kind)) {
      if (!tenantAllows) throw new ParleyError('forbidden', 'the tenant does not allow control');
      if (this.granted.get(conversation) !== true)
        throw new ParleyError('forbidden', 'the visitor has not granted control');
    }
  }
}

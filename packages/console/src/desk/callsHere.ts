import { useCallback, useEffect, useState } from 'react';

/**
 * [CD6] One tab of a browser carries a consultant's calls. A consultant who opens the console twice
 * would otherwise answer every call twice: both tabs get the visitor's offer and both answer, and
 * a tab that did not accept rejoins the call and takes it from the other. The tabs share a Web Lock
 * (same origin, same browser profile): its holder makes calls (and instant-answer pre-calls); the
 * others show chat only, with "Take calls here", which steals the lock. A tab that lost it waits
 * in the lock's queue and carries the calls again once the other tab closes.
 */
export class CallsHere {
  /** Releases the held lock (resolves its callback's promise). */
  private release: (() => void) | undefined;
  private waiting: AbortController | undefined;
  private stopped = false;

  constructor(
    private readonly locks: LockManager,
    private readonly name: string,
    private readonly onChange: (here: boolean) => void,
  ) {}

  start(): void {
    void this.request({ ifAvailable: true });
  }

  /** Takes the calls from whichever tab has them. */
  take(): void {
    void this.request({ steal: true });
  }

  stop(): void {
    this.stopped = true;
    this.waiting?.abort();
    this.release?.();
  }

  private async request(options: LockOptions): Promise<void> {
    try {
      await this.locks.request(this.name, options, (lock) => {
        if (this.stopped) return undefined;
        if (!lock) {
          // `ifAvailable`, and another tab has it.
          this.onChange(false);
          this.wait();
          return undefined;
        }
        this.waiting?.abort();
        this.waiting = undefined;
        this.onChange(true);
        return new Promise<void>((resolve) => (this.release = resolve));
      });
    } catch (error) {
      // An AbortError: another tab stole the lock, or this tab called its own wait off.
      if (this.stopped || options.signal || !(error instanceof DOMException) || error.name !== 'AbortError') return;
      this.release = undefined;
      this.onChange(false);
      this.wait();
    }
  }

  private wait(): void {
    if (this.waiting || this.stopped) return;
    const waiting = new AbortController();
    this.waiting = waiting;
    void this.request({ signal: waiting.signal }).finally(() => {
      if (this.waiting === waiting) this.waiting = undefined;
    });
  }
}

/**
 * Whether this tab carries the consultant's calls (null: not known yet, for the first instant
 * and until the server said who is logged in),
 * and the function that takes them here. Without Web Locks (an old browser, a page not served
 * over HTTPS or from localhost) every tab carries them, as before.
 */
export function useCallsHere(consultantId: string | null): { here: boolean | null; takeHere: () => void } {
  const locks = typeof navigator !== 'undefined' ? (navigator.locks as LockManager | undefined) : undefined;
  const [here, setHere] = useState<boolean | null>(locks ? null : true);
  const [calls, setCalls] = useState<CallsHere | null>(null);
  useEffect(() => {
    if (!locks || !consultantId) return undefined;
    const held = new CallsHere(locks, `parley-calls:${consultantId}`, setHere);
    setCalls(held);
    held.start();
    return () => held.stop();
  }, [locks, consultantId]);
  const takeHere = useCallback(() => calls?.take(), [calls]);
  return { here: !locks ? true : consultantId ? here : null, takeHere };
}

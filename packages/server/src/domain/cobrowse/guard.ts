import { cobrowseSenders, ParleyError, type CobrowseSignal } from '@parley/protocol';

/**
 * [CB2] What the server checks on a co-browsing signal before relaying it: who may send it, and
 * how many bytes of recording one connection may push per second. Nothing else of the body is
 * read, and nothing is stored: the relay forwards the frame to the other side and forgets it.
 */
export interface CobrowseBudget {
  /** Bytes of recording (`events` data) a connection may send per second, sustained. */
  bytesPerSecond: number;
  /** How many bytes may arrive at once (the first full snapshot of a page). */
  burstBytes: number;
}

/** A typical page streams a few KiB/s; a first snapshot of a large page may be a few hundred KiB. */
export const defaultCobrowseBudget: CobrowseBudget = { bytesPerSecond: 256 * 1024, burstBytes: 4 * 1024 * 1024 };

/** One connection's co-browsing guard. Holds no timers: the budget refills when asked (injected clock). */
export class CobrowseGuard {
  private tokens: number;
  private last: number;

  constructor(
    private readonly budget: CobrowseBudget,
    private readonly now: () => number,
  ) {
    this.tokens = budget.burstBytes;
    this.last = now();
  }

  /** Throws a coded refusal if `role` may not send `signal`, or the recording comes too fast. */
  admit(role: 'visitor' | 'consultant', signal: CobrowseSignal): void {
    const sender = cobrowseSenders[signal.kind];
    if (sender !== 'either' && sender !== role) {
      throw new ParleyError('forbidden', `cobrowse ${signal.kind} is sent by the ${sender}`);
    }
    if (signal.kind !== 'events') return;
    const now = this.now();
    this.tokens = Math.min(
      this.budget.burstBytes,
      this.tokens + ((now - this.last) / 1000) * this.budget.bytesPerSecond,
    );
    this.last = now;
    if (signal.data.length > this.tokens) throw new ParleyError('rate_limited', 'co-browsing streams too fast');
    this.tokens -= signal.data.length;
  }
}

/**
 * [CB2] Puts the visitor's recording on the replay page's clock for rrweb's live mode, which
 * plays an event at its timestamp minus the baseline given to `startLive`, on a timer that starts
 * counting at that call. Counted on the visitor's clock, the replay would lag by however late
 * the first batch arrived, so each batch is placed as it arrives, its last event at the arrival
 * time and the others keeping their spacing. The baseline is the moment the timer starts, and no
 * event is placed before it or before an event already given (the page's order is kept): with
 * the first event's own placed time, or a time read before the replayer was built, as the
 * baseline, the replay ran a steady 180–355 ms behind arrival (measured hop by hop).
 */
export class LiveClock {
  private latest = 0;

  /** The live timer starts now: the baseline to give `startLive`. */
  start(now: number): number {
    this.latest = Math.max(this.latest, now);
    return now;
  }

  /** Timestamps for a batch (in the page's order) that arrived at `now`. */
  place(timestamps: readonly number[], now: number): number[] {
    const shift = now - (timestamps.at(-1) ?? now);
    return timestamps.map((t) => (this.latest = Math.max(this.latest, t + shift)));
  }
}

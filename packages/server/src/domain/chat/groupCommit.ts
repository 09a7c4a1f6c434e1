/**
 * [M4] Group commit: items submitted within one turn of the event loop are written together, by
 * one call to `write`, instead of one storage round trip (and one SQLite commit) each. Batches
 * are written strictly one after another, in submission order, and each submitter learns its own
 * result only once its batch is durable — so "acknowledged" still means "stored" ([M1]).
 */
export class GroupCommit<Item, Result> {
  private pending: { item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  private tail: Promise<void> = Promise.resolve();
  private inFlight = 0;

  /**
   * @param write stores a batch and returns one result per item, in order; anything it does
   *   before returning (delivering the stored messages) happens before the next batch starts.
   * @param soon schedules the flush after the input already received has been handled.
   */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly soon: (fn: () => void) => void,
    private readonly maxBatch = 256,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      if (this.pending.length === 0) this.soon(() => void this.flush());
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) void this.flush();
    });
  }

  /**
   * Starts writing what is pending and resolves once everything submitted so far is written;
   * `undefined` when nothing is pending or in flight, so callers skip an await on the hot path.
   */
  drain(): Promise<void> | undefined {
    if (this.pending.length > 0) return this.flush();
    return this.inFlight > 0 ? this.tail : undefined;
  }

  private flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return this.tail;
    this.pending = [];
    this.inFlight++;
    this.tail = this.tail.then(async () => {
      try {
        const results = await this.write(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results[i] as Result));
      } catch (error) {
        // The whole batch failed to store: every sender is told, none is acknowledged.
        for (const entry of batch) entry.reject(error);
      } finally {
        this.inFlight--;
      }
    });
    return this.tail;
  }
}

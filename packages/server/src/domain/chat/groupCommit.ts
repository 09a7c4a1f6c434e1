/**
 * [M4] Group commit: items are written together, by one call to `write`, instead of one storage
 * round trip (and one SQLite commit) each. One batch is in flight at a time; what is submitted
 * meanwhile waits and goes as the next batch, so the slower storage is, the larger the batches
 * grow. The first item after an idle spell waits only for the end of the current event-loop turn.
 * Each submitter learns its own result only once its batch is durable — so "acknowledged" still
 * means "stored" ([M1]) — and batches are written strictly in submission order.
 */
export class GroupCommit<Item, Result> {
  private pending: { item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  /** The running writer loop: set while a batch is in flight, until nothing is pending. */
  private writing?: Promise<void>;
  private scheduled = false;

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
      this.pending.push({ item, resolve, reject });
      if (this.writing) return; // the writer loop takes it with the next batch
      if (this.pending.length >= this.maxBatch) {
        void this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        this.soon(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  /**
   * Starts writing what is pending and resolves once everything submitted so far is written;
   * `undefined` when nothing is pending or in flight, so callers skip an await on the hot path.
   */
  drain(): Promise<void> | undefined {
    if (this.pending.length === 0 && !this.writing) return undefined;
    return this.flush();
  }

  private flush(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.pending.length === 0) return Promise.resolve();
    // writeAll awaits its first write before it can finish, so `writing` is set before it clears.
    this.writing = this.writeAll();
    return this.writing;
  }

  private async writeAll(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map((entry) => entry.item));
          batch.forEach((entry, i) => entry.resolve(results[i] as Result));
        } catch (error) {
          // The whole batch failed to store: every sender is told, none is acknowledged.
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}

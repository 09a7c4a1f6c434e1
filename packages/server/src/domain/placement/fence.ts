/**
 * Fencing ([PL3]): every write of a tenant's live state carries the token of the lease its node
 * held when it decided to write. The storage admits a write only when no larger token has been
 * admitted for that tenant, in the same transaction as the write. A node that lost its lease
 * (paused, partitioned, its renewals late) is refused by the first write of the new owner on,
 * even though it has not noticed yet.
 */
export interface FenceStore {
  /** Records `token` for `tenantId` and says yes, or says no when a larger one was admitted. */
  admit(tenantId: string, token: number): Promise<boolean>;
  /** The highest token admitted for `tenantId` (0 when none): the lease store's floor ([PL5]). */
  highest(tenantId: string): Promise<number>;
}

/** The rule itself, shared by the memory model and documented for the SQL one. */
export function admits(highestAdmitted: number | undefined, token: number): boolean {
  return highestAdmitted === undefined || token >= highestAdmitted;
}

export class MemoryFenceStore implements FenceStore {
  private readonly admitted = new Map<string, number>();

  admit(tenantId: string, token: number): Promise<boolean> {
    if (!admits(this.admitted.get(tenantId), token)) return Promise.resolve(false);
    this.admitted.set(tenantId, token);
    return Promise.resolve(true);
  }

  highest(tenantId: string): Promise<number> {
    return Promise.resolve(this.admitted.get(tenantId) ?? 0);
  }
}

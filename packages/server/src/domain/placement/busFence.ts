/**
 * [PL30] Fencing on the bus: the storage refuses a late writer's writes ([PL3], `fence.ts`); this
 * refuses its messages. Every tenant message a lease holder publishes carries the tenant and the
 * holder's token; each node, before it hands a message to its sockets, drops a tenant's message
 * whose token is lower than the highest it has seen for that tenant. A node frozen (SIGSTOP, a GC
 * pause, cut off from Redis) that wakes up still believing in its lease may publish, but once any
 * newer token for the tenant reached a node, nothing of the old holder is delivered there.
 *
 * Tokens only grow, also across a Redis that lost its keys ([PL5]: they start again above the
 * storage's highest admitted token and Redis's clock in ms), so the highest token seen never has
 * to be forgotten. A message not tied to a tenant carries no fence and is always delivered.
 */
export interface BusFence {
  tenantId: string;
  token: number;
}

export class BusFenceFilter {
  private readonly highest = new Map<string, number>();

  /**
   * Whether a message published under `fence` is delivered: yes unless a larger token was seen
   * for its tenant. A larger token than any seen becomes the tenant's highest.
   */
  admit(fence: BusFence): boolean {
    const highest = this.highest.get(fence.tenantId);
    if (highest !== undefined && fence.token < highest) return false;
    if (highest !== fence.token) this.highest.set(fence.tenantId, fence.token);
    return true;
  }

  /**
   * A token learned other than by a message (this node took the lease, or another node announced
   * it took it): from now on the tenant's messages under smaller tokens are dropped, even before
   * the new holder published anything.
   */
  observe(fence: BusFence): void {
    const highest = this.highest.get(fence.tenantId);
    if (highest === undefined || fence.token > highest) this.highest.set(fence.tenantId, fence.token);
  }

  /** The highest token seen for the tenant (undefined: none yet). */
  highestOf(tenantId: string): number | undefined {
    return this.highest.get(tenantId);
  }
}

import type { Clock } from '../runtime.ts';
import type { LeaseGrant, LeaseStore } from './leaseKeeper.ts';

/**
 * Spreading tenants over the live nodes (issue 18, [PL22]–[PL24]). Every node ranks the nodes for
 * a tenant the same way (rendezvous hashing: the highest hash of node and tenant wins), so each
 * agrees, without talking, which live node a tenant prefers. A node seeks a lease at once only for
 * the tenants it ranks first; it takes another only after that tenant stayed unowned for a grace
 * period (its preferred node is gone, or does not seek it). A holder that is not the preferred
 * node any more (a preferred node joined) hands the tenant over by releasing it, as in a drain.
 */

/** 32-bit FNV-1a, then a final mix: cheap, stable across processes and well spread. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** [PL22] The nodes in the order `tenantId` prefers them (ties, never in practice, by name). */
export function rankNodes(tenantId: string, nodes: readonly string[]): string[] {
  const scored = nodes.map((node) => ({ node, score: hash(`${node}\u0000${tenantId}`) }));
  scored.sort((x, y) => y.score - x.score || (x.node < y.node ? -1 : 1));
  return scored.map((entry) => entry.node);
}

/** What the spreading rule needs of the lease store besides the lease itself: who holds a key. */
export interface ObservableLeaseStore extends LeaseStore {
  holder(key: string): Promise<{ owner: string; token: number } | null>;
}

/** This node's view of who is alive and which tenants it should hold. */
export class TenantSpread {
  private members: readonly string[];
  /** When this node first saw each tenant without a holder (since then continuously). */
  private readonly freeSince = new Map<string, number>();
  /** Tenants this node handed to a preferred node that then did not take them ([PL24]). */
  private readonly declinedBy = new Map<string, string>();

  constructor(
    readonly self: string,
    private readonly clock: Clock,
    /** How long a tenant must stay unowned before a node that is not its preferred one takes it. */
    private readonly graceMs: number,
  ) {
    this.members = [self];
  }

  /** The live nodes, from the heartbeats in the shared store; this node always counts. */
  setMembers(nodes: readonly string[]): void {
    const members = nodes.includes(this.self) ? [...nodes] : [...nodes, this.self];
    const changed = members.length !== this.members.length || members.some((n) => !this.members.includes(n));
    const before = this.members;
    this.members = members;
    if (!changed) return;
    this.declinedBy.clear();
    // A tenant whose preferred node changed counts its grace from now, not from a time it was seen
    // unowned under another preference (CI: b saw a tenant free while c drained, took it as
    // preferred once c left, and when c came back took it again at once and kept it for good).
    // Only those: nodes coming and going elsewhere must not hold every other tenant's grace back.
    for (const tenantId of [...this.freeSince.keys()]) {
      if (rankNodes(tenantId, before)[0] !== rankNodes(tenantId, members)[0]) this.freeSince.delete(tenantId);
    }
  }

  get liveNodes(): readonly string[] {
    return this.members;
  }

  preferred(tenantId: string): string {
    return rankNodes(tenantId, this.members)[0] ?? this.self;
  }

  /** Seen by a seek: `holder` holds the tenant now (null: nobody). */
  observe(tenantId: string, holder: string | null): void {
    if (holder !== null) {
      this.freeSince.delete(tenantId);
      return;
    }
    if (!this.freeSince.has(tenantId)) this.freeSince.set(tenantId, this.clock.now());
  }

  /** [PL22][PL23] Whether this node may try to take the tenant's lease now. */
  mayAcquire(tenantId: string): boolean {
    if (this.preferred(tenantId) === this.self) return true;
    const since = this.freeSince.get(tenantId);
    return since !== undefined && this.clock.now() - since >= this.graceMs;
  }

  /** Called when this node took a tenant's lease as its preferred node. */
  took(tenantId: string): void {
    this.freeSince.delete(tenantId);
  }

  /** Called when this node took a tenant it is not the preferred node of: it was left unowned. */
  tookOver(tenantId: string): void {
    this.took(tenantId);
    const preferred = this.preferred(tenantId);
    // The preferred node is alive but let it lie: handing it over again would only flap.
    if (preferred !== this.self) this.declinedBy.set(tenantId, preferred);
  }

  /** [PL24] Whether this node, holding the tenant, should release it to its preferred node. */
  shouldHandOver(tenantId: string): boolean {
    const preferred = this.preferred(tenantId);
    return preferred !== this.self && this.declinedBy.get(tenantId) !== preferred;
  }
}

/**
 * The lease store as a keeper of this node sees it: an acquire that the spreading rule does not
 * allow yet answers "held" without asking for the lease, after looking who holds it.
 */
export class SpreadLeaseStore implements LeaseStore {
  constructor(
    private readonly store: ObservableLeaseStore,
    private readonly spread: TenantSpread,
  ) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<LeaseGrant | null> {
    if (this.spread.preferred(key) !== this.spread.self) {
      const holder = await this.store.holder(key);
      this.spread.observe(key, holder?.owner ?? null);
      if (!this.spread.mayAcquire(key)) return null;
      const grant = await this.store.acquire(key, owner, ttlMs);
      if (grant) this.spread.tookOver(key);
      return grant;
    }
    const grant = await this.store.acquire(key, owner, ttlMs);
    if (grant) this.spread.took(key);
    return grant;
  }

  renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    return this.store.renew(key, owner, token, ttlMs);
  }

  release(key: string, owner: string, token: number): Promise<void> {
    return this.store.release(key, owner, token);
  }
}

/** [PL24] Of the tenants this node holds, those to hand over to their preferred live node now. */
export function misplaced(spread: TenantSpread, held: Iterable<string>): string[] {
  return [...held].filter((tenantId) => spread.shouldHandOver(tenantId));
}

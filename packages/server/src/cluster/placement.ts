import type { LiveRegistry } from '../domain/live/liveRegistry.ts';
import type { TenantLive } from '../domain/live/tenantLive.ts';
import type { ForwardedMethod } from './ownerCommands.ts';

/**
 * What a socket may ask of its tenant's live state, wherever that state runs: the `TenantLive`
 * commands that can be forwarded to another node ([PL6]), and the tenant's id.
 */
export type LiveCommands = Pick<TenantLive, ForwardedMethod | 'tenantId'>;

/** The live state a socket's commands go to, and who runs it (compared when the owner moves). */
export interface TenantBinding {
  live: LiveCommands;
  owner: string;
}

/**
 * Which node runs a tenant's live state, as the edge sees it (issue 18). One node runs every
 * tenant itself; in a cluster (`ClusterNode`) the lease holder does, and other nodes forward.
 */
export interface Placement {
  /** The tenant's commands: run here, or forwarded to the node holding the tenant's lease. */
  bind(tenantId: string): Promise<TenantBinding>;
  /**
   * Calls `moved` once the tenant's live state no longer runs where `owner` says (the lease
   * passed on): the socket is closed so its client resumes against the new owner. Returns the
   * unsubscribe.
   */
  onMoved(tenantId: string, owner: string, moved: () => void): () => void;
}

/** The single-node default: every tenant's live state runs here, and never moves. */
export class SingleNodePlacement implements Placement {
  constructor(private readonly live: LiveRegistry) {}

  bind(tenantId: string): Promise<TenantBinding> {
    return Promise.resolve({ live: this.live.of(tenantId), owner: 'this node' });
  }

  onMoved(): () => void {
    return () => undefined;
  }
}

import { isParleyError } from '@parley/protocol';
import type { LiveCommands, Placement } from '../../cluster/placement.ts';
import type { Services } from '../services.ts';

/**
 * A socket's tenant live state, wherever it runs (issue 18): this node's own, or the lease
 * holder's through forwarded commands ([PL6]). When the tenant moves to another node, `moved`
 * is called: the socket closes so its client resumes against the new owner ([PL7]). Subscriptions
 * to the bus are confirmed before the caller goes on, so no message published for the socket
 * after its welcome can overtake them.
 */
export async function bindTenant(
  services: Services,
  tenantId: string,
  moved: () => void,
): Promise<{ live: LiveCommands; unbind: () => void }> {
  const { live, owner } = await services.placement.bind(tenantId);
  return { live, unbind: services.placement.onMoved(tenantId, owner, moved) };
}

/**
 * [PL6][PL7] The tenant's owner did not answer or has just lost its lease: not the client's fault
 * and not final. The socket is closed as for a restart, and the client resumes and resends what
 * was not acknowledged ([M3]) against whichever node holds the lease by then.
 */
export function ownerMoved(error: unknown): boolean {
  return isParleyError(error) && (error.code === 'owner_unreachable' || error.code === 'lease_lost');
}

/**
 * [PL9] Tells the tenant's owner, wherever it runs, that something it reads from storage changed
 * (an admin's change to links or consultants, a left message). When the owner cannot be reached or
 * has just lost its lease there is no one to tell: whoever takes the lease next rebuilds the live
 * state from storage ([P5]) and finds the change there.
 */
export async function tellOwner(
  placement: Placement,
  tenantId: string,
  tell: (live: LiveCommands) => Promise<unknown>,
): Promise<void> {
  try {
    await tell((await placement.bind(tenantId)).live);
  } catch (error) {
    if (!ownerMoved(error)) throw error;
  }
}

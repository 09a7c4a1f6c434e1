import type { Consultant, Link } from '../tenants/directory.ts';

/**
 * Which links a consultant serves (docs/SPEC.md [R1]–[R3]):
 * - consultation and broadcast links: only the consultants assigned to the link;
 * - pool links: every active consultant of the link's department (or of the whole tenant when
 *   the link has no department), plus anybody assigned to it explicitly.
 * A deactivated consultant serves nothing.
 */
export function routableLinkIds(consultant: Consultant, links: readonly Link[], assigned: readonly string[]): string[] {
  if (!consultant.active) return [];
  return links
    .filter((link) => {
      if (link.tenantId !== consultant.tenantId) return false;
      if (assigned.includes(link.id)) return true;
      if (link.mode !== 'pool') return false;
      return link.departmentId === null || link.departmentId === consultant.departmentId;
    })
    .map((link) => link.id);
}

import type { Runtime } from '../runtime.ts';
import { hashPassword } from '../auth/passwords.ts';
import { consultantDefaults, linkDefaults, type DirectoryStore, type Link } from './directory.ts';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_LINK_KEY = 'demo-help';

/**
 * Creates the demo tenant "Demo" with one consultant and one consultation link on first start;
 * later starts find it and change nothing.
 */
export async function ensureDemoTenant(
  directory: DirectoryStore,
  runtime: Runtime,
  login: { email: string; password: string },
): Promise<{ link: Link; created: boolean }> {
  const existing = await directory.findTenantBySlug(DEMO_TENANT_SLUG);
  if (existing) {
    const link = await directory.findLinkByKey(DEMO_LINK_KEY);
    if (!link) throw new Error('demo tenant exists without its demo link');
    return { link, created: false };
  }
  const tenant = { id: runtime.ids.next('ten'), name: 'Demo', slug: DEMO_TENANT_SLUG };
  await directory.createTenant(tenant);
  const consultant = {
    id: runtime.ids.next('con'),
    tenantId: tenant.id,
    email: login.email,
    name: 'Dana Demo',
    role: 'admin' as const,
    passwordHash: await hashPassword(login.password),
    ...consultantDefaults,
  };
  await directory.createConsultant(consultant);
  const link: Link = {
    id: runtime.ids.next('link'),
    tenantId: tenant.id,
    key: DEMO_LINK_KEY,
    name: 'Demo help desk',
    ...linkDefaults,
  };
  await directory.createLink(link);
  await directory.assignConsultant(tenant.id, link.id, consultant.id);
  return { link, created: true };
}

import type { Runtime } from '../runtime.ts';
import { hashPassword } from '../auth/passwords.ts';
import {
  consultantDefaults,
  linkDefaults,
  type Consultant,
  type Directory,
  type Link,
  type LinkMode,
  type Tenant,
} from './directory.ts';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_LINK_KEY = 'demo-help';
export const DEMO_POOL_KEY = 'demo-pool';
export const DEMO_BROADCAST_KEY = 'demo-broadcast';
/** The second demo consultant, in the pool with the first (same password). */
export const DEMO_SECOND_EMAIL = 'sam@demo.parley';

/** The demo's links, one per mode, so every routing mode can be tried from the demo page. */
export const demoLinks: readonly { key: string; name: string; mode: LinkMode }[] = [
  { key: DEMO_LINK_KEY, name: 'Demo help desk', mode: 'consultation' },
  { key: DEMO_POOL_KEY, name: 'Demo sales pool', mode: 'pool' },
  { key: DEMO_BROADCAST_KEY, name: 'Demo broadcast', mode: 'broadcast' },
];

/**
 * Creates the demo tenant "Demo" on first start: the admin consultant Dana (consultation and
 * broadcast links, and the Sales pool) and Sam (Sales pool only). Later starts add whatever
 * piece is missing and change nothing else.
 */
export async function ensureDemoTenant(
  directory: Pick<Directory, 'tenants' | 'departments' | 'consultants' | 'links'>,
  runtime: Runtime,
  login: { email: string; password: string; allowedOrigins?: readonly string[] },
): Promise<{ link: Link; created: boolean; accountsCreated: boolean }> {
  let tenant = await directory.tenants.findTenantBySlug(DEMO_TENANT_SLUG);
  const created = !tenant;
  if (!tenant) {
    tenant = { id: runtime.ids.next('ten'), name: 'Demo', slug: DEMO_TENANT_SLUG } satisfies Tenant;
    await directory.tenants.createTenant(tenant);
    // [E5][EM1] Sites the demo's links may be embedded on; none listed (the default) means any website.
    await directory.tenants.setAllowedOrigins(tenant.id, login.allowedOrigins ?? []);
  }
  const tenantId = tenant.id;
  let sales = (await directory.departments.listDepartments(tenantId)).find((d) => d.name === 'Sales');
  if (!sales) {
    sales = { id: runtime.ids.next('dep'), tenantId, name: 'Sales' };
    await directory.departments.createDepartment(sales);
  }
  let passwordHash: string | undefined;
  // [U6] Whether login.password went into an account now: only then is a generated one printed.
  let accountsCreated = false;
  const ensureConsultant = async (email: string, name: string, role: Consultant['role']): Promise<Consultant> => {
    const found = await directory.consultants.findConsultantByEmail(email);
    if (found) return found;
    passwordHash ??= await hashPassword(login.password);
    accountsCreated = true;
    const consultant: Consultant = {
      id: runtime.ids.next('con'),
      tenantId,
      email,
      name,
      role,
      passwordHash,
      ...consultantDefaults,
      departmentId: sales.id,
    };
    await directory.consultants.createConsultant(consultant);
    return consultant;
  };
  const dana = await ensureConsultant(login.email, 'Dana Demo', 'admin');
  await ensureConsultant(DEMO_SECOND_EMAIL, 'Sam Sales', 'consultant');

  const links: Link[] = [];
  for (const spec of demoLinks) {
    let link = await directory.links.findLinkByKey(spec.key);
    if (!link) {
      link = {
        id: runtime.ids.next('link'),
        tenantId,
        key: spec.key,
        name: spec.name,
        ...linkDefaults,
        mode: spec.mode,
        departmentId: spec.mode === 'pool' ? sales.id : null,
      };
      await directory.links.createLink(link);
      if (spec.mode !== 'pool') await directory.links.assignConsultant(tenantId, link.id, dana.id);
    }
    links.push(link);
  }
  const [help] = links;
  if (!help) throw new Error('demo help link missing');
  return { link: help, created, accountsCreated };
}

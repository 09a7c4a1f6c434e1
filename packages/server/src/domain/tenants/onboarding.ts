import { ParleyError } from '@parley/protocol';
import { hashPassword, oneTimePassword } from '../auth/passwords.ts';
import type { Runtime } from '../runtime.ts';
import { consultantDefaults, type Consultant, type Directory, type Tenant } from './directory.ts';

export interface NewCompany {
  name: string;
  adminEmail: string;
  adminName: string;
}

/** A URL-safe short name from the company name: `Acme & Co.` → `acme-co`. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'company';
}

/**
 * [U7] An operator sets up a company: a tenant and its first admin, who signs in with a one-time
 * password ([U4]) and builds the rest (consultants, links) in the console's Admin area.
 */
export async function createCompany(
  directory: Pick<Directory, 'tenants' | 'consultants'>,
  runtime: Runtime,
  company: NewCompany,
): Promise<{ tenant: Tenant; admin: Consultant; oneTimePassword: string }> {
  if (await directory.consultants.findConsultantByEmail(company.adminEmail)) throw new ParleyError('email_taken');
  const base = slugOf(company.name);
  let slug = base;
  for (let n = 2; await directory.tenants.findTenantBySlug(slug); n++) slug = `${base}-${n}`;
  const tenant: Tenant = { id: runtime.ids.next('ten'), name: company.name, slug };
  await directory.tenants.createTenant(tenant);
  const password = oneTimePassword(runtime);
  const admin: Consultant = {
    id: runtime.ids.next('con'),
    tenantId: tenant.id,
    email: company.adminEmail.toLowerCase(),
    name: company.adminName,
    role: 'admin',
    passwordHash: await hashPassword(password),
    ...consultantDefaults,
    mustChangePassword: true,
  };
  await directory.consultants.createConsultant(admin);
  return { tenant, admin, oneTimePassword: password };
}

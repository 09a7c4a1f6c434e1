import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isParleyError, summarizeIssues } from '@parley/protocol';
import { createCompany } from '../domain/tenants/onboarding.ts';
import { consultantLoginUrl } from '../transport/http/routes/pages.ts';
import type { CliCommand, CliContext } from './context.ts';

const USAGE = [
  'npm run parley -- tenant create --name "Company" --admin-email admin@company.example [--admin-name "Ann Admin"]',
  'npm run parley -- tenant list',
];

const CreateOptions = z.object({
  name: z.string().trim().min(1).max(100),
  'admin-email': z.string().trim().toLowerCase().pipe(z.email().max(254)),
  'admin-name': z.string().trim().min(1).max(100).optional(),
});

async function create(args: string[], context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-name': { type: 'string' } },
    strict: true,
  });
  const parsed = CreateOptions.safeParse(values);
  if (!parsed.success) {
    context.err(`tenant create: ${summarizeIssues(parsed.error.issues, '--')}`);
    context.err(`usage: ${USAGE[0] ?? ''}`);
    return 2;
  }
  const options = parsed.data;
  const { store, close } = await context.openStore();
  try {
    const adminName = options['admin-name'] ?? options['admin-email'].split('@')[0] ?? 'Admin';
    const company = await createCompany(store, context.runtime, {
      name: options.name,
      adminEmail: options['admin-email'],
      adminName,
    });
    const { publicUrl } = context.config;
    context.out(`Tenant created     : ${company.tenant.name} (slug ${company.tenant.slug}, id ${company.tenant.id})`);
    context.out(`First admin        : ${company.admin.email}`);
    context.out(`One-time password  : ${company.oneTimePassword}`);
    context.out('                     shown only now; it must be changed at the first sign-in');
    context.out(`Sign in at         : ${consultantLoginUrl(publicUrl)}`);
    return 0;
  } catch (error) {
    if (isParleyError(error)) {
      context.err(`tenant create: ${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}

async function list(context: CliContext): Promise<number> {
  const { store, close } = await context.openStore();
  try {
    const tenants = await store.tenants.listTenants();
    for (const tenant of tenants) {
      const consultants = await store.consultants.listConsultants(tenant.id);
      const admins = consultants.filter((c) => c.role === 'admin' && c.active).map((c) => c.email);
      context.out(
        `${tenant.slug}\t${tenant.name}\t${consultants.length} consultant(s)\tadmins: ${admins.join(', ') || '–'}`,
      );
    }
    if (tenants.length === 0) context.out('no tenants yet: npm run parley -- tenant create …');
    return 0;
  } finally {
    await close();
  }
}

/** [U7] Tenants: create one with its first admin, or list them. */
export const tenantCommand: CliCommand = {
  summary: 'tenant create --name … --admin-email …  |  tenant list',
  async run([action, ...rest], context) {
    if (action === 'create') return create(rest, context);
    if (action === 'list' && rest.length === 0) return list(context);
    context.err(`usage:\n  ${USAGE.join('\n  ')}`);
    return 2;
  },
};

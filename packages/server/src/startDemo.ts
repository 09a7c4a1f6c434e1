import type { Config } from './config.ts';
import { oneTimePassword } from './domain/auth/passwords.ts';
import type { Runtime } from './domain/runtime.ts';
import { DEMO_POOL_KEY, DEMO_SECOND_EMAIL, DEMO_TENANT_SLUG, ensureDemoTenant } from './domain/tenants/demo.ts';
import type { Directory } from './domain/tenants/directory.ts';
import { consultantLoginUrl, visitorEmbedCode } from './transport/http/routes/pages.ts';

/**
 * [U6] The demo tenant at start: the zero-config default on a local URL, refused on an https
 * one unless PARLEY_DEMO=on. Its password is PARLEY_DEMO_PASSWORD (never printed) or generated
 * when the accounts are created — printed that once, stored only hashed. Returns the lines
 * `npm start` prints about it.
 */
export async function startDemo(
  config: Config,
  directory: Pick<Directory, 'tenants' | 'departments' | 'consultants' | 'links'>,
  runtime: Runtime,
): Promise<string[]> {
  const demo = config.demo;
  if (!demo) return [];
  if (new URL(config.publicUrl).protocol === 'https:' && !demo.explicit) {
    const exists = await directory.tenants.findTenantBySlug(DEMO_TENANT_SLUG);
    return [
      exists
        ? '  Demo tenant        : exists, left as it is (PARLEY_PUBLIC_URL is https: nothing of it is created or repaired without PARLEY_DEMO=on)'
        : '  Demo tenant        : not created, PARLEY_PUBLIC_URL is https (set PARLEY_DEMO=on to create it anyway; `npm run parley -- tenant create` sets up your company)',
    ];
  }
  const password = demo.password ?? oneTimePassword(runtime);
  // [EM1] The demo tenant lists no sites: its embed code works on any page, as a new tenant's does.
  const { link, accountsCreated } = await ensureDemoTenant(directory, runtime, { email: demo.email, password });
  const shown = demo.password
    ? '(admin; password from PARLEY_DEMO_PASSWORD)'
    : accountsCreated
      ? `/ ${password}  (admin; password generated now and shown only this once)`
      : '(admin; password printed at first start, `npm run parley -- password reset --email …` makes a new one)';
  return [
    `  Demo customer page : ${config.publicUrl}/demo`,
    `  Visitor embed code : ${visitorEmbedCode(config.publicUrl, link.key)}`,
    `  Consultant console : ${consultantLoginUrl(config.publicUrl)}`,
    `  Demo login         : ${demo.email} ${shown}`,
    `  Second consultant  : ${DEMO_SECOND_EMAIL}, same password  (sales pool: ${config.publicUrl}/demo?link=${DEMO_POOL_KEY})`,
  ];
}

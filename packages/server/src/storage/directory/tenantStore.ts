import type { Kysely } from 'kysely';
import type { Tenant, TenantStore } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';

/** Tenants and their allowed sites ([E5]) in SQL. */
export class SqlTenantStore implements TenantStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async createTenant(tenant: Tenant): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({ ...tenant, created_at: this.now() })
      .execute();
  }

  async findTenantBySlug(slug: string): Promise<Tenant | undefined> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst();
  }

  async listTenants(): Promise<Tenant[]> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).orderBy('created_at').execute();
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('id', '=', id).executeTakeFirst();
  }

  async getAllowedOrigins(tenantId: string): Promise<string[]> {
    const row = await this.db
      .selectFrom('tenants')
      .select('allowed_origins')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    const parsed: unknown = row ? JSON.parse(row.allowed_origins) : [];
    return Array.isArray(parsed) ? parsed.filter((o): o is string => typeof o === 'string') : [];
  }

  async setAllowedOrigins(tenantId: string, origins: readonly string[]): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ allowed_origins: JSON.stringify(origins) })
      .where('id', '=', tenantId)
      .execute();
  }

  async getCobrowseControl(tenantId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('cobrowse_settings')
      .select('control')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.control === 1;
  }

  async setCobrowseControl(tenantId: string, control: boolean): Promise<void> {
    const values = { control: control ? 1 : 0 };
    await this.db
      .insertInto('cobrowse_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }
}

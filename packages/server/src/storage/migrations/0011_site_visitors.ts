import type { Kysely, Migration } from 'kysely';

/**
 * Site visitors (issue 15): the tenant's two settings ([SV1], [SV4]; no row means both on) and
 * the record of invitations and how each ended ([SV8]). Page views themselves are live state only.
 */
export const siteVisitors: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('site_visitor_settings')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('honour_dnt', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createTable('site_invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('visit_id', 'text', (c) => c.notNull())
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('consultants.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .addColumn('settled_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('site_invitations_tenant_sent')
      .on('site_invitations')
      .columns(['tenant_id', 'sent_at'])
      .execute();
  },
};

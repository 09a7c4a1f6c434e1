import type { Kysely, Migration } from 'kysely';

/** [CB8] The tenant's co-browsing settings: consultants may click and type for the visitor (no row: off). */
export const cobrowseSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cobrowse_settings')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
      .addColumn('control', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};

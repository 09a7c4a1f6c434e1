import type { Kysely, Migration } from 'kysely';

/** [AP1]–[AP4] Planned sessions with guests; the session code is kept only as its digest ([AP2]). */
export const appointments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('appointments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('consultant_id', 'text', (c) => c.notNull().references('consultants.id'))
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('duration_minutes', 'integer', (c) => c.notNull())
      // The end, kept for the "upcoming" query's index (starts_at + duration).
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('guest_name', 'text', (c) => c.notNull())
      .addColumn('guest_email', 'text')
      .addColumn('guest_phone', 'text')
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('sequence', 'integer', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('appointments_tenant_end')
      .on('appointments')
      .columns(['tenant_id', 'ends_at'])
      .execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/** [E5] Sites allowed to embed a tenant's links; [P5] a consultant's availability kept across restarts. */
export const trust: Migration = {
  async up(db: Kysely<unknown>) {
    // [E5] Sites allowed to embed the tenant's links, as a JSON array of origins.
    await db.schema
      .alterTable('tenants')
      .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    // [P5] A consultant's own availability, so a restarted server restores it.
    await db.schema
      .createTable('consultant_presence')
      .addColumn('consultant_id', 'text', (c) => c.primaryKey().references('consultants.id'))
      .addColumn('available', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

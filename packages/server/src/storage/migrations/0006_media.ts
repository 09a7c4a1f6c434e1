import type { Kysely, Migration } from 'kysely';

/**
 * [MD1] How the visitor joined, and the per-tenant support-video library (F-19).
 * Recorded as `0005_media` by databases migrated before the renumbering (see ./legacyNames.ts).
 */
export const media: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('conversations').addColumn('visitor_setup_json', 'text').execute();
    await db.schema
      .createTable('support_videos')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('consultants.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('support_videos_tenant').on('support_videos').column('tenant_id').execute();
  },
};

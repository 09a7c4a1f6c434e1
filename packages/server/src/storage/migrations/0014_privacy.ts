import type { Kysely, Migration } from 'kysely';

/**
 * [GD1][GD2] A tenant's retention periods and privacy notice (no row: the defaults), and the
 * index the retention job walks: conversations by end time (messages are found by their
 * conversation through the unique index of 0001).
 */
export const privacy: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('privacy_settings')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
      .addColumn('chat_days', 'integer')
      .addColumn('notes_days', 'integer')
      .addColumn('inbox_days', 'integer')
      .addColumn('visits_days', 'integer')
      .addColumn('privacy_url', 'text')
      .execute();
    await db.schema
      .createIndex('conversations_tenant_closed')
      .on('conversations')
      .columns(['tenant_id', 'closed_at'])
      .execute();
  },
};

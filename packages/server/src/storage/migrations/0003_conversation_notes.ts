import type { Kysely, Migration } from 'kysely';

/**
 * Notes on a conversation (transfer reasons); superseded by the notepad of 0005 and dropped by 0007.
 * Recorded as `0006_notes` by databases migrated before the renumbering (see ./legacyNames.ts).
 */
export const conversationNotes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('conversation_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('conversation_notes_conversation')
      .on('conversation_notes')
      .columns(['tenant_id', 'conversation_id'])
      .execute();
  },
};

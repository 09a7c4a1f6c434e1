import type { Kysely, Migration } from 'kysely';

/** Transfer reasons moved into the notepad table of 0005_consultant_tools: one place for notes. */
export const dropConversationNotes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('conversation_notes').ifExists().execute();
  },
};

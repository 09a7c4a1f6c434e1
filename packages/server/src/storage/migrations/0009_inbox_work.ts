import type { Kysely, Migration } from 'kysely';

/**
 * [IB2]–[IB4] The inbox records who answered a left message by e-mail, who it is assigned to and
 * by whom, and who marked it handled — each with its time (issue 22 item 6).
 */
export const inboxWork: Migration = {
  async up(db: Kysely<unknown>) {
    const columns: [string, 'text' | 'bigint'][] = [
      ['handled_by', 'text'],
      ['assignee_id', 'text'],
      ['assigned_at', 'bigint'],
      ['assigned_by', 'text'],
      ['answered_at', 'bigint'],
      ['answered_by', 'text'],
    ];
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    for (const [name, type] of columns) {
      await db.schema.alterTable('left_messages').addColumn(name, type).execute();
    }
  },
};

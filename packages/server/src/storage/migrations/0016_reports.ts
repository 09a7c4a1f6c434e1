import type { Kysely, Migration } from 'kysely';

/**
 * [RP1]–[RP9] Reports (issue 15 item 5): one compact fact row per conversation, written at every
 * lifecycle change beside the conversation itself, and the tenant's time zone for day, week and
 * month buckets. The fact row holds no personal data (no names, no text), so a contact's erasure
 * and the retention job leave it: the numbers of past months do not change when chats are purged.
 * The index leads with (tenant, queue time): every report is a range of one tenant's queue times,
 * and carries the columns the report reads, so SQLite answers from the index alone.
 */
export const reports: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('conversation_facts')
      .addColumn('conversation_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('link_id', 'text', (c) => c.notNull())
      .addColumn('department_id', 'text')
      .addColumn('consultant_id', 'text')
      .addColumn('mode', 'text')
      .addColumn('queued_at', 'bigint', (c) => c.notNull())
      .addColumn('answered_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('outcome', 'text')
      .addColumn('wait_ms', 'bigint')
      .addColumn('handle_ms', 'bigint')
      .addColumn('transfers', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unanswered_rings', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('left_message', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disposition', 'text')
      .execute();
    await db.schema
      .createIndex('conversation_facts_tenant_queued')
      .on('conversation_facts')
      .columns([
        'tenant_id',
        'queued_at',
        'outcome',
        'mode',
        'transfers',
        'link_id',
        'department_id',
        'consultant_id',
        'wait_ms',
        'handle_ms',
      ])
      .execute();
    await db.schema
      .createTable('report_settings')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/** Departments, link modes and limits, per-consultant capacity, and the left-message inbox (F-31, F-04). */
export const routing: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('departments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('consultants').addColumn('department_id', 'text').execute();
    await db.schema
      .alterTable('consultants')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('consultants')
      .addColumn('max_conversations', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('links').addColumn('department_id', 'text').execute();
    await db.schema.alterTable('links').addColumn('max_wait_ms', 'bigint').execute();
    await db.schema
      .alterTable('links')
      .addColumn('offline_text', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.alterTable('links').addColumn('offline_image', 'text').execute();
    await db.schema
      .createTable('left_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('handled_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('left_messages_tenant')
      .on('left_messages')
      .columns(['tenant_id', 'created_at'])
      .execute();
  },
};

import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../dialect.ts';

/**
 * The consultant's tools: contacts, notes, dispositions, wrap-ups, custom data, canned responses, team chat.
 * Recorded as `0005_desk` by databases migrated before the renumbering (see ./legacyNames.ts).
 */
export function consultantTools(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const tenant = 'tenant_id';
      await db.schema
        .createTable('desk_settings')
        .addColumn(tenant, 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('identity_secret', 'text')
        .addColumn('disposition_required', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('contacts_external_unique', [tenant, 'external_id'])
        .execute();
      await db.schema
        .createTable('visitor_context')
        .addColumn('visitor_id', 'text', (c) => c.primaryKey().references('visitors.id'))
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('attached_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('visitor_context_contact')
        .on('visitor_context')
        .columns([tenant, 'contact_id'])
        .execute();
      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notes_conversation').on('notes').columns([tenant, 'conversation_id']).execute();
      await db.schema
        .createTable('dispositions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('dispositions_code_unique', [tenant, 'code'])
        .execute();
      await db.schema
        .createTable('wrap_ups')
        .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('disposition_code', 'text')
        .addColumn('disposition_label', 'text')
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('consultant_id', 'text', (c) => c.notNull())
        .addColumn('done_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('custom_fields')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('custom_values')
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
        .addColumn('field_id', 'text', (c) => c.notNull().references('custom_fields.id').onDelete('cascade'))
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('custom_values_pk', ['conversation_id', 'field_id'])
        .execute();
      await db.schema
        .createTable('canned_responses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('department_id', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('team_messages')
        .addColumn('seq', 'integer', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn(tenant, 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('sender_id', 'text', (c) => c.notNull().references('consultants.id'))
        .addColumn('sender_name', 'text', (c) => c.notNull())
        .addColumn('recipient_id', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('team_messages_client_unique', ['sender_id', 'client_id'])
        .execute();
      await db.schema.createIndex('team_messages_tenant').on('team_messages').columns([tenant, 'seq']).execute();
    },
  };
}

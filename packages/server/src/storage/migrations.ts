import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { deskMigration } from './deskMigration.ts';
import { mediaMigrations } from './migrations/media.ts';

export type SqlDialectName = 'sqlite' | 'postgres';

/** Migrations live in code (not files on disk) so the bundle needs no directory scanning. */
function migrations(dialect: SqlDialectName): Record<string, Migration> {
  return {
    '0001_foundation': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('tenants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('consultants')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('links')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('acceptance', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('link_consultants')
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
          .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
          .addColumn('consultant_id', 'text', (c) => c.notNull().references('consultants.id'))
          .addPrimaryKeyConstraint('link_consultants_pk', ['link_id', 'consultant_id'])
          .execute();
        await db.schema
          .createTable('visitors')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
          .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('resume_token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('auth_sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('consultant_id', 'text', (c) => c.notNull().references('consultants.id'))
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
          .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
          .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id'))
          .addColumn('visitor_name', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('consultant_id', 'text')
          .addColumn('queued_at', 'bigint', (c) => c.notNull())
          .addColumn('accepted_at', 'bigint')
          .addColumn('closed_at', 'bigint')
          .addColumn('close_reason', 'text')
          .addColumn('state_json', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('conversations_tenant_state')
          .on('conversations')
          .columns(['tenant_id', 'state'])
          .execute();
        await db.schema
          .createTable('messages')
          // An insertion counter to order messages sent within the same millisecond.
          .addColumn('seq', 'integer', (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
          )
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
          .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
          .addColumn('client_id', 'text', (c) => c.notNull())
          .addColumn('sender', 'text', (c) => c.notNull())
          .addColumn('author_name', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('messages_client_unique', ['conversation_id', 'sender', 'client_id'])
          .execute();
      },
    },
    '0002_routing': {
      // Departments, link modes and limits, per-consultant capacity, and the left-message inbox.
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
    },
    '0006_notes': {
      // Notes on a conversation (transfer reasons, the notepad), kept for the contact's history.
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
    },
    '0004_trust': {
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
    },
    '0005_desk': deskMigration(dialect),
    ...mediaMigrations,
    '0009_accounts': {
      async up(db: Kysely<unknown>) {
        // [U4] A one-time password (invite, reset, CLI) must be changed at the next login.
        await db.schema
          .alterTable('consultants')
          .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // [U1] A changed or reset password ends every session of the account: find them fast.
        await db.schema.createIndex('auth_sessions_consultant').on('auth_sessions').column('consultant_id').execute();
      },
    },
    '0007_drop_conversation_notes': {
      // Transfer reasons moved into the notepad table of 0005_desk: one place for notes.
      async up(db: Kysely<unknown>) {
        await db.schema.dropTable('conversation_notes').ifExists().execute();
      },
    },
  };
}

export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}

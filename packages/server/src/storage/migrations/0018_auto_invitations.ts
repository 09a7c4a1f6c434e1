import type { Kysely, Migration } from 'kysely';

/**
 * [AI1]–[AI5] Automatic invitations: the rules an admin sets per link, and which rule sent an
 * invitation (null: a consultant did), so reports count both kinds from `site_invitations`.
 */
export const autoInvitations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('auto_invitation_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('link_id', 'text', (c) => c.notNull().references('links.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('url_pattern', 'text', (c) => c.notNull())
      .addColumn('seconds', 'integer', (c) => c.notNull())
      .addColumn('pages', 'integer', (c) => c.notNull())
      .addColumn('cap_hours', 'integer', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('auto_invitation_rules_tenant')
      .on('auto_invitation_rules')
      .column('tenant_id')
      .execute();
    await db.schema.alterTable('site_invitations').addColumn('rule_id', 'text').execute();
  },
};

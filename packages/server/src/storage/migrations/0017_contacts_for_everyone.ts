import type { Kysely, Migration } from 'kysely';

/**
 * [CT1]–[CT5] History for everyone (issue 15 item 6): a contact's kind (signed, anonymous,
 * manual), the phone and note a consultant types in, the browsers of anonymous visits (the
 * visitor key's SHA-256 only) and the record of merges. Contacts without a signed id keep a
 * made-up external id that no signed id can equal (it starts with a line break, which [K2]
 * refuses in a signed id), so the unique (tenant, external id) constraint stays as it is.
 */
export const contactsForEveryone: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('contacts')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('signed'))
      .execute();
    await db.schema
      .alterTable('contacts')
      .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .alterTable('contacts')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createTable('contact_keys')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('key_hash', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('contact_keys_pk', ['tenant_id', 'key_hash'])
      .execute();
    await db.schema.createIndex('contact_keys_contact').on('contact_keys').column('contact_id').execute();
    await db.schema
      .createTable('contact_merges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('survivor_id', 'text', (c) => c.notNull())
      .addColumn('merged_id', 'text', (c) => c.notNull())
      .addColumn('consultant_id', 'text')
      .addColumn('merged_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('contact_merges_survivor')
      .on('contact_merges')
      .columns(['tenant_id', 'survivor_id'])
      .execute();
  },
};

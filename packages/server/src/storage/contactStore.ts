import { sql, type Kysely } from 'kysely';
import type { AttachedData, ContactBody } from '@parley/protocol';
import type {
  Contact,
  ContactMerge,
  ContactStore,
  SignedContact,
  StoredHistoryEntry,
} from '../domain/contacts/contacts.ts';
import { describe, type ConversationState } from '../domain/conversations/lifecycle.ts';
import { toNoteView, toWrapUpView } from '../domain/wrapup/wrapUp.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';
import { toNote } from './noteRows.ts';
import { num } from './rows.ts';
import { readSettingsRow, upsertSettingsRow } from './settingsRow.ts';
import { toWrapUp } from './wrapUpStore.ts';
import { mergeContacts } from './contactMerge.ts';
import { toContact, unsignedExternalId } from './contactRows.ts';

/** Escapes LIKE wildcards so a search for `50%` finds "50%", not everything. */
function likePattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Contacts, the context visitors bring, and a contact's history ([K2], [K3]) in SQL. */
export class SqlContactStore implements ContactStore {
  constructor(private readonly db: Kysely<Database>) {}

  async identitySecret(tenantId: string): Promise<string | null> {
    return (await readSettingsRow(this.db, tenantId))?.identity_secret ?? null;
  }

  async setIdentitySecret(tenantId: string, secret: string): Promise<void> {
    await upsertSettingsRow(this.db, tenantId, { identity_secret: secret });
  }

  async upsertContact(contact: SignedContact): Promise<Contact> {
    const refresh = {
      last_seen_at: contact.lastSeenAt,
      ...(contact.name ? { name: contact.name } : {}),
      ...(contact.email ? { email: contact.email } : {}),
    };
    await this.db
      .insertInto('contacts')
      .values({
        id: contact.id,
        tenant_id: contact.tenantId,
        external_id: contact.externalId,
        name: contact.name,
        email: contact.email,
        created_at: contact.createdAt,
        last_seen_at: contact.lastSeenAt,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'external_id']).doUpdateSet(refresh))
      .execute();
    const row = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', contact.tenantId)
      .where('external_id', '=', contact.externalId)
      .executeTakeFirstOrThrow();
    return toContact(row);
  }

  async createContact(contact: Contact): Promise<void> {
    await this.db
      .insertInto('contacts')
      .values({
        id: contact.id,
        tenant_id: contact.tenantId,
        kind: contact.kind,
        external_id: unsignedExternalId(contact.id),
        name: contact.name,
        email: contact.email,
        phone: contact.phone,
        note: contact.note,
        created_at: contact.createdAt,
        last_seen_at: contact.lastSeenAt,
      })
      .execute();
  }

  async updateContact(tenantId: string, id: string, fields: ContactBody): Promise<Contact | undefined> {
    const { name, email, phone, note } = fields;
    const done = await this.db
      .updateTable('contacts')
      .set({ name, email, phone, note })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return done.numUpdatedRows > 0n ? this.getContact(tenantId, id) : undefined;
  }

  async contactByKey(tenantId: string, keyHash: string): Promise<Contact | undefined> {
    const row = await this.db
      .selectFrom('contact_keys')
      .innerJoin('contacts', 'contacts.id', 'contact_keys.contact_id')
      .selectAll('contacts')
      .where('contact_keys.tenant_id', '=', tenantId)
      .where('contact_keys.key_hash', '=', keyHash)
      .executeTakeFirst();
    return row ? toContact(row) : undefined;
  }

  async linkKey(tenantId: string, keyHash: string, contactId: string, at: number): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('contact_keys')
        .values({ tenant_id: tenantId, key_hash: keyHash, contact_id: contactId, created_at: at, last_seen_at: at })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'key_hash']).doUpdateSet({ contact_id: contactId, last_seen_at: at }),
        )
        .execute();
      await trx
        .updateTable('contacts')
        .set({ last_seen_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', contactId)
        .execute();
    });
  }

  mergeContacts(merge: ContactMerge): Promise<Contact | undefined> {
    return mergeContacts(this.db, merge);
  }

  async getContact(tenantId: string, id: string): Promise<Contact | undefined> {
    const row = await this.db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toContact(row) : undefined;
  }

  async searchContacts(tenantId: string, query: string, limit: number): Promise<Contact[]> {
    let select = this.db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId);
    if (query) {
      const pattern = likePattern(query);
      // An explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the same backslash.
      const like = (column: 'name' | 'email' | 'phone' | 'external_id') =>
        sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
      // Only a signed contact's external id is searched: the others' is made up ([CT1]).
      select = select.where((eb) =>
        eb.or([like('name'), like('email'), like('phone'), eb.and([eb('kind', '=', 'signed'), like('external_id')])]),
      );
    }
    const rows = await select.orderBy('last_seen_at', 'desc').limit(limit).execute();
    return rows.map(toContact);
  }

  async saveVisitorContext(
    tenantId: string,
    visitorId: string,
    contactId: string | null,
    attached: AttachedData,
    at: number,
  ): Promise<void> {
    const row = { contact_id: contactId, attached_json: JSON.stringify(attached), updated_at: at };
    await this.db
      .insertInto('visitor_context')
      .values({ visitor_id: visitorId, tenant_id: tenantId, ...row })
      .onConflict((oc) => oc.column('visitor_id').doUpdateSet(row).where('visitor_context.tenant_id', '=', tenantId))
      .execute();
  }

  async visitorContext(
    tenantId: string,
    visitorId: string,
  ): Promise<{ contactId: string | null; attached: AttachedData } | undefined> {
    const row = await this.db
      .selectFrom('visitor_context')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('visitor_id', '=', visitorId)
      .executeTakeFirst();
    return row ? { contactId: row.contact_id, attached: JSON.parse(row.attached_json) as AttachedData } : undefined;
  }

  async contactHistory(tenantId: string, contactId: string): Promise<StoredHistoryEntry[]> {
    const conversations = await this.db
      .selectFrom('conversations')
      .innerJoin('visitor_context', 'visitor_context.visitor_id', 'conversations.visitor_id')
      .leftJoin('consultants', 'consultants.id', 'conversations.consultant_id')
      .select([
        'conversations.id',
        'conversations.state_json',
        'conversations.queued_at',
        'conversations.closed_at',
        'consultants.name as consultant_name',
      ])
      .where('conversations.tenant_id', '=', tenantId)
      .where('visitor_context.tenant_id', '=', tenantId)
      .where('visitor_context.contact_id', '=', contactId)
      .orderBy('conversations.queued_at', 'desc')
      .limit(200)
      .execute();
    const ids = conversations.map((c) => c.id);
    if (ids.length === 0) return [];
    const [notes, wrapUps] = await Promise.all([
      this.db
        .selectFrom('notes')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', ids)
        .orderBy('created_at')
        .execute(),
      this.db
        .selectFrom('wrap_ups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', ids)
        .execute(),
    ]);
    return conversations.map((c) => {
      const wrapUp = wrapUps.find((w) => w.conversation_id === c.id);
      const state = JSON.parse(c.state_json) as ConversationState;
      const consultantId = describe(state).consultantId;
      return {
        conversationId: c.id,
        state: state.name,
        consultantId,
        consultantName: consultantId ? c.consultant_name : null,
        queuedAt: num(c.queued_at),
        closedAt: c.closed_at === null ? null : num(c.closed_at),
        notes: notes.filter((n) => n.conversation_id === c.id).map((n) => toNoteView(toNote(n))),
        wrapUp: wrapUp ? toWrapUpView(toWrapUp(wrapUp)) : null,
      };
    });
  }
}

import type { ContactErasure, ContactExport } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PrivacySettings, PrivacyStore, PurgeCounts, RetentionCutoffs } from '../domain/privacy/privacy.ts';
import { contactExtras, eraseContactExtras, purgeContacts } from './contactPrivacy.ts';
import { inTransaction } from './transaction.ts';
import { toContact } from './contactRows.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

const iso = (ms: number | string | bigint): string => new Date(num(ms as number)).toISOString();

/** [GD1]–[GD4] Retention settings, the retention purge, and a contact's export and erasure in SQL. */
export class SqlPrivacyStore implements PrivacyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async privacySettings(tenantId: string): Promise<PrivacySettings | undefined> {
    const row = await this.db
      .selectFrom('privacy_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) return undefined;
    const days = (value: number | null): number | null => (value === null ? null : num(value));
    return {
      chatDays: days(row.chat_days),
      notesDays: days(row.notes_days),
      inboxDays: days(row.inbox_days),
      visitsDays: days(row.visits_days),
      privacyUrl: row.privacy_url,
    };
  }

  async setPrivacySettings(tenantId: string, settings: PrivacySettings): Promise<void> {
    const values = {
      chat_days: settings.chatDays,
      notes_days: settings.notesDays,
      inbox_days: settings.inboxDays,
      visits_days: settings.visitsDays,
      privacy_url: settings.privacyUrl,
    };
    await this.db
      .insertInto('privacy_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }

  async tenantIds(): Promise<string[]> {
    return (await this.db.selectFrom('tenants').select('id').execute()).map((row) => row.id);
  }

  purge(tenantId: string, cutoffs: RetentionCutoffs): Promise<PurgeCounts> {
    return inTransaction(this.db, async (trx) => {
      const counts: PurgeCounts = {};
      const add = (table: string, n: bigint): void => {
        if (n > 0n) counts[table] = (counts[table] ?? 0) + Number(n);
      };
      if (cutoffs.chat !== undefined) {
        const ended = trx
          .selectFrom('conversations')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('closed_at', 'is not', null)
          .where('closed_at', '<', cutoffs.chat);
        const messages = await trx
          .deleteFrom('messages')
          .where('tenant_id', '=', tenantId)
          .where('conversation_id', 'in', ended)
          .executeTakeFirst();
        add('messages', messages.numDeletedRows);
        const values = await trx
          .deleteFrom('custom_values')
          .where('tenant_id', '=', tenantId)
          .where('conversation_id', 'in', ended)
          .executeTakeFirst();
        add('custom_values', values.numDeletedRows);
        // The conversation row stays for reports (times, outcome); who the visitor was goes.
        const scrubbed = await trx
          .updateTable('conversations')
          .set({ visitor_name: '', visitor_setup_json: null })
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', ended)
          .where((eb) => eb.or([eb('visitor_name', '!=', ''), eb('visitor_setup_json', 'is not', null)]))
          .executeTakeFirst();
        add('conversations (visitor removed)', scrubbed.numUpdatedRows);
        add('team_messages', await deleteOlder(trx, 'team_messages', tenantId, cutoffs.chat));
        add('appointments', await deleteOlder(trx, 'appointments', tenantId, cutoffs.chat));
      }
      if (cutoffs.notes !== undefined) {
        add('notes', await deleteOlder(trx, 'notes', tenantId, cutoffs.notes));
        const wrapUps = await trx
          .updateTable('wrap_ups')
          .set({ notes: '' })
          .where('tenant_id', '=', tenantId)
          .where('done_at', '<', cutoffs.notes)
          .where('notes', '!=', '')
          .executeTakeFirst();
        add('wrap_ups (notes removed)', wrapUps.numUpdatedRows);
      }
      if (cutoffs.inbox !== undefined) {
        add('left_messages', await deleteOlder(trx, 'left_messages', tenantId, cutoffs.inbox));
      }
      if (cutoffs.visits !== undefined) {
        add('visitor_context', await deleteOlder(trx, 'visitor_context', tenantId, cutoffs.visits));
        add('site_invitations', await deleteOlder(trx, 'site_invitations', tenantId, cutoffs.visits));
        const open = trx
          .selectFrom('conversations')
          .select('visitor_id')
          .where('tenant_id', '=', tenantId)
          .where('closed_at', 'is', null);
        const visitors = await trx
          .updateTable('visitors')
          .set({ name: '', resume_token_hash: sql<string>`'erased:' || id` })
          .where('tenant_id', '=', tenantId)
          .where('created_at', '<', cutoffs.visits)
          .where('id', 'not in', open)
          .where('resume_token_hash', 'not like', 'erased:%')
          .executeTakeFirst();
        add('visitors (name removed)', visitors.numUpdatedRows);
      }
      await purgeContacts(trx, tenantId, cutoffs, add);
      return counts;
    });
  }

  async exportContact(tenantId: string, contactId: string, now: number): Promise<ContactExport | undefined> {
    const found = await this.linked(this.db, tenantId, contactId);
    if (!found) return undefined;
    const { contact, visitorIds, conversationIds } = found;
    const db = this.db;
    const visitors = visitorIds.length
      ? await db
          .selectFrom('visitors')
          .leftJoin('visitor_context', 'visitor_context.visitor_id', 'visitors.id')
          .select(['visitors.id', 'visitors.name', 'visitors.created_at', 'visitor_context.attached_json'])
          .where('visitors.tenant_id', '=', tenantId)
          .where('visitors.id', 'in', visitorIds)
          .execute()
      : [];
    const conversations = conversationIds.length
      ? await db
          .selectFrom('conversations')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', conversationIds)
          .orderBy('queued_at')
          .execute()
      : [];
    // With no conversation, the ids list holds one id no row has: `in ()` is not valid SQL.
    const ids = conversationIds.length ? conversationIds : [''];
    const [messages, notes, wrapUps, customValues] = await Promise.all([
      db
        .selectFrom('messages')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', ids)
        .execute(),
      db
        .selectFrom('notes')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', ids)
        .execute(),
      db
        .selectFrom('wrap_ups')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', ids)
        .execute(),
      db
        .selectFrom('custom_values')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', ids)
        .execute(),
    ]);
    const email = contact.email.trim().toLowerCase();
    const leftMessages = email
      ? await db
          .selectFrom('left_messages')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
          .execute()
      : [];
    const appointments = email
      ? await db
          .selectFrom('appointments')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb(eb.fn('lower', ['guest_email']), '=', email))
          .execute()
      : [];
    const { tenantId: _tenant, ...shown } = toContact(contact);
    return {
      exportedAt: iso(now),
      contact: { ...shown, createdAt: iso(contact.created_at), lastSeenAt: iso(contact.last_seen_at) },
      ...(await contactExtras(db, tenantId, contactId)),
      visitors: visitors.map((v) => ({
        id: v.id,
        name: v.name,
        createdAt: iso(v.created_at),
        attached: v.attached_json ? (JSON.parse(v.attached_json) as unknown) : null,
      })),
      conversations: conversations.map((c) => {
        const wrapUp = wrapUps.find((w) => w.conversation_id === c.id);
        return {
          id: c.id,
          linkId: c.link_id,
          visitorName: c.visitor_name,
          state: c.state,
          queuedAt: iso(c.queued_at),
          closedAt: c.closed_at === null ? null : iso(c.closed_at),
          messages: messages
            .filter((m) => m.conversation_id === c.id)
            .sort((a, b) => num(a.seq) - num(b.seq))
            .map((m) => ({ sender: m.sender, authorName: m.author_name, text: m.text, sentAt: iso(m.sent_at) })),
          notes: notes
            .filter((n) => n.conversation_id === c.id)
            .map((n) => ({ authorName: n.author_name, text: n.text, createdAt: iso(n.created_at) })),
          wrapUp: wrapUp
            ? { disposition: wrapUp.disposition_label, notes: wrapUp.notes, doneAt: iso(wrapUp.done_at) }
            : null,
          customValues: customValues
            .filter((v) => v.conversation_id === c.id)
            .map((v) => ({ fieldId: v.field_id, value: v.value })),
        };
      }),
      leftMessages: leftMessages.map((m) => ({
        id: m.id,
        name: m.name,
        email: m.email,
        text: m.text,
        createdAt: iso(m.created_at),
      })),
      appointments: appointments.map((a) => ({
        id: a.id,
        guestName: a.guest_name,
        guestEmail: a.guest_email,
        guestPhone: a.guest_phone,
        startsAt: iso(a.starts_at),
      })),
    };
  }

  eraseContact(tenantId: string, contactId: string): Promise<ContactErasure | undefined> {
    return inTransaction(this.db, async (trx) => {
      const found = await this.linked(trx, tenantId, contactId);
      if (!found) return undefined;
      const { contact, visitorIds, conversationIds } = found;
      const open = conversationIds.length
        ? await trx
            .selectFrom('conversations')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', conversationIds)
            .where('closed_at', 'is', null)
            .executeTakeFirst()
        : undefined;
      if (open) throw new ParleyError('contact_in_conversation', 'the contact is in a conversation now');
      const removed: Record<string, number> = {};
      const count = (table: string, n: bigint): void => {
        removed[table] = (removed[table] ?? 0) + Number(n);
      };
      if (conversationIds.length) {
        const inThem = conversationIds;
        const del = async (table: string, query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) =>
          count(table, (await query.executeTakeFirst()).numDeletedRows);
        await del(
          'messages',
          trx.deleteFrom('messages').where('tenant_id', '=', tenantId).where('conversation_id', 'in', inThem),
        );
        await del(
          'notes',
          trx.deleteFrom('notes').where('tenant_id', '=', tenantId).where('conversation_id', 'in', inThem),
        );
        await del(
          'wrap_ups',
          trx.deleteFrom('wrap_ups').where('tenant_id', '=', tenantId).where('conversation_id', 'in', inThem),
        );
        await del(
          'custom_values',
          trx.deleteFrom('custom_values').where('tenant_id', '=', tenantId).where('conversation_id', 'in', inThem),
        );
        const conversations = await trx
          .deleteFrom('conversations')
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', conversationIds)
          .executeTakeFirst();
        count('conversations', conversations.numDeletedRows);
      }
      const context = await trx
        .deleteFrom('visitor_context')
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', contactId)
        .executeTakeFirst();
      count('visitor_context', context.numDeletedRows);
      if (visitorIds.length) {
        const visitors = await trx
          .deleteFrom('visitors')
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', visitorIds)
          .executeTakeFirst();
        count('visitors', visitors.numDeletedRows);
      }
      const email = contact.email.trim().toLowerCase();
      if (email) {
        const left = await trx
          .deleteFrom('left_messages')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
          .executeTakeFirst();
        count('left_messages', left.numDeletedRows);
        const planned = await trx
          .deleteFrom('appointments')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb(eb.fn('lower', ['guest_email']), '=', email))
          .executeTakeFirst();
        count('appointments', planned.numDeletedRows);
      }
      await eraseContactExtras(trx, tenantId, contactId, count);
      const contacts = await trx
        .deleteFrom('contacts')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', contactId)
        .executeTakeFirst();
      count('contacts', contacts.numDeletedRows);
      return { removed };
    });
  }

  /** The contact, the visitors its pages identified, and those visitors' conversations. */
  private async linked(db: Kysely<Database> | Transaction<Database>, tenantId: string, contactId: string) {
    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', contactId)
      .executeTakeFirst();
    if (!contact) return undefined;
    const visitorIds = (
      await db
        .selectFrom('visitor_context')
        .select('visitor_id')
        .where('tenant_id', '=', tenantId)
        .where('contact_id', '=', contactId)
        .execute()
    ).map((row) => row.visitor_id);
    const conversationIds = visitorIds.length
      ? (
          await db
            .selectFrom('conversations')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('visitor_id', 'in', visitorIds)
            .execute()
        ).map((row) => row.id)
      : [];
    return { contact, visitorIds, conversationIds };
  }
}

/** Deletes a tenant's rows of one dated table older than `before`; the table names its date column. */
async function deleteOlder(
  trx: Transaction<Database>,
  table: 'team_messages' | 'appointments' | 'notes' | 'left_messages' | 'visitor_context' | 'site_invitations',
  tenantId: string,
  before: number,
): Promise<bigint> {
  const run = (query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) =>
    query.executeTakeFirst().then((r) => r.numDeletedRows);
  switch (table) {
    case 'team_messages':
      return run(trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('sent_at', '<', before));
    case 'appointments':
      return run(trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('ends_at', '<', before));
    case 'notes':
      return run(trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('created_at', '<', before));
    case 'left_messages':
      return run(trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('created_at', '<', before));
    case 'visitor_context':
      return run(trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('updated_at', '<', before));
    case 'site_invitations':
      return run(trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('sent_at', '<', before));
  }
}

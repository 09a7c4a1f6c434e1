import { sql, type Kysely, type Selectable } from 'kysely';
import type { AttachedData, DeskSettings } from '@parley/protocol';
import type { Contact, ContactStore, StoredHistoryEntry } from '../domain/contacts/contacts.ts';
import { describe, type ConversationState } from '../domain/conversations/lifecycle.ts';
import type { Disposition, Note, WrapUp, WrapUpStore } from '../domain/wrapup/wrapUp.ts';
import { toNoteView, toWrapUpView } from '../domain/wrapup/wrapUp.ts';
import type { Database } from './schema.ts';
import { num } from './directoryStore.ts';

function toContact(row: Selectable<Database['contacts']>): Contact {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    createdAt: num(row.created_at),
    lastSeenAt: num(row.last_seen_at),
  };
}

function toNote(row: Selectable<Database['notes']>): Note {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    createdAt: num(row.created_at),
  };
}

function toWrapUp(row: Selectable<Database['wrap_ups']>): WrapUp {
  return {
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    dispositionCode: row.disposition_code,
    dispositionLabel: row.disposition_label,
    notes: row.notes,
    consultantId: row.consultant_id,
    doneAt: num(row.done_at),
  };
}

/** Escapes LIKE wildcards so a search for `50%` finds "50%", not everything. */
function likePattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Kysely implementation of the contact and wrap-up ports (SQLite and PostgreSQL alike). */
export class SqlDeskStore implements ContactStore, WrapUpStore {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly now: () => number,
  ) {}

  // ---------------------------------------------------------------- settings

  private async settingsRow(tenantId: string): Promise<Selectable<Database['desk_settings']> | undefined> {
    return this.db.selectFrom('desk_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  private async upsertSettings(
    tenantId: string,
    patch: Partial<Pick<Database['desk_settings'], 'identity_secret' | 'disposition_required'>>,
  ): Promise<void> {
    await this.db
      .insertInto('desk_settings')
      .values({ tenant_id: tenantId, identity_secret: null, disposition_required: 0, ...patch })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(patch))
      .execute();
  }

  async identitySecret(tenantId: string): Promise<string | null> {
    return (await this.settingsRow(tenantId))?.identity_secret ?? null;
  }

  async setIdentitySecret(tenantId: string, secret: string): Promise<void> {
    await this.upsertSettings(tenantId, { identity_secret: secret });
  }

  async deskSettings(tenantId: string): Promise<DeskSettings> {
    const row = await this.settingsRow(tenantId);
    return { dispositionRequired: num(row?.disposition_required ?? 0) === 1 };
  }

  async saveDeskSettings(tenantId: string, settings: DeskSettings): Promise<void> {
    await this.upsertSettings(tenantId, { disposition_required: settings.dispositionRequired ? 1 : 0 });
  }

  // ---------------------------------------------------------------- contacts

  async upsertContact(contact: Contact): Promise<Contact> {
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
      select = select.where((eb) =>
        eb.or(
          (['name', 'email', 'external_id'] as const).map(
            (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
          ),
        ),
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

  // ---------------------------------------------------------------- notes, dispositions, wrap-ups

  async listDispositions(tenantId: string): Promise<Disposition[]> {
    const rows = await this.db
      .selectFrom('dispositions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      code: r.code,
      label: r.label,
      active: num(r.active) === 1,
    }));
  }

  async createDisposition(d: Disposition): Promise<void> {
    await this.db
      .insertInto('dispositions')
      .values({
        id: d.id,
        tenant_id: d.tenantId,
        code: d.code,
        label: d.label,
        active: d.active ? 1 : 0,
        created_at: this.now(),
      })
      .execute();
  }

  async updateDisposition(tenantId: string, id: string, patch: { label?: string; active?: boolean }): Promise<boolean> {
    const set = {
      ...(patch.label === undefined ? {} : { label: patch.label }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
    };
    if (Object.keys(set).length === 0) return (await this.listDispositions(tenantId)).some((d) => d.id === id);
    const result = await this.db
      .updateTable('dispositions')
      .set(set)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addNote(note: Note): Promise<void> {
    await this.db
      .insertInto('notes')
      .values({
        id: note.id,
        tenant_id: note.tenantId,
        conversation_id: note.conversationId,
        author_id: note.authorId,
        author_name: note.authorName,
        text: note.text,
        created_at: note.createdAt,
      })
      .execute();
  }

  async listNotes(tenantId: string, conversationId: string): Promise<Note[]> {
    const rows = await this.db
      .selectFrom('notes')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .orderBy('created_at')
      .execute();
    return rows.map(toNote);
  }

  async saveWrapUp(w: WrapUp): Promise<void> {
    const row = {
      disposition_code: w.dispositionCode,
      disposition_label: w.dispositionLabel,
      notes: w.notes,
      consultant_id: w.consultantId,
      done_at: w.doneAt,
    };
    await this.db
      .insertInto('wrap_ups')
      .values({ conversation_id: w.conversationId, tenant_id: w.tenantId, ...row })
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet(row).where('wrap_ups.tenant_id', '=', w.tenantId))
      .execute();
  }

  async getWrapUp(tenantId: string, conversationId: string): Promise<WrapUp | undefined> {
    const row = await this.db
      .selectFrom('wrap_ups')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row ? toWrapUp(row) : undefined;
  }
}

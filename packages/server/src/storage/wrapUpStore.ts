import type { Kysely, Selectable } from 'kysely';
import type { DeskSettings } from '@parley/protocol';
import type { Disposition, Note, WrapUp, WrapUpStore } from '../domain/wrapup/wrapUp.ts';
import type { Database } from './schema.ts';
import { insertNote, selectNotes } from './noteRows.ts';
import { num } from './rows.ts';
import { readSettingsRow, upsertSettingsRow } from './settingsRow.ts';

export function toWrapUp(row: Selectable<Database['wrap_ups']>): WrapUp {
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

/** Disposition codes, the notepad and wrap-ups (F-21) in SQL. */
export class SqlWrapUpStore implements WrapUpStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async deskSettings(tenantId: string): Promise<DeskSettings> {
    const row = await readSettingsRow(this.db, tenantId);
    return { dispositionRequired: num(row?.disposition_required ?? 0) === 1 };
  }

  async saveDeskSettings(tenantId: string, settings: DeskSettings): Promise<void> {
    await upsertSettingsRow(this.db, tenantId, { disposition_required: settings.dispositionRequired ? 1 : 0 });
  }

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

  addNote(note: Note): Promise<void> {
    return insertNote(this.db, note);
  }

  listNotes(tenantId: string, conversationId: string): Promise<Note[]> {
    return selectNotes(this.db, tenantId, conversationId);
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

import type { Kysely } from 'kysely';
import type { CustomField, CustomDataStore } from '../domain/conversationDetails/conversationDetails.ts';
import type { CannedResponse, CannedStore } from '../domain/conversationDetails/cannedResponses.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';
import { num } from './rows.ts';

/** Custom fields and their values per conversation (F-22), and canned responses (F-24), in SQL. */
export class SqlCustomDataStore implements CustomDataStore, CannedStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async listCustomFields(tenantId: string): Promise<CustomField[]> {
    const rows = await this.db
      .selectFrom('custom_fields')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, label: r.label, position: num(r.position) }));
  }

  async createCustomField(field: CustomField): Promise<void> {
    await this.db
      .insertInto('custom_fields')
      .values({
        id: field.id,
        tenant_id: field.tenantId,
        label: field.label,
        position: field.position,
        created_at: this.now(),
      })
      .execute();
  }

  async deleteCustomField(tenantId: string, id: string): Promise<boolean> {
    await this.db.deleteFrom('custom_values').where('tenant_id', '=', tenantId).where('field_id', '=', id).execute();
    const result = await this.db
      .deleteFrom('custom_fields')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async customValues(tenantId: string, conversationId: string): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('custom_values')
      .select(['field_id', 'value'])
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.field_id, r.value]));
  }

  async setCustomValues(tenantId: string, conversationId: string, values: Record<string, string>): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      for (const [fieldId, value] of Object.entries(values)) {
        await tx
          .insertInto('custom_values')
          .values({ tenant_id: tenantId, conversation_id: conversationId, field_id: fieldId, value })
          .onConflict((oc) =>
            oc
              .columns(['conversation_id', 'field_id'])
              .doUpdateSet({ value })
              .where('custom_values.tenant_id', '=', tenantId),
          )
          .execute();
      }
    });
  }

  async listCanned(tenantId: string): Promise<CannedResponse[]> {
    const rows = await this.db
      .selectFrom('canned_responses')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('title')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      departmentId: r.department_id,
      ownerId: r.owner_id,
      title: r.title,
      text: r.text,
      useCount: num(r.use_count),
    }));
  }

  async createCanned(canned: Omit<CannedResponse, 'useCount'>): Promise<void> {
    await this.db
      .insertInto('canned_responses')
      .values({
        id: canned.id,
        tenant_id: canned.tenantId,
        department_id: canned.departmentId,
        owner_id: canned.ownerId,
        title: canned.title,
        text: canned.text,
        created_at: this.now(),
      })
      .execute();
  }

  async updateCanned(
    tenantId: string,
    id: string,
    change: Pick<CannedResponse, 'title' | 'text' | 'departmentId'>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('canned_responses')
      .set({ title: change.title, text: change.text, department_id: change.departmentId })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteCanned(tenantId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('canned_responses')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async countCannedUse(tenantId: string, id: string): Promise<number | undefined> {
    // [CR4] One UPDATE adds the use, so two consoles inserting at once both count.
    const row = await this.db
      .updateTable('canned_responses')
      .set((eb) => ({ use_count: eb('use_count', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning('use_count')
      .executeTakeFirst();
    return row ? num(row.use_count) : undefined;
  }
}

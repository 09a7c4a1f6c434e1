import type { Kysely, Selectable } from 'kysely';
import type { LeftMessage, LeftMessageStore, TrackedLeftMessage } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';
import { num, numOrNull } from '../rows.ts';

function toLeftMessage(row: Selectable<Database['left_messages']>): TrackedLeftMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    linkId: row.link_id,
    name: row.name,
    email: row.email,
    text: row.text,
    createdAt: num(row.created_at),
    handledAt: numOrNull(row.handled_at),
    handledBy: row.handled_by,
    assigneeId: row.assignee_id,
    assignedAt: numOrNull(row.assigned_at),
    assignedBy: row.assigned_by,
    answeredAt: numOrNull(row.answered_at),
    answeredBy: row.answered_by,
  };
}

/** Messages visitors left (F-04) in SQL. */
export class SqlLeftMessageStore implements LeftMessageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createLeftMessage(m: LeftMessage): Promise<void> {
    await this.db
      .insertInto('left_messages')
      .values({
        id: m.id,
        tenant_id: m.tenantId,
        link_id: m.linkId,
        name: m.name,
        email: m.email,
        text: m.text,
        created_at: m.createdAt,
        handled_at: m.handledAt,
      })
      .execute();
  }

  async listLeftMessages(tenantId: string): Promise<TrackedLeftMessage[]> {
    const rows = await this.db
      .selectFrom('left_messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(500)
      .execute();
    return rows.map(toLeftMessage);
  }

  async getLeftMessage(tenantId: string, id: string): Promise<TrackedLeftMessage | undefined> {
    const row = await this.db
      .selectFrom('left_messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toLeftMessage(row) : undefined;
  }

  async markLeftMessageHandled(tenantId: string, id: string, at: number, by: string | null = null): Promise<boolean> {
    const result = await this.db
      .updateTable('left_messages')
      .set({ handled_at: at, handled_by: by })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async assignLeftMessage(
    tenantId: string,
    id: string,
    assignment: { assigneeId: string | null; at: number; by: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('left_messages')
      .set({ assignee_id: assignment.assigneeId, assigned_at: assignment.at, assigned_by: assignment.by })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async markLeftMessageAnswered(tenantId: string, id: string, at: number, by: string): Promise<boolean> {
    const result = await this.db
      .updateTable('left_messages')
      .set({ answered_at: at, answered_by: by })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { LeftMessage, LeftMessageStore } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';
import { num, numOrNull } from '../rows.ts';

function toLeftMessage(row: Selectable<Database['left_messages']>): LeftMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    linkId: row.link_id,
    name: row.name,
    email: row.email,
    text: row.text,
    createdAt: num(row.created_at),
    handledAt: numOrNull(row.handled_at),
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

  async listLeftMessages(tenantId: string): Promise<LeftMessage[]> {
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

  async markLeftMessageHandled(tenantId: string, id: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('left_messages')
      .set({ handled_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

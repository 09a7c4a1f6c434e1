import type { Kysely } from 'kysely';
import type { TeamMessage, TeamStore } from '../domain/team/teamChat.ts';
import type { Database } from './schema.ts';
import { num } from './rows.ts';

function toTeamMessage(row: {
  id: string;
  tenant_id: string;
  client_id: string;
  sender_id: string;
  sender_name: string;
  recipient_id: string | null;
  text: string;
  sent_at: number | string;
}): TeamMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    senderId: row.sender_id,
    senderName: row.sender_name,
    recipientId: row.recipient_id,
    text: row.text,
    sentAt: num(row.sent_at),
  };
}

/** Team chat between consultants (F-27) in SQL. */
export class SqlTeamMessageStore implements TeamStore {
  constructor(private readonly db: Kysely<Database>) {}

  async appendTeamMessage(message: TeamMessage): Promise<{ message: TeamMessage; duplicate: boolean }> {
    const inserted = await this.db
      .insertInto('team_messages')
      .values({
        id: message.id,
        tenant_id: message.tenantId,
        client_id: message.clientId,
        sender_id: message.senderId,
        sender_name: message.senderName,
        recipient_id: message.recipientId,
        text: message.text,
        sent_at: message.sentAt,
      })
      .onConflict((oc) => oc.columns(['sender_id', 'client_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { message, duplicate: false };
    const existing = await this.db
      .selectFrom('team_messages')
      .selectAll()
      .where('tenant_id', '=', message.tenantId)
      .where('sender_id', '=', message.senderId)
      .where('client_id', '=', message.clientId)
      .executeTakeFirstOrThrow();
    return { message: toTeamMessage(existing), duplicate: true };
  }

  async teamMessagesFor(tenantId: string, consultantId: string, limit: number): Promise<TeamMessage[]> {
    const rows = await this.db
      .selectFrom('team_messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or([
          eb('recipient_id', 'is', null),
          eb('recipient_id', '=', consultantId),
          eb('sender_id', '=', consultantId),
        ]),
      )
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toTeamMessage).reverse();
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { Note } from '../domain/wrapup/wrapUp.ts';
import type { Database } from './schema.ts';
import { num } from './rows.ts';

/*
 * The notepad table ([N1]): the wrap-up store writes a consultant's notes, the conversation store a
 * transfer's reason ([C12]); the contact history reads both. One table, one piece of code.
 */

export function toNote(row: Selectable<Database['notes']>): Note {
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

export async function insertNote(db: Kysely<Database>, note: Note): Promise<void> {
  await db
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

export async function selectNotes(db: Kysely<Database>, tenantId: string, conversationId: string): Promise<Note[]> {
  const rows = await db
    .selectFrom('notes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .execute();
  return rows.map(toNote);
}

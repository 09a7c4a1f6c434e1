import type { Kysely } from 'kysely';
import type { ConversationRecord } from '../domain/ports/conversationStore.ts';
import type { DoneStore, Note, WrapUp } from '../domain/wrapup/wrapUp.ts';
import { SqlConversationStore } from './conversationStore.ts';
import { insertNote } from './noteRows.ts';
import type { Database } from './schema.ts';
import { SqlWrapUpStore } from './wrapUpStore.ts';

/**
 * [C13] Mark as done writes three things — the conversation's done state, the closing note and
 * the wrap-up — in one transaction: all of them are stored, or none. The stores it uses are made
 * over the transaction, so each keeps its own SQL.
 */
export class SqlDoneStore implements DoneStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async saveDone(done: ConversationRecord, wrapUp: WrapUp, note: Note | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await new SqlConversationStore(trx, this.now).saveConversation(done);
      if (note) await insertNote(trx, note);
      await new SqlWrapUpStore(trx, this.now).saveWrapUp(wrapUp);
    });
  }
}

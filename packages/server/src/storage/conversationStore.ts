import type { Kysely, Selectable } from 'kysely';
import { ParleyError, type ChatSender, type VisitorSetup } from '@parley/protocol';
import type { ConversationState } from '../domain/conversations/lifecycle.ts';
import { describe } from '../domain/conversations/lifecycle.ts';
import type {
  BroadcastOnAir,
  ChatMessageRecord,
  ConversationNote,
  ConversationRecord,
  ConversationStore,
  KeptConference,
  KeptPhoneCall,
} from '../domain/ports/conversationStore.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';
import { insertNote, selectNotes } from './noteRows.ts';
import { num, numOrNull } from './rows.ts';
import { factColumns, factsOf, saveFactRow } from './factRows.ts';
import { admitFence } from './fenceStore.ts';
import { SqlWrapUpStore } from './wrapUpStore.ts';
import type { WrapUp } from '../domain/wrapup/wrapUp.ts';

/** [PL3] The lease a cluster node writes a tenant's live state under. */
export interface WriteFence {
  tenantId: string;
  token: number;
}

function toMessage(row: Selectable<Database['messages']>): ChatMessageRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    clientId: row.client_id,
    sender: row.sender as ChatSender,
    authorName: row.author_name,
    text: row.text,
    sentAt: num(row.sent_at),
  };
}

/** [MD1] How the visitor joined, stored as JSON (null for conversations from before 0005_media). */
function setupOf(json: string | null): VisitorSetup | null {
  return json ? (JSON.parse(json) as VisitorSetup) : null;
}

/** Conversations, their chat and the availability kept across restarts ([P5]) in SQL. */
export class SqlConversationStore implements ConversationStore {
  /**
   * @param fence [PL3] cluster mode: every write runs in a transaction that first admits this
   *   lease token for the tenant, and is refused (`lease_lost`, nothing kept) when a larger token
   *   was admitted. Absent in single-node mode, which pays nothing for it.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly fence?: WriteFence,
  ) {}

  /** The same store, writing one tenant's live state under the lease token `token` ([PL3]). */
  fenced(tenantId: string, token: number): SqlConversationStore {
    return new SqlConversationStore(this.db, this.now, { tenantId, token });
  }

  /**
   * Runs a write as is (`atomic`: in one transaction), or (fenced) in one transaction that first
   * admits the fence. A store made over a caller's transaction writes in that one: Kysely cannot
   * nest transactions, and the fence must be in the same one as the write it guards. [PL40] A
   * transaction cut before its COMMIT runs again whole, fence included ({@link inTransaction}).
   */
  private write<T>(tenantId: string | null, work: (db: Kysely<Database>) => Promise<T>, atomic = false): Promise<T> {
    const fence = this.fence;
    const inOne = (run: (trx: Kysely<Database>) => Promise<T>): Promise<T> => inTransaction(this.db, run);
    if (!fence) return atomic ? inOne(work) : work(this.db);
    // A unit writing another tenant's rows is a wiring mistake, never a user's.
    if (tenantId !== null && tenantId !== fence.tenantId) {
      throw new Error(`tenant ${tenantId} written under the fence of ${fence.tenantId}`);
    }
    return inOne(async (trx) => {
      if (!(await admitFence(trx, fence.tenantId, fence.token))) throw new ParleyError('lease_lost');
      return work(trx);
    });
  }

  /** The conversation, its fact row and [RP10] the rollup delta in one transaction; fenced, behind the fence. */
  saveConversation(record: ConversationRecord): Promise<void> {
    return this.write(record.tenantId, (db) => this.storeConversation(db, record), true);
  }

  /**
   * [C13][PL3] Mark as done's one write: the `done` state (with its facts and rollup), the
   * closing note and the wrap-up, in one transaction — fenced, the same one that admits the fence.
   */
  saveDone(done: ConversationRecord, wrapUp: WrapUp, note: ConversationNote | null): Promise<void> {
    return this.write(
      done.tenantId,
      async (db) => {
        await this.storeConversation(db, done);
        if (note) await insertNote(db, note);
        await new SqlWrapUpStore(db, this.now).saveWrapUp(wrapUp);
      },
      true,
    );
  }

  private async storeConversation(db: Kysely<Database>, record: ConversationRecord): Promise<void> {
    const facts = describe(record.state);
    const row = {
      state: record.state.name,
      consultant_id: facts.consultantId,
      accepted_at: facts.acceptedAt,
      closed_at: facts.closedAt,
      close_reason: facts.closeReason,
      visitor_name: record.visitorName,
      // A transfer to another link's queue moves the conversation ([C12]).
      link_id: record.linkId,
      state_json: JSON.stringify(record.state),
      visitor_setup_json: record.visitorSetup ? JSON.stringify(record.visitorSetup) : null,
      department_id: record.departmentId ?? null,
    };
    await db
      .insertInto('conversations')
      .values({
        ...row,
        id: record.id,
        tenant_id: record.tenantId,
        link_id: record.linkId,
        visitor_id: record.visitorId,
        queued_at: record.state.queuedAt,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await saveFactRow(db, record);
  }

  async listOpenConversations(): Promise<ConversationRecord[]> {
    const rows = await this.db
      .selectFrom('conversations')
      .leftJoin('conversation_facts', 'conversation_facts.conversation_id', 'conversations.id')
      .selectAll('conversations')
      .select(factColumns)
      .where('state', 'in', ['queued', 'ringing', 'active'])
      .orderBy('conversations.queued_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      linkId: row.link_id,
      visitorId: row.visitor_id,
      visitorName: row.visitor_name,
      state: JSON.parse(row.state_json) as ConversationState,
      visitorSetup: setupOf(row.visitor_setup_json),
      departmentId: row.department_id,
      ...withFacts(row),
    }));
  }

  async savePresence(consultantId: string, available: boolean): Promise<void> {
    const values = { available: available ? 1 : 0, updated_at: this.now() };
    await this.write(null, (db) =>
      db
        .insertInto('consultant_presence')
        .values({ consultant_id: consultantId, ...values })
        .onConflict((oc) => oc.column('consultant_id').doUpdateSet(values))
        .execute(),
    );
  }

  async listAvailableConsultantIds(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('consultant_presence')
      .select('consultant_id')
      .where('available', '=', 1)
      .execute();
    return rows.map((r) => r.consultant_id);
  }

  async saveBroadcast(tenantId: string, linkId: string, presenterId: string | null): Promise<void> {
    await this.write(tenantId, async (db) => {
      if (presenterId === null) {
        await db.deleteFrom('live_broadcasts').where('link_id', '=', linkId).execute();
        return;
      }
      const row = { link_id: linkId, tenant_id: tenantId, presenter_id: presenterId, started_at: this.now() };
      await db
        .insertInto('live_broadcasts')
        .values(row)
        .onConflict((oc) => oc.column('link_id').doUpdateSet({ presenter_id: presenterId, started_at: row.started_at }))
        .execute();
    });
  }

  async listBroadcasts(): Promise<BroadcastOnAir[]> {
    const rows = await this.db.selectFrom('live_broadcasts').selectAll().orderBy('started_at').execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, linkId: r.link_id, presenterId: r.presenter_id }));
  }

  async saveConference(tenantId: string, conversationId: string, members: readonly string[] | null): Promise<void> {
    await this.write(tenantId, async (db) => {
      if (members === null) {
        await db.deleteFrom('live_conferences').where('conversation_id', '=', conversationId).execute();
        return;
      }
      const membersJson = JSON.stringify(members);
      await db
        .insertInto('live_conferences')
        .values({ conversation_id: conversationId, tenant_id: tenantId, members_json: membersJson })
        .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ members_json: membersJson }))
        .execute();
    });
  }

  async listConferences(): Promise<KeptConference[]> {
    const rows = await this.db.selectFrom('live_conferences').selectAll().execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      conversationId: r.conversation_id,
      members: JSON.parse(r.members_json) as string[],
    }));
  }

  async savePhoneCall(tenantId: string, conversationId: string, call: KeptPhoneCall | null): Promise<void> {
    await this.write(tenantId, async (db) => {
      if (call === null) {
        await db.deleteFrom('live_phone_calls').where('conversation_id', '=', conversationId).execute();
        return;
      }
      const values = {
        visitor_id: call.visitorId,
        consultant_id: call.consultantId,
        members_json: JSON.stringify(call.members),
        pins_json: JSON.stringify(call.pins),
      };
      await db
        .insertInto('live_phone_calls')
        .values({ conversation_id: conversationId, tenant_id: tenantId, ...values })
        .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
        .execute();
    });
  }

  async listPhoneCalls(tenantId: string): Promise<KeptPhoneCall[]> {
    const rows = await this.db.selectFrom('live_phone_calls').selectAll().where('tenant_id', '=', tenantId).execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      conversationId: r.conversation_id,
      visitorId: r.visitor_id,
      consultantId: r.consultant_id,
      members: JSON.parse(r.members_json) as string[],
      pins: JSON.parse(r.pins_json) as Record<string, string>,
    }));
  }

  async getConversation(
    tenantId: string,
    id: string,
  ): Promise<(ConversationRecord & { acceptedAt: number | null }) | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .leftJoin('conversation_facts', 'conversation_facts.conversation_id', 'conversations.id')
      .selectAll('conversations')
      .select(factColumns)
      .where('conversations.tenant_id', '=', tenantId)
      .where('conversations.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      linkId: row.link_id,
      visitorId: row.visitor_id,
      visitorName: row.visitor_name,
      state: JSON.parse(row.state_json) as ConversationState,
      visitorSetup: setupOf(row.visitor_setup_json),
      departmentId: row.department_id,
      ...withFacts(row),
      acceptedAt: numOrNull(row.accepted_at),
    };
  }

  async appendMessages(messages: ChatMessageRecord[]): Promise<{ message: ChatMessageRecord; duplicate: boolean }[]> {
    const [first] = messages;
    if (!first) return [];
    if (!this.fence) return this.storeMessages(this.db, messages);
    // Fenced, the batch is one tenant's ([M4] batches per tenant unit): each row is checked.
    const tenantId = messages.every((m) => m.tenantId === first.tenantId) ? first.tenantId : '(several tenants)';
    return this.write(tenantId, (db) => this.storeMessages(db, messages));
  }

  private async storeMessages(
    db: Kysely<Database>,
    messages: ChatMessageRecord[],
  ): Promise<{ message: ChatMessageRecord; duplicate: boolean }[]> {
    // [M4] One multi-row statement for the batch: one commit (in SQLite, one WAL write) and one
    // driver round trip instead of N. A row whose (conversation, sender, clientId) is already
    // stored, or repeats an earlier row of the batch, is skipped and answered with the stored one.
    const inserted = await db
      .insertInto('messages')
      .values(messages.map(toMessageRow))
      .onConflict((oc) => oc.columns(['conversation_id', 'sender', 'client_id']).doNothing())
      .returning('id')
      .execute();
    const insertedIds = new Set(inserted.map((row) => row.id));
    const results = [];
    for (const message of messages) {
      if (insertedIds.has(message.id)) {
        results.push({ message, duplicate: false });
        continue;
      }
      const existing = await db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', message.conversationId)
        .where('sender', '=', message.sender)
        .where('client_id', '=', message.clientId)
        .executeTakeFirstOrThrow();
      results.push({ message: toMessage(existing), duplicate: true });
    }
    return results;
  }

  async listMessages(tenantId: string, conversationId: string): Promise<ChatMessageRecord[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute();
    return rows.map(toMessage);
  }

  async recentHandlingTimes(tenantId: string, linkId: string, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('conversations')
      .select(['accepted_at', 'closed_at'])
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      // Wrapped-up conversations ([C13]) were handled just the same.
      .where('state', 'in', ['ended', 'done'])
      .orderBy('closed_at', 'desc')
      .limit(limit)
      .execute();
    return rows
      .map((r) => num(r.closed_at ?? 0) - num(r.accepted_at ?? 0))
      .filter((ms) => ms >= 0)
      .reverse();
  }

  /** [C12] Transfer reasons go to the notepad ([N1]), so they reach the contact history. */
  appendNote(note: ConversationNote): Promise<void> {
    return this.write(note.tenantId, (db) => insertNote(db, note));
  }

  listNotes(tenantId: string, conversationId: string): Promise<ConversationNote[]> {
    return selectNotes(this.db, tenantId, conversationId);
  }
}

/** The record's facts when a fact row was joined (a conversation from before 0016 has none). */
function withFacts(row: Parameters<typeof factsOf>[0]): { facts?: ReturnType<typeof factsOf> & object } {
  const facts = factsOf(row);
  return facts ? { facts } : {};
}

function toMessageRow(message: ChatMessageRecord) {
  return {
    id: message.id,
    tenant_id: message.tenantId,
    conversation_id: message.conversationId,
    client_id: message.clientId,
    sender: message.sender,
    author_name: message.authorName,
    text: message.text,
    sent_at: message.sentAt,
  };
}

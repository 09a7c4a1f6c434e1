import type { Kysely, Selectable } from 'kysely';
import type { ChatSender } from '@parley/protocol';
import type { ConversationState } from '../domain/conversations/lifecycle.ts';
import { describe } from '../domain/conversations/lifecycle.ts';
import type { ChatMessageRecord, ConversationRecord, ConversationStore } from '../domain/live/ports.ts';
import type {
  AuthSession,
  Consultant,
  ConsultantRole,
  DirectoryStore,
  Link,
  LinkAcceptance,
  LinkMode,
  Tenant,
  Visitor,
} from '../domain/tenants/directory.ts';
import type { Database } from './schema.ts';

// PostgreSQL returns bigint columns as strings; SQLite as numbers. Normalise at the edge.
const num = (value: number | string): number => Number(value);
const numOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toConsultant(row: Selectable<Database['consultants']>): Consultant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role as ConsultantRole,
    passwordHash: row.password_hash,
  };
}

function toLink(row: Selectable<Database['links']>): Link {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    mode: row.mode as LinkMode,
    acceptance: row.acceptance as LinkAcceptance,
  };
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

/** The Kysely implementation of every storage port; the same code serves SQLite and PostgreSQL. */
export class SqlStore implements DirectoryStore, ConversationStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async createTenant(tenant: Tenant): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({ ...tenant, created_at: this.now() })
      .execute();
  }

  async findTenantBySlug(slug: string): Promise<Tenant | undefined> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst();
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('id', '=', id).executeTakeFirst();
  }

  async createConsultant(c: Consultant): Promise<void> {
    await this.db
      .insertInto('consultants')
      .values({
        id: c.id,
        tenant_id: c.tenantId,
        email: c.email.toLowerCase(),
        name: c.name,
        role: c.role,
        password_hash: c.passwordHash,
        created_at: this.now(),
      })
      .execute();
  }

  async getConsultant(id: string): Promise<Consultant | undefined> {
    const row = await this.db.selectFrom('consultants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConsultant(row);
  }

  async findConsultantByEmail(email: string): Promise<Consultant | undefined> {
    const row = await this.db
      .selectFrom('consultants')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toConsultant(row);
  }

  async createLink(link: Link): Promise<void> {
    await this.db
      .insertInto('links')
      .values({
        id: link.id,
        tenant_id: link.tenantId,
        key: link.key,
        name: link.name,
        mode: link.mode,
        acceptance: link.acceptance,
        created_at: this.now(),
      })
      .execute();
  }

  async findLinkByKey(key: string): Promise<Link | undefined> {
    const row = await this.db.selectFrom('links').selectAll().where('key', '=', key).executeTakeFirst();
    return row && toLink(row);
  }

  async listLinks(tenantId: string): Promise<Link[]> {
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .execute();
    return rows.map(toLink);
  }

  async assignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void> {
    await this.db
      .insertInto('link_consultants')
      .values({ tenant_id: tenantId, link_id: linkId, consultant_id: consultantId })
      .onConflict((oc) => oc.columns(['link_id', 'consultant_id']).doNothing())
      .execute();
  }

  async linkIdsOfConsultant(tenantId: string, consultantId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('link_consultants')
      .select('link_id')
      .where('tenant_id', '=', tenantId)
      .where('consultant_id', '=', consultantId)
      .execute();
    return rows.map((r) => r.link_id);
  }

  async createVisitor(visitor: Visitor, resumeTokenHash: string): Promise<void> {
    await this.db
      .insertInto('visitors')
      .values({
        id: visitor.id,
        tenant_id: visitor.tenantId,
        link_id: visitor.linkId,
        name: visitor.name,
        resume_token_hash: resumeTokenHash,
        created_at: this.now(),
      })
      .execute();
  }

  async findVisitorByResumeTokenHash(hash: string): Promise<Visitor | undefined> {
    const row = await this.db
      .selectFrom('visitors')
      .selectAll()
      .where('resume_token_hash', '=', hash)
      .executeTakeFirst();
    return row && { id: row.id, tenantId: row.tenant_id, linkId: row.link_id, name: row.name };
  }

  async createAuthSession(session: AuthSession, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('auth_sessions')
      .values({
        token_hash: tokenHash,
        id: session.id,
        consultant_id: session.consultantId,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findAuthSession(tokenHash: string): Promise<AuthSession | undefined> {
    const row = await this.db
      .selectFrom('auth_sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && { id: row.id, consultantId: row.consultant_id, expiresAt: num(row.expires_at) };
  }

  async deleteAuthSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async saveConversation(record: ConversationRecord): Promise<void> {
    const facts = describe(record.state);
    const row = {
      state: record.state.name,
      consultant_id: facts.consultantId,
      accepted_at: facts.acceptedAt,
      closed_at: facts.closedAt,
      close_reason: facts.closeReason,
      visitor_name: record.visitorName,
      state_json: JSON.stringify(record.state),
    };
    await this.db
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
  }

  async getConversation(
    tenantId: string,
    id: string,
  ): Promise<(ConversationRecord & { acceptedAt: number | null }) | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      linkId: row.link_id,
      visitorId: row.visitor_id,
      visitorName: row.visitor_name,
      state: JSON.parse(row.state_json) as ConversationState,
      acceptedAt: numOrNull(row.accepted_at),
    };
  }

  async appendMessage(message: ChatMessageRecord): Promise<{ message: ChatMessageRecord; duplicate: boolean }> {
    const inserted = await this.db
      .insertInto('messages')
      .values({
        id: message.id,
        tenant_id: message.tenantId,
        conversation_id: message.conversationId,
        client_id: message.clientId,
        sender: message.sender,
        author_name: message.authorName,
        text: message.text,
        sent_at: message.sentAt,
      })
      .onConflict((oc) => oc.columns(['conversation_id', 'sender', 'client_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { message, duplicate: false };
    const existing = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', message.conversationId)
      .where('sender', '=', message.sender)
      .where('client_id', '=', message.clientId)
      .executeTakeFirstOrThrow();
    return { message: toMessage(existing), duplicate: true };
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
}

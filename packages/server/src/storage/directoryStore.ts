import type { Selectable } from 'kysely';
import type {
  Consultant,
  ConsultantPatch,
  ConsultantRole,
  Department,
  DirectoryStore,
  LeftMessage,
  Link,
  LinkAcceptance,
  LinkMode,
  LinkPatch,
  NewConsultant,
  Tenant,
  Visitor,
} from '../domain/tenants/directory.ts';
import type { Database } from './schema.ts';
import { SqlAuthSessionStore } from './authSessionStore.ts';

// PostgreSQL returns bigint columns as strings; SQLite as numbers. Normalise at the edge.
export const num = (value: number | string): number => Number(value);
export const numOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toConsultant(row: Selectable<Database['consultants']>): Consultant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role as ConsultantRole,
    passwordHash: row.password_hash,
    departmentId: row.department_id,
    active: num(row.active) === 1,
    maxConversations: num(row.max_conversations),
    mustChangePassword: num(row.must_change_password) === 1,
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
    departmentId: row.department_id,
    maxWaitMs: numOrNull(row.max_wait_ms),
    offlineText: row.offline_text,
    offlineImage: row.offline_image,
  };
}

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

/** Tenants, departments, consultants, links, visitors, sessions and left messages in SQL. */
export class SqlDirectoryStore extends SqlAuthSessionStore implements DirectoryStore {
  async createTenant(tenant: Tenant): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({ ...tenant, created_at: this.now() })
      .execute();
  }

  async findTenantBySlug(slug: string): Promise<Tenant | undefined> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('slug', '=', slug).executeTakeFirst();
  }

  async listTenants(): Promise<Tenant[]> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).orderBy('created_at').execute();
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    return this.db.selectFrom('tenants').select(['id', 'name', 'slug']).where('id', '=', id).executeTakeFirst();
  }
  async getAllowedOrigins(tenantId: string): Promise<string[]> {
    const row = await this.db
      .selectFrom('tenants')
      .select('allowed_origins')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    const parsed: unknown = row ? JSON.parse(row.allowed_origins) : [];
    return Array.isArray(parsed) ? parsed.filter((o): o is string => typeof o === 'string') : [];
  }

  async setAllowedOrigins(tenantId: string, origins: readonly string[]): Promise<void> {
    await this.db
      .updateTable('tenants')
      .set({ allowed_origins: JSON.stringify(origins) })
      .where('id', '=', tenantId)
      .execute();
  }

  async createConsultant(c: NewConsultant): Promise<void> {
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
        department_id: c.departmentId,
        active: c.active ? 1 : 0,
        max_conversations: c.maxConversations,
        must_change_password: c.mustChangePassword ? 1 : 0,
      })
      .execute();
  }

  async listConsultants(tenantId: string): Promise<Consultant[]> {
    const rows = await this.db
      .selectFrom('consultants')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('email')
      .execute();
    return rows.map(toConsultant);
  }

  async updateConsultant(tenantId: string, id: string, patch: ConsultantPatch): Promise<boolean> {
    const values = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.departmentId !== undefined && { department_id: patch.departmentId }),
      ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
      ...(patch.maxConversations !== undefined && { max_conversations: patch.maxConversations }),
    };
    if (Object.keys(values).length === 0) return (await this.findConsultant(tenantId, id)) !== undefined;
    const result = await this.db
      .updateTable('consultants')
      .set(values)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setConsultantPassword(
    tenantId: string,
    id: string,
    passwordHash: string,
    mustChange = false,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('consultants')
      .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  private async findConsultant(tenantId: string, id: string): Promise<Consultant | undefined> {
    const row = await this.db
      .selectFrom('consultants')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toConsultant(row);
  }

  async createDepartment(department: Department): Promise<void> {
    await this.db
      .insertInto('departments')
      .values({ id: department.id, tenant_id: department.tenantId, name: department.name, created_at: this.now() })
      .execute();
  }

  async listDepartments(tenantId: string): Promise<Department[]> {
    const rows = await this.db
      .selectFrom('departments')
      .select(['id', 'tenant_id', 'name'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, name: r.name }));
  }

  async renameDepartment(tenantId: string, id: string, name: string): Promise<boolean> {
    const result = await this.db
      .updateTable('departments')
      .set({ name })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
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
        department_id: link.departmentId,
        max_wait_ms: link.maxWaitMs,
        offline_text: link.offlineText,
        offline_image: link.offlineImage,
      })
      .execute();
  }

  async getLink(tenantId: string, id: string): Promise<Link | undefined> {
    const row = await this.db
      .selectFrom('links')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toLink(row);
  }

  async updateLink(tenantId: string, id: string, patch: LinkPatch): Promise<boolean> {
    const values = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.mode !== undefined && { mode: patch.mode }),
      ...(patch.acceptance !== undefined && { acceptance: patch.acceptance }),
      ...(patch.departmentId !== undefined && { department_id: patch.departmentId }),
      ...(patch.maxWaitMs !== undefined && { max_wait_ms: patch.maxWaitMs }),
      ...(patch.offlineText !== undefined && { offline_text: patch.offlineText }),
      ...(patch.offlineImage !== undefined && { offline_image: patch.offlineImage }),
    };
    if (Object.keys(values).length === 0) return (await this.getLink(tenantId, id)) !== undefined;
    const result = await this.db
      .updateTable('links')
      .set(values)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
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

  async unassignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void> {
    await this.db
      .deleteFrom('link_consultants')
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .where('consultant_id', '=', consultantId)
      .execute();
  }

  async consultantIdsOfLink(tenantId: string, linkId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('link_consultants')
      .select('consultant_id')
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .execute();
    return rows.map((r) => r.consultant_id);
  }

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
}

import type { Kysely, Selectable } from 'kysely';
import type {
  Consultant,
  ConsultantPatch,
  ConsultantRole,
  ConsultantStore,
  NewConsultant,
} from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';
import { num } from '../rows.ts';

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

/** Consultant accounts in SQL; e-mail addresses are stored lower-case. */
export class SqlConsultantStore implements ConsultantStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

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
}

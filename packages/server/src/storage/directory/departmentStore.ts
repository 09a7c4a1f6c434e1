import type { Kysely } from 'kysely';
import type { Department, DepartmentStore } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';

/** Departments (F-31) in SQL. */
export class SqlDepartmentStore implements DepartmentStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

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
}

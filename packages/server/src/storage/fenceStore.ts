import type { Kysely } from 'kysely';
import type { FenceStore } from '../domain/placement/fence.ts';
import type { Database } from './schema.ts';
import { num } from './rows.ts';

/**
 * [PL3] Records `token` as the tenant's highest admitted one, or admits nothing when a larger one
 * was admitted before: one upsert whose update only happens while the stored token is not larger
 * (SQLite and PostgreSQL both skip the row, and RETURNING then gives none). Run it inside the
 * write's own transaction, so the fence and the write are kept or lost together.
 */
export async function admitFence(db: Kysely<Database>, tenantId: string, token: number): Promise<boolean> {
  const admitted = await db
    .insertInto('placement_fences')
    .values({ tenant_id: tenantId, token })
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ token: (eb) => eb.ref('excluded.token') })
        .where('placement_fences.token', '<=', (eb) => eb.ref('excluded.token')),
    )
    .returning('tenant_id')
    .execute();
  return admitted.length > 0;
}

/** The fence table as the domain's {@link FenceStore}: the lease store's floor after a Redis restart ([PL5]). */
export class SqlFenceStore implements FenceStore {
  constructor(private readonly db: Kysely<Database>) {}

  admit(tenantId: string, token: number): Promise<boolean> {
    return admitFence(this.db, tenantId, token);
  }

  async highest(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('placement_fences')
      .select('token')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row ? num(row.token) : 0;
  }
}

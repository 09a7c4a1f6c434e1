import type { Kysely, Migration } from 'kysely';

/**
 * [PL3] Fencing in storage (issue 18): the highest lease token admitted per tenant. In cluster mode
 * every write of a tenant's live state raises it (or is refused) in its own transaction, so a
 * node that lost its lease without noticing cannot change anything. Single-node mode never
 * touches it. The token is a bigint: tokens restart above Redis's clock in ms ([PL5]).
 */
export const placementFences: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('placement_fences')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('token', 'bigint', (c) => c.notNull())
      .execute();
  },
};

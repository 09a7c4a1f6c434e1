import type { Kysely, Migration } from 'kysely';

/**
 * [PL38] Broadcasts on air, so that a broadcast outlives the process that runs its tenant: after a
 * restart ([P5]) or when another node takes the tenant over ([PL7]) the presenter is on air again
 * and re-publishes, and viewers take their seats again. One row per link on air; going off air
 * deletes it.
 */
export const liveBroadcasts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('live_broadcasts')
      .addColumn('link_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('presenter_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('live_broadcasts_tenant').on('live_broadcasts').column('tenant_id').execute();
  },
};

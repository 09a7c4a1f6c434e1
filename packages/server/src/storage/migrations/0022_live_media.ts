import type { Kysely, Migration } from 'kysely';

/**
 * The live media a restart ([P5]) or a takeover by another node ([PL7]) must not lose.
 * [PL38] Broadcasts on air: the presenter is on air again and re-publishes, viewers take their
 * seats again. One row per link on air; going off air deletes it.
 * [PL39] Conferences: a call that moved onto the SFU stays there with the colleagues who joined
 * it; everyone re-publishes. One row per conversation on the SFU; its end deletes it.
 */
export const liveMedia: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('live_broadcasts')
      .addColumn('link_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('presenter_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('live_broadcasts_tenant').on('live_broadcasts').column('tenant_id').execute();
    await db.schema
      .createTable('live_conferences')
      .addColumn('conversation_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      // The colleagues who joined, in the order they joined (the first carries the call on, [S5]).
      .addColumn('members_json', 'text', (c) => c.notNull())
      .execute();
  },
};

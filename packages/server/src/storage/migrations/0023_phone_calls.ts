import type { Kysely, Migration } from 'kysely';

/**
 * [PL43] Calls in phone mode ([TP4]), which a restart ([P5]) or a takeover by another node ([PL7])
 * must not lose: who the sides are and each side's dial-in PIN, so the PINs shown to them keep
 * working. One row per call in phone mode; its end deletes it.
 */
export const phoneCalls: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('live_phone_calls')
      .addColumn('conversation_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('visitor_id', 'text', (c) => c.notNull())
      // '' once the call's consultant left a conference its colleagues carry on ([TP11]).
      .addColumn('consultant_id', 'text', (c) => c.notNull())
      .addColumn('members_json', 'text', (c) => c.notNull())
      // The PINs by side: secrets, as the sessions' tokens are; they go with the call.
      .addColumn('pins_json', 'text', (c) => c.notNull())
      .execute();
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * [U4] One-time passwords and [U1] finding a consultant's sessions fast.
 * Recorded as `0009_accounts` by databases migrated before the renumbering (see ./legacyNames.ts).
 */
export const accounts: Migration = {
  async up(db: Kysely<unknown>) {
    // [U4] A one-time password (invite, reset, CLI) must be changed at the next login.
    await db.schema
      .alterTable('consultants')
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // [U1] A changed or reset password ends every session of the account: find them fast.
    await db.schema.createIndex('auth_sessions_consultant').on('auth_sessions').column('consultant_id').execute();
  },
};

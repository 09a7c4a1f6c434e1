import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A tenant's row of `desk_settings`: the identity secret (contacts, [K2]) and whether a
 * disposition is required (wrap-up, [N3]). Two stores read it; neither owns the other.
 */
export type SettingsRow = Selectable<Database['desk_settings']>;

export function readSettingsRow(db: Kysely<Database>, tenantId: string): Promise<SettingsRow | undefined> {
  return db.selectFrom('desk_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Creates the tenant's row with defaults, or changes only the given columns of it. */
export async function upsertSettingsRow(
  db: Kysely<Database>,
  tenantId: string,
  patch: Partial<Pick<Database['desk_settings'], 'identity_secret' | 'disposition_required'>>,
): Promise<void> {
  await db
    .insertInto('desk_settings')
    .values({ tenant_id: tenantId, identity_secret: null, disposition_required: 0, ...patch })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(patch))
    .execute();
}

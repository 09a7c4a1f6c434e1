import type { Kysely, Transaction } from 'kysely';
import type { ContactExport } from '@parley/protocol';
import type { RetentionCutoffs } from '../domain/privacy/privacy.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
const iso = (ms: number | string | bigint): string => new Date(num(ms as number)).toISOString();

/** [CT5] What [GD3] adds for history for everyone: the contact's browsers and merge records. */
export async function contactExtras(
  db: Db,
  tenantId: string,
  contactId: string,
): Promise<Pick<ContactExport, 'browsers' | 'merges'>> {
  const [keys, merges] = await Promise.all([
    db
      .selectFrom('contact_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('contact_id', '=', contactId)
      .execute(),
    db
      .selectFrom('contact_merges')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('survivor_id', '=', contactId)
      .orderBy('merged_at')
      .execute(),
  ]);
  return {
    browsers: keys.map((k) => ({ keyHash: k.key_hash, createdAt: iso(k.created_at), lastSeenAt: iso(k.last_seen_at) })),
    merges: merges.map((m) => ({ mergedId: m.merged_id, consultantId: m.consultant_id, mergedAt: iso(m.merged_at) })),
  };
}

/** [CT5][GD4] Erasure removes the contact's browsers and merge records too (before the contact row). */
export async function eraseContactExtras(
  trx: Transaction<Database>,
  tenantId: string,
  contactId: string,
  count: (table: string, n: bigint) => void,
): Promise<void> {
  const keys = await trx
    .deleteFrom('contact_keys')
    .where('tenant_id', '=', tenantId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  count('contact_keys', keys.numDeletedRows);
  const merges = await trx
    .deleteFrom('contact_merges')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('survivor_id', '=', contactId), eb('merged_id', '=', contactId)]))
    .executeTakeFirst();
  count('contact_merges', merges.numDeletedRows);
}

/**
 * [CT5][GD2] Retention: browsers not seen since the visits cutoff are forgotten, and so are
 * anonymous contacts not seen since (their visitors stay, unlinked; conversations stay for
 * reports). Merge records follow the notes period.
 */
export async function purgeContacts(
  trx: Transaction<Database>,
  tenantId: string,
  cutoffs: RetentionCutoffs,
  add: (table: string, n: bigint) => void,
): Promise<void> {
  if (cutoffs.visits !== undefined) {
    const stale = trx
      .selectFrom('contacts')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'anonymous')
      .where('last_seen_at', '<', cutoffs.visits);
    await trx
      .updateTable('visitor_context')
      .set({ contact_id: null })
      .where('tenant_id', '=', tenantId)
      .where('contact_id', 'in', stale)
      .execute();
    const keys = await trx
      .deleteFrom('contact_keys')
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('last_seen_at', '<', cutoffs.visits ?? 0), eb('contact_id', 'in', stale)]))
      .executeTakeFirst();
    add('contact_keys', keys.numDeletedRows);
    const contacts = await trx
      .deleteFrom('contacts')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'anonymous')
      .where('last_seen_at', '<', cutoffs.visits)
      .executeTakeFirst();
    add('contacts (anonymous)', contacts.numDeletedRows);
  }
  if (cutoffs.notes !== undefined) {
    const merges = await trx
      .deleteFrom('contact_merges')
      .where('tenant_id', '=', tenantId)
      .where('merged_at', '<', cutoffs.notes)
      .executeTakeFirst();
    add('contact_merges', merges.numDeletedRows);
  }
}

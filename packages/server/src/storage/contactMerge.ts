import type { Kysely } from 'kysely';
import { MAX_CONTACT_NOTE_LENGTH } from '@parley/protocol';
import type { Contact, ContactMerge } from '../domain/contacts/contacts.ts';
import { toContact, unsignedExternalId } from './contactRows.ts';
import { inTransaction } from './transaction.ts';
import type { Database } from './schema.ts';

/**
 * [CT4] Merges one contact into another in one transaction: the merged contact's visitors (and
 * with them their conversations, notes and wrap-ups), browsers and earlier merge records move
 * to the survivor; the survivor keeps its details and takes the other's where its own are empty;
 * notes are joined; a signed external id passes to a survivor without one; the first-seen and
 * last-seen span both. The merge is recorded, then the merged contact is deleted.
 */
export function mergeContacts(db: Kysely<Database>, merge: ContactMerge): Promise<Contact | undefined> {
  const { tenantId, survivorId, mergedId } = merge;
  return inTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', [survivorId, mergedId])
      .execute();
    const survivorRow = rows.find((r) => r.id === survivorId);
    const mergedRow = rows.find((r) => r.id === mergedId);
    if (!survivorRow || !mergedRow || survivorId === mergedId) return undefined;
    const survivor = toContact(survivorRow);
    const merged = toContact(mergedRow);
    const takesSignedId = survivor.kind !== 'signed' && merged.kind === 'signed';
    if (takesSignedId) {
      // The unique (tenant, external id) pair: the merged row lets go of the id first.
      await trx
        .updateTable('contacts')
        .set({ external_id: unsignedExternalId(mergedId) })
        .where('id', '=', mergedId)
        .execute();
    }
    const kinds = [survivor.kind, merged.kind];
    const kind = kinds.includes('signed') ? 'signed' : kinds.includes('manual') ? 'manual' : 'anonymous';
    const note = [survivor.note, merged.note]
      .filter((n) => n.trim() !== '')
      .join('\n\n')
      .slice(0, MAX_CONTACT_NOTE_LENGTH);
    await trx
      .updateTable('contacts')
      .set({
        kind,
        ...(takesSignedId ? { external_id: merged.externalId } : {}),
        name: survivor.name || merged.name,
        email: survivor.email || merged.email,
        phone: survivor.phone || merged.phone,
        note,
        created_at: Math.min(survivor.createdAt, merged.createdAt),
        last_seen_at: Math.max(survivor.lastSeenAt, merged.lastSeenAt),
      })
      .where('id', '=', survivorId)
      .execute();
    const moved = { tenant: tenantId, from: mergedId };
    await trx
      .updateTable('visitor_context')
      .set({ contact_id: survivorId })
      .where('tenant_id', '=', moved.tenant)
      .where('contact_id', '=', moved.from)
      .execute();
    await trx
      .updateTable('contact_keys')
      .set({ contact_id: survivorId })
      .where('tenant_id', '=', moved.tenant)
      .where('contact_id', '=', moved.from)
      .execute();
    await trx
      .updateTable('contact_merges')
      .set({ survivor_id: survivorId })
      .where('tenant_id', '=', moved.tenant)
      .where('survivor_id', '=', moved.from)
      .execute();
    await trx
      .insertInto('contact_merges')
      .values({
        id: merge.id,
        tenant_id: tenantId,
        survivor_id: survivorId,
        merged_id: mergedId,
        consultant_id: merge.consultantId,
        merged_at: merge.at,
      })
      .execute();
    await trx.deleteFrom('contacts').where('tenant_id', '=', tenantId).where('id', '=', mergedId).execute();
    const row = await trx.selectFrom('contacts').selectAll().where('id', '=', survivorId).executeTakeFirstOrThrow();
    return toContact(row);
  });
}

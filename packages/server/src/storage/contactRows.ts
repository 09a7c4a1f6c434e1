import type { Selectable } from 'kysely';
import type { ContactKind } from '@parley/protocol';
import type { Contact } from '../domain/contacts/contacts.ts';
import { num } from './rows.ts';
import type { Database } from './schema.ts';

export function toContact(row: Selectable<Database['contacts']>): Contact {
  const kind = row.kind as ContactKind;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind,
    // [CT1][CT3] The made-up external id of an unsigned contact is the store's own business.
    externalId: kind === 'signed' ? row.external_id : '',
    name: row.name,
    email: row.email,
    phone: row.phone,
    note: row.note,
    createdAt: num(row.created_at),
    lastSeenAt: num(row.last_seen_at),
  };
}

/**
 * The external id an unsigned contact is stored with: unique, and never equal to a signed one,
 * as [K2] refuses a line break in a signed id (so the unique constraint of 0005 still holds).
 */
export function unsignedExternalId(contactId: string): string {
  return `\nunsigned:${contactId}`;
}

import type { Translate } from '@parley/i18n';
import type { ContactView } from '@parley/protocol';

/** How a contact is named in lists: its name, else the customer's id, else "Anonymous visitor" ([CT1]). */
export function contactLabel(contact: Pick<ContactView, 'name' | 'externalId'>, t: Translate): string {
  return contact.name || contact.externalId || t('contacts.anonymous');
}

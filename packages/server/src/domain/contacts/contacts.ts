import { createHash } from 'node:crypto';
import type {
  AttachedData,
  ContactBody,
  ContactDetail,
  ContactKind,
  ContactView,
  HistoryEntry,
  VisitorContext,
  VisitorIdentity,
} from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import type { Runtime } from '../runtime.ts';
import type { ConsultantRole } from '../tenants/directory.ts';
import { checkIdentity } from './identity.ts';

/**
 * A person known to the tenant (F-23): matched by the id the customer's systems use (signed),
 * by the browser of an anonymous visit ([CT1]), or typed in by a consultant ([CT3]).
 */
export interface Contact {
  id: string;
  tenantId: string;
  kind: ContactKind;
  /** The customer's id of a signed contact; '' for the others. */
  externalId: string;
  name: string;
  email: string;
  phone: string;
  note: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A contact named by a signed identity, as the identity tells it. */
export type SignedContact = Omit<Contact, 'kind' | 'phone' | 'note'>;

/** [CT4] One merge as recorded: who (null: automatically, [CT2]) merged which into which, when. */
export interface ContactMerge {
  id: string;
  tenantId: string;
  survivorId: string;
  mergedId: string;
  consultantId: string | null;
  at: number;
}

/** Storage port for contacts and what the embedding page told about a visitor. */
export interface ContactStore {
  identitySecret(tenantId: string): Promise<string | null>;
  setIdentitySecret(tenantId: string, secret: string): Promise<void>;
  /** Inserts the contact, or refreshes name, e-mail and last-seen of the one with that external id. */
  upsertContact(contact: SignedContact): Promise<Contact>;
  /** [CT1][CT3] Inserts an anonymous or hand-made contact (no external id). */
  createContact(contact: Contact): Promise<void>;
  /** [CT3] Changes what a consultant edits; undefined when there is no such contact. */
  updateContact(tenantId: string, id: string, fields: ContactBody): Promise<Contact | undefined>;
  getContact(tenantId: string, id: string): Promise<Contact | undefined>;
  /** [CT1] The contact a browser (its visitor key's hash) was linked to. */
  contactByKey(tenantId: string, keyHash: string): Promise<Contact | undefined>;
  /** [CT1] Links a browser to a contact (or refreshes when it was last seen), and the contact's last-seen. */
  linkKey(tenantId: string, keyHash: string, contactId: string, at: number): Promise<void>;
  /**
   * [CT4] In one transaction: the merged contact's visitors, browsers and merge records move to
   * the survivor, its details fill the survivor's gaps, the merge is recorded and it is deleted.
   * Undefined when either contact is not the tenant's.
   */
  mergeContacts(merge: ContactMerge): Promise<Contact | undefined>;
  searchContacts(tenantId: string, query: string, limit: number): Promise<Contact[]>;
  saveVisitorContext(
    tenantId: string,
    visitorId: string,
    contactId: string | null,
    attached: AttachedData,
    at: number,
  ): Promise<void>;
  visitorContext(
    tenantId: string,
    visitorId: string,
  ): Promise<{ contactId: string | null; attached: AttachedData } | undefined>;
  /** Conversations of every visitor linked to the contact, newest first, with notes and wrap-ups. */
  contactHistory(tenantId: string, contactId: string): Promise<StoredHistoryEntry[]>;
}

/** A history entry as stored, with the consultant who handled it ([N1] decides who reads its notes). */
export interface StoredHistoryEntry extends HistoryEntry {
  consultantId: string | null;
}

/** Who reads a contact's history: [N1] is decided per conversation, by id and role. */
export interface HistoryReader {
  id: string;
  tenantId: string;
  role: ConsultantRole;
}

export function contactView(contact: Contact): ContactView {
  const { id, kind, externalId, name, email, phone, note, createdAt, lastSeenAt } = contact;
  return { id, kind, externalId, name, email, phone, note, createdAt, lastSeenAt };
}

/** [CT1] A browser is known by the SHA-256 of its visitor key: the key itself is never stored. */
export function browserKeyHash(visitorKey: string): string {
  return createHash('sha256').update(visitorKey, 'utf8').digest('hex');
}

/** Contacts (F-23) and the visitor context that links a visitor to one (F-22). */
export class ContactService {
  constructor(
    private readonly store: ContactStore,
    private readonly runtime: Runtime,
  ) {}

  /** [K1] The tenant's identity secret, generated on first use. */
  async secret(tenantId: string): Promise<string> {
    const existing = await this.store.identitySecret(tenantId);
    if (existing) return existing;
    return this.rotateSecret(tenantId);
  }

  /** [K1] A new secret: identities signed with the old one stop matching at once. */
  async rotateSecret(tenantId: string): Promise<string> {
    const secret = this.runtime.ids.secret();
    await this.store.setIdentitySecret(tenantId, secret);
    return secret;
  }

  /**
   * [K2][K3][D1] Applies what the embedding page passed: a correctly signed identity links the
   * visitor to the contact (created on first sight); an unsigned, wrongly signed or altered one
   * is ignored — the visitor stays anonymous. [SD4] An expired one is refused too: it neither
   * links nor refreshes anything, and only keeps the link of a visitor already linked to that
   * very id (a page resent with a reconnect after the signature lapsed mid-conversation).
   * Attached data is kept as given (already validated).
   */
  async applyContext(tenantId: string, visitorId: string, context: VisitorContext): Promise<Contact | null> {
    const now = this.runtime.clock.now();
    const previous = await this.store.visitorContext(tenantId, visitorId);
    let contact: Contact | null = null;
    const identity = context.identity;
    const check = identity ? checkIdentity(await this.store.identitySecret(tenantId), identity, now) : 'invalid';
    if (identity && check === 'expired' && previous?.contactId) {
      const linked = await this.store.getContact(tenantId, previous.contactId);
      if (linked?.externalId === identity.id) contact = linked;
    }
    if (identity && check === 'valid') {
      contact = await this.store.upsertContact({
        id: this.runtime.ids.next('ctc'),
        tenantId,
        externalId: identity.id,
        name: identity.name ?? '',
        email: identity.email ?? '',
        createdAt: now,
        lastSeenAt: now,
      });
    }
    // [CT2] The anonymous contact this visitor had so far joins the one they now identified as.
    if (contact && previous?.contactId && previous.contactId !== contact.id) {
      contact = (await this.absorbAnonymous(contact, previous.contactId)) ?? contact;
    }
    const contactId = contact?.id ?? (identity ? null : (previous?.contactId ?? null));
    const attached = context.attached ?? previous?.attached ?? {};
    await this.store.saveVisitorContext(tenantId, visitorId, contactId, attached, now);
    return contact;
  }

  /**
   * [CT1] The visitor app of a live site visit connected: a visitor with no contact yet gets the
   * contact of the visit's browser, created on first sight, so their conversations join its history.
   */
  async attachAnonymous(tenantId: string, visitorId: string, visitorKey: string): Promise<Contact | null> {
    const now = this.runtime.clock.now();
    const previous = await this.store.visitorContext(tenantId, visitorId);
    const keyHash = browserKeyHash(visitorKey);
    let contact = await this.store.contactByKey(tenantId, keyHash);
    const linked = previous?.contactId ? await this.store.getContact(tenantId, previous.contactId) : undefined;
    if (linked) {
      // [CT2] Identified already: the browser's anonymous contact (an earlier visit's) joins it.
      if (contact && contact.id !== linked.id && linked.kind !== 'anonymous') {
        return (await this.absorbAnonymous(linked, contact.id)) ?? linked;
      }
      return linked;
    }
    if (!contact) {
      contact = this.newContact(tenantId, 'anonymous', { name: '', email: '', phone: '', note: '' }, now);
      await this.store.createContact(contact);
    }
    await this.store.linkKey(tenantId, keyHash, contact.id, now);
    await this.store.saveVisitorContext(tenantId, visitorId, contact.id, previous?.attached ?? {}, now);
    return contact;
  }

  /** [CT1] The contact an earlier visit of this browser was linked to, if any (nothing is created). */
  recognize(tenantId: string, visitorKey: string): Promise<Contact | undefined> {
    return this.store.contactByKey(tenantId, browserKeyHash(visitorKey));
  }

  /** [CT3] A contact typed in by a consultant. */
  async create(tenantId: string, fields: ContactBody): Promise<Contact> {
    const contact = this.newContact(tenantId, 'manual', fields, this.runtime.clock.now());
    await this.store.createContact(contact);
    return contact;
  }

  /** [CT3] A consultant corrects or completes a contact of their tenant. */
  async update(tenantId: string, id: string, fields: ContactBody): Promise<Contact> {
    const contact = await this.store.updateContact(tenantId, id, fields);
    if (!contact) throw new ParleyError('contact_not_found');
    return contact;
  }

  /** [CT4] Merges `mergedId` into `survivorId` (a consultant's choice, or null: automatically). */
  async merge(tenantId: string, survivorId: string, mergedId: string, consultantId: string | null): Promise<Contact> {
    if (survivorId === mergedId) throw new ParleyError('invalid_message', 'a contact cannot be merged into itself');
    const merged = await this.store.mergeContacts({
      id: this.runtime.ids.next('merge'),
      tenantId,
      survivorId,
      mergedId,
      consultantId,
      at: this.runtime.clock.now(),
    });
    if (!merged) throw new ParleyError('contact_not_found');
    return merged;
  }

  /** [CT2] Merges the contact `otherId` into `identified` when (and only when) it is anonymous. */
  private async absorbAnonymous(identified: Contact, otherId: string): Promise<Contact | undefined> {
    const other = await this.store.getContact(identified.tenantId, otherId);
    if (other?.kind !== 'anonymous') return undefined;
    return this.merge(identified.tenantId, identified.id, other.id, null);
  }

  private newContact(tenantId: string, kind: ContactKind, fields: ContactBody, now: number): Contact {
    return {
      id: this.runtime.ids.next('ctc'),
      tenantId,
      kind,
      externalId: '',
      ...fields,
      createdAt: now,
      lastSeenAt: now,
    };
  }

  /**
   * [SV2][K2] The contact a correctly signed, unexpired identity names (created on first sight),
   * or null: the loader's page views are linked to a contact only as the app's visitors are.
   */
  async identify(tenantId: string, identity: VisitorIdentity, visitorKey?: string): Promise<Contact | null> {
    const now = this.runtime.clock.now();
    if (checkIdentity(await this.store.identitySecret(tenantId), identity, now) !== 'valid') return null;
    const contact = await this.store.upsertContact({
      id: this.runtime.ids.next('ctc'),
      tenantId,
      externalId: identity.id,
      name: identity.name ?? '',
      email: identity.email ?? '',
      createdAt: now,
      lastSeenAt: now,
    });
    // [CT2] The browser's anonymous contact (an earlier visit's) joins the identified one.
    const browser = visitorKey ? await this.recognize(tenantId, visitorKey) : undefined;
    if (browser && browser.id !== contact.id) return (await this.absorbAnonymous(contact, browser.id)) ?? contact;
    return contact;
  }

  search(tenantId: string, query: string): Promise<Contact[]> {
    return this.store.searchContacts(tenantId, query, 50);
  }

  /**
   * [K3] The contact and its history. [SD9] [N1] holds here as on the conversation itself: the
   * notes and wrap-up of a conversation are shown to the consultant who handled it and to the
   * tenant's admins; a colleague sees that the conversation took place, with whom and when.
   */
  async detail(reader: HistoryReader, contactId: string): Promise<ContactDetail> {
    const contact = await this.store.getContact(reader.tenantId, contactId);
    if (!contact) throw new ParleyError('not_found');
    const history = (await this.store.contactHistory(reader.tenantId, contactId)).map(
      ({ consultantId, ...entry }): HistoryEntry =>
        reader.role === 'admin' || consultantId === reader.id ? entry : { ...entry, notes: [], wrapUp: null },
    );
    return { contact: contactView(contact), history };
  }
}

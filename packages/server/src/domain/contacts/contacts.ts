import type {
  AttachedData,
  ContactDetail,
  ContactView,
  HistoryEntry,
  VisitorContext,
  VisitorIdentity,
} from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import type { Runtime } from '../runtime.ts';
import type { ConsultantRole } from '../tenants/directory.ts';
import { checkIdentity } from './identity.ts';

/** A person known to the tenant (F-23), matched by the id the customer's systems use. */
export interface Contact {
  id: string;
  tenantId: string;
  externalId: string;
  name: string;
  email: string;
  createdAt: number;
  lastSeenAt: number;
}

/** Storage port for contacts and what the embedding page told about a visitor. */
export interface ContactStore {
  identitySecret(tenantId: string): Promise<string | null>;
  setIdentitySecret(tenantId: string, secret: string): Promise<void>;
  /** Inserts the contact, or refreshes name, e-mail and last-seen of the one with that external id. */
  upsertContact(contact: Contact): Promise<Contact>;
  getContact(tenantId: string, id: string): Promise<Contact | undefined>;
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
  const { id, externalId, name, email, createdAt, lastSeenAt } = contact;
  return { id, externalId, name, email, createdAt, lastSeenAt };
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
    const contactId = contact?.id ?? (identity ? null : (previous?.contactId ?? null));
    const attached = context.attached ?? previous?.attached ?? {};
    await this.store.saveVisitorContext(tenantId, visitorId, contactId, attached, now);
    return contact;
  }

  /**
   * [SV2][K2] The contact a correctly signed, unexpired identity names (created on first sight),
   * or null: the loader's page views are linked to a contact only as the app's visitors are.
   */
  async identify(tenantId: string, identity: VisitorIdentity): Promise<Contact | null> {
    const now = this.runtime.clock.now();
    if (checkIdentity(await this.store.identitySecret(tenantId), identity, now) !== 'valid') return null;
    return this.store.upsertContact({
      id: this.runtime.ids.next('ctc'),
      tenantId,
      externalId: identity.id,
      name: identity.name ?? '',
      email: identity.email ?? '',
      createdAt: now,
      lastSeenAt: now,
    });
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

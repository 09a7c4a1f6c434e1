import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../domain/contacts/contacts.ts';
import { initialState, transition } from '../domain/conversations/lifecycle.ts';
import { cutoffsFor, defaultPrivacySettings } from '../domain/privacy/privacy.ts';
import { consultantDefaults, linkDefaults } from '../domain/tenants/directory.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { sqlStores, type SqlStores } from './stores.ts';

const DAY = 86_400_000;

/** [CT1]–[CT5] History for everyone: unsigned contacts, browsers, merges and their privacy, on both databases. */
export function contactsContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (contacts for everyone): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_ct${run}`;
    const now = 1_800_000_000_000;
    const t1 = id('t1');
    const t2 = id('t2');
    const contact = (key: string, fields: Partial<Contact>): Contact => ({
      id: id(key),
      tenantId: t1,
      kind: 'manual',
      externalId: '',
      name: '',
      email: '',
      phone: '',
      note: '',
      createdAt: now,
      lastSeenAt: now,
      ...fields,
    });

    /** A visitor of t1 with one ended conversation, linked to `contactId`. */
    async function visitorOf(key: string, contactId: string): Promise<void> {
      await store.visitors.createVisitor(
        { id: id(`v${key}`), tenantId: t1, linkId: id('l1'), name: '' },
        id(`h${key}`),
      );
      let state = initialState(now);
      state = transition(state, { type: 'offer', consultantId: id('c1'), at: now + 1 });
      state = transition(state, { type: 'accept', consultantId: id('c1'), at: now + 2 });
      state = transition(state, { type: 'end', reason: 'visitor_ended', at: now + 3 });
      await store.conversations.saveConversation({
        id: id(`conv${key}`),
        tenantId: t1,
        linkId: id('l1'),
        visitorId: id(`v${key}`),
        visitorName: key,
        state,
      });
      await store.contacts.saveVisitorContext(t1, id(`v${key}`), contactId, {}, now);
    }

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => now);
      for (const t of [t1, t2]) await store.tenants.createTenant({ id: t, name: t, slug: t });
      await store.consultants.createConsultant({
        id: id('c1'),
        tenantId: t1,
        email: `c1.${run}@contacts.test`,
        name: 'Cleo',
        role: 'consultant',
        passwordHash: 'h',
        ...consultantDefaults,
      });
      await store.links.createLink({ id: id('l1'), tenantId: t1, key: id('k'), name: 'L', ...linkDefaults });
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    it('[CT1][CT3] unsigned contacts: many per tenant, no external id shown or searched, edited, found by browser', async () => {
      await store.contacts.createContact(contact('anon', { kind: 'anonymous' }));
      await store.contacts.createContact(contact('anon2', { kind: 'anonymous' }));
      await store.contacts.createContact(contact('hand', { name: 'Hanna Hand', phone: '+48 600 100 200' }));
      expect(await store.contacts.getContact(t1, id('anon'))).toMatchObject({ kind: 'anonymous', externalId: '' });
      // The made-up external id is neither shown nor searched.
      expect(await store.contacts.searchContacts(t1, 'unsigned', 10)).toEqual([]);
      expect((await store.contacts.searchContacts(t1, '600 100', 10)).map((c) => c.id)).toEqual([id('hand')]);
      const edited = await store.contacts.updateContact(t1, id('hand'), {
        name: 'Hanna',
        email: 'hanna@x.test',
        phone: '',
        note: 'prefers mornings',
      });
      expect(edited).toMatchObject({ name: 'Hanna', email: 'hanna@x.test', phone: '', note: 'prefers mornings' });
      expect(await store.contacts.updateContact(t2, id('hand'), { name: 'X', email: '', phone: '', note: '' })).toBe(
        undefined,
      );
      await store.contacts.linkKey(t1, 'hash-a', id('anon'), now + 5);
      expect((await store.contacts.contactByKey(t1, 'hash-a'))?.id).toBe(id('anon'));
      expect((await store.contacts.getContact(t1, id('anon')))?.lastSeenAt).toBe(now + 5);
      expect(await store.contacts.contactByKey(t2, 'hash-a')).toBeUndefined();
      // The same browser linked again moves to the contact it is linked to now.
      await store.contacts.linkKey(t1, 'hash-a', id('anon2'), now + 6);
      expect((await store.contacts.contactByKey(t1, 'hash-a'))?.id).toBe(id('anon2'));
    });

    it('[CT4] a merge moves visitors (history), browsers and merge records, fills gaps, records who, deletes the other', async () => {
      const signed = await store.contacts.upsertContact({
        id: id('signed'),
        tenantId: t1,
        externalId: 'crm-9',
        name: '',
        email: 'sig@x.test',
        createdAt: now - DAY,
        lastSeenAt: now + 50,
      });
      await store.contacts.updateContact(t1, signed.id, { name: '', email: 'sig@x.test', phone: '', note: 'VIP' });
      await visitorOf('a', id('hand'));
      await visitorOf('b', signed.id);
      await store.contacts.linkKey(t1, 'hash-b', signed.id, now + 7);
      // An earlier merge into the signed contact follows it.
      await store.contacts.mergeContacts({
        id: id('m0'),
        tenantId: t1,
        survivorId: signed.id,
        mergedId: id('anon'),
        consultantId: null,
        at: now + 8,
      });
      expect(await store.contacts.getContact(t1, id('anon'))).toBeUndefined();

      expect(
        await store.contacts.mergeContacts({
          id: id('mx'),
          tenantId: t2,
          survivorId: id('hand'),
          mergedId: signed.id,
          consultantId: id('c1'),
          at: now + 9,
        }),
      ).toBeUndefined();
      const survivor = await store.contacts.mergeContacts({
        id: id('m1'),
        tenantId: t1,
        survivorId: id('hand'),
        mergedId: signed.id,
        consultantId: id('c1'),
        at: now + 10,
      });
      expect(survivor).toMatchObject({
        id: id('hand'),
        kind: 'signed',
        externalId: 'crm-9',
        name: 'Hanna',
        email: 'hanna@x.test',
        note: 'prefers mornings\n\nVIP',
        createdAt: now - DAY,
        // The signed contact's browser was linked last, at now + 7.
        lastSeenAt: now + 7,
      });
      expect(await store.contacts.getContact(t1, signed.id)).toBeUndefined();
      const history = await store.contacts.contactHistory(t1, id('hand'));
      expect(history.map((h) => h.conversationId).sort()).toEqual([id('conva'), id('convb')].sort());
      expect((await store.contacts.contactByKey(t1, 'hash-b'))?.id).toBe(id('hand'));
      const merges = await database.db
        .selectFrom('contact_merges')
        .selectAll()
        .where('tenant_id', '=', t1)
        .orderBy('merged_at')
        .execute();
      expect(merges.map((m) => [m.survivor_id, m.merged_id, m.consultant_id])).toEqual([
        [id('hand'), id('anon'), null],
        [id('hand'), signed.id, id('c1')],
      ]);
      // The signed id now names the survivor: the next identification finds it.
      const again = await store.contacts.upsertContact({ ...signed, id: id('new'), lastSeenAt: now + 60 });
      expect(again.id).toBe(id('hand'));
    });

    it('[CT5][GD3][GD4] export lists browsers and merges; erasure removes them with the contact', async () => {
      const exported = await store.privacy.exportContact(t1, id('hand'), now);
      expect(exported?.contact).toMatchObject({ kind: 'signed', externalId: 'crm-9', note: 'prefers mornings\n\nVIP' });
      expect(exported?.browsers.map((b) => b.keyHash)).toEqual(['hash-b']);
      expect(exported?.merges.map((m) => m.consultantId)).toEqual([null, id('c1')]);
      const erased = await store.privacy.eraseContact(t1, id('hand'));
      expect(erased?.removed).toMatchObject({ contacts: 1, contact_keys: 1, contact_merges: 2, conversations: 2 });
      const left = await Promise.all([
        database.db.selectFrom('contact_keys').selectAll().where('tenant_id', '=', t1).execute(),
        database.db.selectFrom('contact_merges').selectAll().where('tenant_id', '=', t1).execute(),
      ]);
      expect(JSON.stringify(left)).not.toContain('hash-b');
      expect(JSON.stringify(left)).not.toContain(id('hand'));
    });

    it('[CT5][GD2] retention forgets anonymous contacts and browsers not seen in the visits period, and old merges', async () => {
      const old = now - 100 * DAY;
      await store.contacts.createContact(contact('stale', { kind: 'anonymous', createdAt: old, lastSeenAt: old }));
      await store.contacts.createContact(contact('fresh', { kind: 'anonymous' }));
      await store.contacts.createContact(contact('oldhand', { name: 'Kept', createdAt: old, lastSeenAt: old }));
      await visitorOf('s', id('stale'));
      await database.db
        .insertInto('contact_keys')
        .values([
          { tenant_id: t1, key_hash: 'hash-stale', contact_id: id('stale'), created_at: old, last_seen_at: old },
          { tenant_id: t1, key_hash: 'hash-fresh', contact_id: id('fresh'), created_at: now, last_seen_at: now },
        ])
        .execute();
      await database.db
        .insertInto('contact_merges')
        .values({
          id: id('m-old'),
          tenant_id: t1,
          survivor_id: id('oldhand'),
          merged_id: 'gone',
          consultant_id: null,
          merged_at: now - 400 * DAY,
        })
        .execute();
      const counts = await store.privacy.purge(t1, cutoffsFor(defaultPrivacySettings, now));
      expect(counts).toMatchObject({ 'contacts (anonymous)': 1, contact_keys: 1, contact_merges: 1 });
      expect(await store.contacts.getContact(t1, id('stale'))).toBeUndefined();
      expect(await store.contacts.getContact(t1, id('fresh'))).toBeDefined();
      expect(await store.contacts.getContact(t1, id('oldhand'))).toBeDefined();
      expect(await store.contacts.contactByKey(t1, 'hash-fresh')).toBeDefined();
      // The visitor and its conversation stay (reports), unlinked.
      expect(await store.contacts.visitorContext(t1, id('vs'))).toMatchObject({ contactId: null });
      expect(await store.conversations.getConversation(t1, id('convs'))).toBeDefined();
    });
  });
}

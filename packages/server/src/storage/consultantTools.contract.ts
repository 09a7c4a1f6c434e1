import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, transition } from '../domain/conversations/lifecycle.ts';
import { linkDefaults, consultantDefaults } from '../domain/tenants/directory.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { sqlStores, type SqlStores } from './stores.ts';

/** Contacts, wrap-ups, custom data and team chat: the rest of the storage contract, run against SQLite and PostgreSQL alike. */
export function consultantToolsContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (consultant tools): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_d${run}`;
    const now = 1_700_000_000_000;

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => now);
      for (const t of ['t1', 't2']) await store.tenants.createTenant({ id: id(t), name: t, slug: id(t) });
      await store.consultants.createConsultant({
        id: id('c1'),
        tenantId: id('t1'),
        email: `c1.${run}@desk.test`,
        name: 'Cleo',
        role: 'consultant',
        passwordHash: 'h',
        ...consultantDefaults,
      });
      await store.links.createLink({ id: id('l1'), tenantId: id('t1'), key: id('k'), name: 'L', ...linkDefaults });
      await store.visitors.createVisitor({ id: id('v1'), tenantId: id('t1'), linkId: id('l1'), name: '' }, id('h'));
      let state = initialState(now);
      state = transition(state, { type: 'offer', consultantId: id('c1'), at: now + 1 });
      state = transition(state, { type: 'accept', consultantId: id('c1'), at: now + 2 });
      state = transition(state, { type: 'end', reason: 'visitor_ended', at: now + 3 });
      await store.conversations.saveConversation({
        id: id('conv'),
        tenantId: id('t1'),
        linkId: id('l1'),
        visitorId: id('v1'),
        visitorName: 'Vi',
        state,
      });
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    it('[K1] keeps one identity secret and the disposition switch per tenant', async () => {
      expect(await store.contacts.identitySecret(id('t1'))).toBeNull();
      await store.contacts.setIdentitySecret(id('t1'), 's1');
      await store.wrapUps.saveDeskSettings(id('t1'), { dispositionRequired: true });
      expect(await store.contacts.identitySecret(id('t1'))).toBe('s1');
      expect(await store.wrapUps.deskSettings(id('t1'))).toEqual({ dispositionRequired: true });
      expect(await store.wrapUps.deskSettings(id('t2'))).toEqual({ dispositionRequired: false });
      expect(await store.contacts.identitySecret(id('t2'))).toBeNull();
    });

    it('[K3][K4] upserts contacts by external id, searches by name/e-mail/id with wildcards escaped, per tenant', async () => {
      const base = { tenantId: id('t1'), createdAt: now, lastSeenAt: now };
      const ann = await store.contacts.upsertContact({
        ...base,
        id: id('ct1'),
        externalId: 'A-1',
        name: 'Ann 50%',
        email: 'ann@x.test',
      });
      const again = await store.contacts.upsertContact({
        ...base,
        id: id('ct9'),
        externalId: 'A-1',
        name: '',
        email: 'new@x.test',
        lastSeenAt: now + 5,
      });
      expect(again).toMatchObject({ id: ann.id, name: 'Ann 50%', email: 'new@x.test', lastSeenAt: now + 5 });
      await store.contacts.upsertContact({
        ...base,
        id: id('ct2'),
        externalId: 'B-2',
        name: 'Bob',
        email: 'bob@x.test',
      });
      expect((await store.contacts.searchContacts(id('t1'), 'ann', 10)).map((c) => c.externalId)).toEqual(['A-1']);
      expect((await store.contacts.searchContacts(id('t1'), '50%', 10)).map((c) => c.externalId)).toEqual(['A-1']);
      expect((await store.contacts.searchContacts(id('t1'), '%', 10)).map((c) => c.externalId)).toEqual(['A-1']);
      expect((await store.contacts.searchContacts(id('t1'), 'b-2', 10)).map((c) => c.externalId)).toEqual(['B-2']);
      expect(await store.contacts.searchContacts(id('t1'), '', 10)).toHaveLength(2);
      expect(await store.contacts.searchContacts(id('t2'), '', 10)).toEqual([]);
      expect(await store.contacts.getContact(id('t2'), ann.id)).toBeUndefined();
    });

    it('[K3][N1][N2] links a visitor to a contact; history lists conversations with notes and wrap-up', async () => {
      const [ann] = await store.contacts.searchContacts(id('t1'), 'A-1', 1);
      if (!ann) throw new Error('contact missing');
      await store.contacts.saveVisitorContext(id('t1'), id('v1'), ann.id, { account: '42' }, now);
      expect(await store.contacts.visitorContext(id('t1'), id('v1'))).toEqual({
        contactId: ann.id,
        attached: { account: '42' },
      });
      expect(await store.contacts.visitorContext(id('t2'), id('v1'))).toBeUndefined();
      const note = {
        id: id('n1'),
        tenantId: id('t1'),
        conversationId: id('conv'),
        authorId: id('c1'),
        authorName: 'Cleo',
        text: '<img src=x onerror=alert(1)>',
        createdAt: now,
      };
      await store.wrapUps.addNote(note);
      await store.wrapUps.createDisposition({
        id: id('d1'),
        tenantId: id('t1'),
        code: 'SOLD',
        label: 'Sold',
        active: true,
      });
      expect(await store.wrapUps.updateDisposition(id('t2'), id('d1'), { active: false })).toBe(false);
      await store.wrapUps.saveWrapUp({
        tenantId: id('t1'),
        conversationId: id('conv'),
        dispositionCode: 'SOLD',
        dispositionLabel: 'Sold',
        notes: 'done',
        consultantId: id('c1'),
        doneAt: now + 10,
      });
      const history = await store.contacts.contactHistory(id('t1'), ann.id);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        conversationId: id('conv'),
        state: 'ended',
        consultantName: 'Cleo',
        notes: [{ text: '<img src=x onerror=alert(1)>' }],
        wrapUp: { dispositionCode: 'SOLD', notes: 'done' },
      });
      expect(await store.contacts.contactHistory(id('t2'), ann.id)).toEqual([]);
      expect(await store.wrapUps.listNotes(id('t2'), id('conv'))).toEqual([]);
      expect(await store.wrapUps.getWrapUp(id('t2'), id('conv'))).toBeUndefined();
    });

    it('[C13] Mark as done stores the done state, the closing note and the wrap-up in one transaction', async () => {
      const ended = (await store.conversations.getConversation(id('t1'), id('conv')))?.state;
      if (!ended) throw new Error('setup: the ended conversation is missing');
      const record = { id: id('conv2'), tenantId: id('t1'), linkId: id('l1'), visitorId: id('v1'), visitorName: 'Vi' };
      await store.conversations.saveConversation({ ...record, state: ended });
      const done = {
        ...record,
        state: transition(ended, { type: 'mark_done', consultantId: id('c1'), disposition: null, at: now + 20 }),
      };
      const wrapUp = {
        tenantId: id('t1'),
        conversationId: id('conv2'),
        dispositionCode: null,
        dispositionLabel: null,
        notes: 'closing',
        consultantId: id('c1'),
        doneAt: now + 20,
      };
      const note = (noteId: string) => ({
        id: noteId,
        tenantId: id('t1'),
        conversationId: id('conv2'),
        authorId: id('c1'),
        authorName: 'Cleo',
        text: 'closing',
        createdAt: now + 20,
      });
      await store.wrapUps.addNote(note(id('taken')));
      // The note cannot be stored (its id is taken): nothing of the three is.
      await expect(store.conversations.saveDone(done, wrapUp, note(id('taken')))).rejects.toThrow();
      expect((await store.conversations.getConversation(id('t1'), id('conv2')))?.state.name).toBe('ended');
      expect(await store.wrapUps.getWrapUp(id('t1'), id('conv2'))).toBeUndefined();
      await store.conversations.saveDone(done, wrapUp, note(id('closing')));
      expect((await store.conversations.getConversation(id('t1'), id('conv2')))?.state.name).toBe('done');
      expect(await store.wrapUps.getWrapUp(id('t1'), id('conv2'))).toMatchObject({ notes: 'closing' });
      const noteIds = (await store.wrapUps.listNotes(id('t1'), id('conv2'))).map((n) => n.id);
      expect(noteIds.sort()).toEqual([id('closing'), id('taken')].sort());
    });

    it('[D2][CR1] stores custom field values and canned responses per tenant', async () => {
      await store.customData.createCustomField({ id: id('f1'), tenantId: id('t1'), label: 'Plan', position: 0 });
      await store.customData.setCustomValues(id('t1'), id('conv'), { [id('f1')]: 'gold' });
      await store.customData.setCustomValues(id('t1'), id('conv'), { [id('f1')]: 'platinum' });
      expect(await store.customData.customValues(id('t1'), id('conv'))).toEqual({ [id('f1')]: 'platinum' });
      expect(await store.customData.customValues(id('t2'), id('conv'))).toEqual({});
      expect(await store.customData.deleteCustomField(id('t2'), id('f1'))).toBe(false);
      expect(await store.customData.deleteCustomField(id('t1'), id('f1'))).toBe(true);
      expect(await store.customData.customValues(id('t1'), id('conv'))).toEqual({});
      await store.customData.createCanned({
        id: id('can'),
        tenantId: id('t1'),
        departmentId: null,
        ownerId: null,
        title: 'Hi',
        text: 'Hello %visitor%',
      });
      expect(await store.customData.listCanned(id('t2'))).toEqual([]);
      expect(await store.customData.deleteCanned(id('t2'), id('can'))).toBe(false);
      expect((await store.customData.listCanned(id('t1'))).map((c) => c.title)).toEqual(['Hi']);
    });

    it('[CR1][CR4] stores personal canned responses, edits them and counts uses in one statement', async () => {
      await store.customData.createCanned({
        id: id('own'),
        tenantId: id('t1'),
        departmentId: null,
        ownerId: id('c1'),
        title: 'Mine',
        text: 'My words',
      });
      const mine = (await store.customData.listCanned(id('t1'))).find((c) => c.id === id('own'));
      expect(mine).toEqual({
        id: id('own'),
        tenantId: id('t1'),
        departmentId: null,
        ownerId: id('c1'),
        title: 'Mine',
        text: 'My words',
        useCount: 0,
      });
      expect(
        await store.customData.updateCanned(id('t2'), id('own'), { title: 'x', text: 'y', departmentId: null }),
      ).toBe(false);
      expect(
        await store.customData.updateCanned(id('t1'), id('own'), { title: 'Mine', text: 'Edited', departmentId: null }),
      ).toBe(true);
      // Uses counted at once are all kept (no read-modify-write).
      const counts = await Promise.all([1, 2, 3].map(() => store.customData.countCannedUse(id('t1'), id('own'))));
      expect(counts.sort()).toEqual([1, 2, 3]);
      expect(await store.customData.countCannedUse(id('t2'), id('own'))).toBeUndefined();
      const after = (await store.customData.listCanned(id('t1'))).find((c) => c.id === id('own'));
      expect(after).toMatchObject({ text: 'Edited', useCount: 3, ownerId: id('c1') });
      expect(await store.customData.deleteCanned(id('t1'), id('own'))).toBe(true);
    });

    it('[O3] stores a team message once per client id and lists what a consultant may read', async () => {
      const message = {
        id: id('tm1'),
        tenantId: id('t1'),
        clientId: 'x1',
        senderId: id('c1'),
        senderName: 'Cleo',
        recipientId: null,
        text: 'hi team',
        sentAt: now,
      };
      expect((await store.team.appendTeamMessage(message)).duplicate).toBe(false);
      expect(await store.team.appendTeamMessage({ ...message, id: id('tm1b') })).toEqual({ message, duplicate: true });
      await store.team.appendTeamMessage({
        ...message,
        id: id('tm2'),
        clientId: 'x2',
        recipientId: 'someone',
        text: 'private',
      });
      expect((await store.team.teamMessagesFor(id('t1'), 'other', 10)).map((m) => m.text)).toEqual(['hi team']);
      expect((await store.team.teamMessagesFor(id('t1'), 'someone', 10)).map((m) => m.text)).toEqual([
        'hi team',
        'private',
      ]);
      expect(await store.team.teamMessagesFor(id('t2'), id('c1'), 10)).toEqual([]);
    });
  });
}

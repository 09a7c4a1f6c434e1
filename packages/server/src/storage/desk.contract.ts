import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, transition } from '../domain/conversations/lifecycle.ts';
import { linkDefaults, consultantDefaults } from '../domain/tenants/directory.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { SqlDeskDataStore } from './deskDataStore.ts';
import { SqlDeskStore } from './deskStore.ts';
import { SqlStore } from './stores.ts';

/** The desk's part of the storage contract: run against SQLite and PostgreSQL alike. */
export function deskStoreContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (desk): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStore;
    let desk: SqlDeskStore;
    let data: SqlDeskDataStore;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_d${run}`;
    const now = 1_700_000_000_000;

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = new SqlStore(database.db, () => now);
      desk = new SqlDeskStore(database.db, () => now);
      data = new SqlDeskDataStore(database.db, () => now);
      for (const t of ['t1', 't2']) await store.createTenant({ id: id(t), name: t, slug: id(t) });
      await store.createConsultant({
        id: id('c1'),
        tenantId: id('t1'),
        email: `c1.${run}@desk.test`,
        name: 'Cleo',
        role: 'consultant',
        passwordHash: 'h',
        ...consultantDefaults,
      });
      await store.createLink({ id: id('l1'), tenantId: id('t1'), key: id('k'), name: 'L', ...linkDefaults });
      await store.createVisitor({ id: id('v1'), tenantId: id('t1'), linkId: id('l1'), name: '' }, id('h'));
      let state = initialState(now);
      state = transition(state, { type: 'offer', consultantId: id('c1'), at: now + 1 });
      state = transition(state, { type: 'accept', consultantId: id('c1'), at: now + 2 });
      state = transition(state, { type: 'end', reason: 'visitor_ended', at: now + 3 });
      await store.saveConversation({
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
      expect(await desk.identitySecret(id('t1'))).toBeNull();
      await desk.setIdentitySecret(id('t1'), 's1');
      await desk.saveDeskSettings(id('t1'), { dispositionRequired: true });
      expect(await desk.identitySecret(id('t1'))).toBe('s1');
      expect(await desk.deskSettings(id('t1'))).toEqual({ dispositionRequired: true });
      expect(await desk.deskSettings(id('t2'))).toEqual({ dispositionRequired: false });
      expect(await desk.identitySecret(id('t2'))).toBeNull();
    });

    it('[K3][K4] upserts contacts by external id, searches by name/e-mail/id with wildcards escaped, per tenant', async () => {
      const base = { tenantId: id('t1'), createdAt: now, lastSeenAt: now };
      const ann = await desk.upsertContact({
        ...base,
        id: id('ct1'),
        externalId: 'A-1',
        name: 'Ann 50%',
        email: 'ann@x.test',
      });
      const again = await desk.upsertContact({
        ...base,
        id: id('ct9'),
        externalId: 'A-1',
        name: '',
        email: 'new@x.test',
        lastSeenAt: now + 5,
      });
      expect(again).toMatchObject({ id: ann.id, name: 'Ann 50%', email: 'new@x.test', lastSeenAt: now + 5 });
      await desk.upsertContact({ ...base, id: id('ct2'), externalId: 'B-2', name: 'Bob', email: 'bob@x.test' });
      expect((await desk.searchContacts(id('t1'), 'ann', 10)).map((c) => c.externalId)).toEqual(['A-1']);
      expect((await desk.searchContacts(id('t1'), '50%', 10)).map((c) => c.externalId)).toEqual(['A-1']);
      expect((await desk.searchContacts(id('t1'), '%', 10)).map((c) => c.externalId)).toEqual(['A-1']);
      expect((await desk.searchContacts(id('t1'), 'b-2', 10)).map((c) => c.externalId)).toEqual(['B-2']);
      expect(await desk.searchContacts(id('t1'), '', 10)).toHaveLength(2);
      expect(await desk.searchContacts(id('t2'), '', 10)).toEqual([]);
      expect(await desk.getContact(id('t2'), ann.id)).toBeUndefined();
    });

    it('[K3][N1][N2] links a visitor to a contact; history lists conversations with notes and wrap-up', async () => {
      const [ann] = await desk.searchContacts(id('t1'), 'A-1', 1);
      if (!ann) throw new Error('contact missing');
      await desk.saveVisitorContext(id('t1'), id('v1'), ann.id, { account: '42' }, now);
      expect(await desk.visitorContext(id('t1'), id('v1'))).toEqual({ contactId: ann.id, attached: { account: '42' } });
      expect(await desk.visitorContext(id('t2'), id('v1'))).toBeUndefined();
      const note = {
        id: id('n1'),
        tenantId: id('t1'),
        conversationId: id('conv'),
        authorId: id('c1'),
        authorName: 'Cleo',
        text: '<img src=x onerror=alert(1)>',
        createdAt: now,
      };
      await desk.addNote(note);
      await desk.createDisposition({ id: id('d1'), tenantId: id('t1'), code: 'SOLD', label: 'Sold', active: true });
      expect(await desk.updateDisposition(id('t2'), id('d1'), { active: false })).toBe(false);
      await desk.saveWrapUp({
        tenantId: id('t1'),
        conversationId: id('conv'),
        dispositionCode: 'SOLD',
        dispositionLabel: 'Sold',
        notes: 'done',
        consultantId: id('c1'),
        doneAt: now + 10,
      });
      const history = await desk.contactHistory(id('t1'), ann.id);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        conversationId: id('conv'),
        state: 'ended',
        consultantName: 'Cleo',
        notes: [{ text: '<img src=x onerror=alert(1)>' }],
        wrapUp: { dispositionCode: 'SOLD', notes: 'done' },
      });
      expect(await desk.contactHistory(id('t2'), ann.id)).toEqual([]);
      expect(await desk.listNotes(id('t2'), id('conv'))).toEqual([]);
      expect(await desk.getWrapUp(id('t2'), id('conv'))).toBeUndefined();
    });

    it('[C13] Mark as done stores the done state, the closing note and the wrap-up in one transaction', async () => {
      const ended = (await store.getConversation(id('t1'), id('conv')))?.state;
      if (!ended) throw new Error('setup: the ended conversation is missing');
      const record = { id: id('conv2'), tenantId: id('t1'), linkId: id('l1'), visitorId: id('v1'), visitorName: 'Vi' };
      await store.saveConversation({ ...record, state: ended });
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
      await desk.addNote(note(id('taken')));
      // The note cannot be stored (its id is taken): nothing of the three is.
      await expect(store.saveDone(done, wrapUp, note(id('taken')))).rejects.toThrow();
      expect((await store.getConversation(id('t1'), id('conv2')))?.state.name).toBe('ended');
      expect(await desk.getWrapUp(id('t1'), id('conv2'))).toBeUndefined();
      await store.saveDone(done, wrapUp, note(id('closing')));
      expect((await store.getConversation(id('t1'), id('conv2')))?.state.name).toBe('done');
      expect(await desk.getWrapUp(id('t1'), id('conv2'))).toMatchObject({ notes: 'closing' });
      const noteIds = (await desk.listNotes(id('t1'), id('conv2'))).map((n) => n.id);
      expect(noteIds.sort()).toEqual([id('closing'), id('taken')].sort());
    });

    it('[D2][S1] stores custom field values and canned responses per tenant', async () => {
      await data.createCustomField({ id: id('f1'), tenantId: id('t1'), label: 'Plan', position: 0 });
      await data.setCustomValues(id('t1'), id('conv'), { [id('f1')]: 'gold' });
      await data.setCustomValues(id('t1'), id('conv'), { [id('f1')]: 'platinum' });
      expect(await data.customValues(id('t1'), id('conv'))).toEqual({ [id('f1')]: 'platinum' });
      expect(await data.customValues(id('t2'), id('conv'))).toEqual({});
      expect(await data.deleteCustomField(id('t2'), id('f1'))).toBe(false);
      expect(await data.deleteCustomField(id('t1'), id('f1'))).toBe(true);
      expect(await data.customValues(id('t1'), id('conv'))).toEqual({});
      await data.createCanned({
        id: id('can'),
        tenantId: id('t1'),
        departmentId: null,
        title: 'Hi',
        text: 'Hello %visitor%',
      });
      expect(await data.listCanned(id('t2'))).toEqual([]);
      expect(await data.deleteCanned(id('t2'), id('can'))).toBe(false);
      expect((await data.listCanned(id('t1'))).map((c) => c.title)).toEqual(['Hi']);
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
      expect((await data.appendTeamMessage(message)).duplicate).toBe(false);
      expect(await data.appendTeamMessage({ ...message, id: id('tm1b') })).toEqual({ message, duplicate: true });
      await data.appendTeamMessage({
        ...message,
        id: id('tm2'),
        clientId: 'x2',
        recipientId: 'someone',
        text: 'private',
      });
      expect((await data.teamMessagesFor(id('t1'), 'other', 10)).map((m) => m.text)).toEqual(['hi team']);
      expect((await data.teamMessagesFor(id('t1'), 'someone', 10)).map((m) => m.text)).toEqual(['hi team', 'private']);
      expect(await data.teamMessagesFor(id('t2'), id('c1'), 10)).toEqual([]);
    });
  });
}

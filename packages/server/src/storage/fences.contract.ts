import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultantDefaults, linkDefaults } from '../domain/tenants/directory.ts';
import { initialState, transition } from '../domain/conversations/lifecycle.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { SqlFenceStore } from './fenceStore.ts';
import { sqlStores, type SqlStores } from './stores.ts';

/** [PL3] Fencing inside storage (issue 18), on SQLite and PostgreSQL alike. */
export function fencesContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (fences): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    let fences: SqlFenceStore;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_f${run}`;
    const now = 1_800_000_000_000;
    // Tokens restart above Redis's clock in ms ([PL5]): far beyond 32 bits.
    const token = 1_800_000_000_123;
    const tenant = id('t1');

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => now);
      fences = new SqlFenceStore(database.db);
      await store.tenants.createTenant({ id: tenant, name: 'Fenced', slug: id('fenced') });
      await store.consultants.createConsultant({
        id: id('c1'),
        tenantId: tenant,
        email: `fence.${run}@fenced.test`,
        name: 'Ann',
        role: 'admin',
        passwordHash: 'h',
        ...consultantDefaults,
      });
      await store.links.createLink({ id: id('l1'), tenantId: tenant, key: id('key'), name: 'L', ...linkDefaults });
      await store.visitors.createVisitor({ id: id('v1'), tenantId: tenant, linkId: id('l1'), name: '' }, id('h'));
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    const conversation = (key: string) => ({
      id: id(key),
      tenantId: tenant,
      linkId: id('l1'),
      visitorId: id('v1'),
      visitorName: 'Vi',
      state: initialState(now),
      visitorSetup: null,
    });
    const message = (key: string, conversationId: string) => ({
      id: id(key),
      tenantId: tenant,
      conversationId,
      clientId: key,
      sender: 'visitor' as const,
      authorName: 'Vi',
      text: key,
      sentAt: now,
    });

    const endedState = () => {
      const offered = transition(initialState(now), { type: 'offer', consultantId: id('c1'), at: now });
      const active = transition(offered, { type: 'accept', consultantId: id('c1'), at: now + 1 });
      return transition(active, { type: 'end', reason: 'visitor_ended', at: now + 2 });
    };

    it('[PL3] admits a token at least the highest admitted, refuses a smaller one', async () => {
      const other = id('t-other');
      expect(await fences.highest(other)).toBe(0);
      expect(await fences.admit(other, token)).toBe(true);
      expect(await fences.admit(other, token)).toBe(true);
      expect(await fences.admit(other, token + 5)).toBe(true);
      expect(await fences.admit(other, token + 4)).toBe(false);
      expect(await fences.highest(other)).toBe(token + 5);
    });

    it('[PL3] a late writer with a smaller token is refused with lease_lost and nothing of its write is kept', async () => {
      const late = store.conversations.fenced(tenant, token);
      const owner = store.conversations.fenced(tenant, token + 1);
      // The late writer wrote before it paused; the new owner writes after.
      await late.saveConversation(conversation('c1'));
      await owner.saveConversation({ ...conversation('c1'), visitorName: 'by the new owner' });
      await owner.appendMessages([message('m1', id('c1'))]);

      const accepted = transition(initialState(now), { type: 'offer', consultantId: id('c1'), at: now });
      await expect(late.saveConversation({ ...conversation('c1'), state: accepted })).rejects.toMatchObject({
        code: 'lease_lost',
      });
      await expect(late.saveConversation(conversation('c2'))).rejects.toMatchObject({ code: 'lease_lost' });
      await expect(late.appendMessages([message('m2', id('c1'))])).rejects.toMatchObject({ code: 'lease_lost' });
      await expect(
        late.appendNote({
          id: id('n1'),
          tenantId: tenant,
          conversationId: id('c1'),
          authorId: id('c1'),
          authorName: 'Ann',
          text: 'late',
          createdAt: now,
        }),
      ).rejects.toMatchObject({ code: 'lease_lost' });
      await expect(late.savePresence(id('c1'), true)).rejects.toMatchObject({ code: 'lease_lost' });

      const kept = await store.conversations.getConversation(tenant, id('c1'));
      expect(kept?.visitorName).toBe('by the new owner');
      expect(kept?.state.name).toBe('queued');
      expect(await store.conversations.getConversation(tenant, id('c2'))).toBeUndefined();
      expect((await store.conversations.listMessages(tenant, id('c1'))).map((m) => m.text)).toEqual(['m1']);
      expect(await store.conversations.listNotes(tenant, id('c1'))).toEqual([]);
      expect(await store.conversations.listAvailableConsultantIds()).not.toContain(id('c1'));
      expect(await fences.highest(tenant)).toBe(token + 1);
    });

    it('[PL3][PL8] Mark as done carries the fence in its own transaction: a late owner keeps nothing of it', async () => {
      const owner = store.conversations.fenced(tenant, token + 10);
      const ended = { ...conversation('d1'), state: endedState() };
      await owner.saveConversation(ended);
      const done = {
        ...ended,
        state: transition(ended.state, { type: 'mark_done', consultantId: id('c1'), disposition: null, at: now + 9 }),
      };
      const wrapUp = {
        tenantId: tenant,
        conversationId: id('d1'),
        dispositionCode: null,
        dispositionLabel: null,
        notes: 'closing',
        consultantId: id('c1'),
        doneAt: now + 9,
      };
      const note = { ...wrapUp, id: id('dn'), authorId: id('c1'), authorName: 'Ann', text: 'closing', createdAt: now };
      const late = store.conversations.fenced(tenant, token + 9);
      await expect(late.saveDone(done, wrapUp, note)).rejects.toMatchObject({ code: 'lease_lost' });
      expect((await store.conversations.getConversation(tenant, id('d1')))?.state.name).toBe('ended');
      expect(await store.wrapUps.getWrapUp(tenant, id('d1'))).toBeUndefined();
      expect(await store.conversations.listNotes(tenant, id('d1'))).toEqual([]);
      // The holder's own write: the fence, the done state, the note and the wrap-up, all kept.
      await owner.saveDone(done, wrapUp, note);
      expect((await store.conversations.getConversation(tenant, id('d1')))?.state.name).toBe('done');
      expect(await store.wrapUps.getWrapUp(tenant, id('d1'))).toMatchObject({ notes: 'closing' });
      expect((await store.conversations.listNotes(tenant, id('d1'))).map((n) => n.text)).toEqual(['closing']);
      expect(await fences.highest(tenant)).toBe(token + 10);
    });

    it('[PL3] single-node mode writes without a fence and leaves the fence table alone', async () => {
      const single = id('t-single');
      await store.tenants.createTenant({ id: single, name: 'Single', slug: id('single') });
      await store.links.createLink({ id: id('sl'), tenantId: single, key: id('skey'), name: 'L', ...linkDefaults });
      await store.visitors.createVisitor({ id: id('sv'), tenantId: single, linkId: id('sl'), name: '' }, id('sh'));
      const record = { ...conversation('sc'), tenantId: single, linkId: id('sl'), visitorId: id('sv') };
      await store.conversations.saveConversation(record);
      await store.conversations.appendMessages([{ ...message('s1', id('sc')), tenantId: single }]);
      expect(await store.conversations.listMessages(single, id('sc'))).toHaveLength(1);
      expect(await fences.highest(single)).toBe(0);
    });
  });
}

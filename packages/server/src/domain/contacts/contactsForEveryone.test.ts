import { describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../../storage/database.ts';
import { sqlStores } from '../../storage/stores.ts';
import { initialState, transition } from '../conversations/lifecycle.ts';
import { FakeRuntime } from '../runtime.ts';
import { linkDefaults } from '../tenants/directory.ts';
import { browserKeyHash, ContactService } from './contacts.ts';
import { signIdentity } from './identity.ts';

async function setup() {
  const runtime = new FakeRuntime();
  const database = openSqlite(':memory:');
  await migrateToLatest(database);
  const store = sqlStores(database.db, () => runtime.clock.now());
  for (const t of ['t1', 't2']) await store.tenants.createTenant({ id: t, name: t, slug: t });
  await store.links.createLink({ id: 'L', tenantId: 't1', key: 'k', name: 'L', ...linkDefaults });
  const contacts = new ContactService(store.contacts, runtime);
  /** A visitor of t1 with one ended conversation. */
  const visitor = async (id: string) => {
    await store.visitors.createVisitor({ id, tenantId: 't1', linkId: 'L', name: '' }, `h-${id}`);
    const now = runtime.clock.now();
    let state = transition(initialState(now), { type: 'offer', consultantId: 'c1', at: now });
    state = transition(state, { type: 'accept', consultantId: 'c1', at: now });
    state = transition(state, { type: 'end', reason: 'visitor_ended', at: now + 1 });
    await store.conversations.saveConversation({
      id: `conv-${id}`,
      tenantId: 't1',
      linkId: 'L',
      visitorId: id,
      visitorName: id,
      state,
    });
  };
  const signed = async (id: string) => {
    const identity = { id, name: `Name ${id}`, email: `${id}@x.test`, expires: runtime.clock.now() / 1000 + 3600 };
    return { ...identity, signature: signIdentity(await contacts.secret('t1'), identity) };
  };
  return { runtime, database, store, contacts, visitor, signed };
}

describe('history for everyone', () => {
  it('[CT1] an anonymous visitor gets the contact of their browser: created once, found again by a later visit', async () => {
    const w = await setup();
    await w.visitor('v1');
    await w.visitor('v2');
    const first = await w.contacts.attachAnonymous('t1', 'v1', 'browser-key-1');
    expect(first).toMatchObject({ kind: 'anonymous', externalId: '', name: '' });
    // A later visit of the same browser (another visitor of the app) lands on the same contact.
    const again = await w.contacts.attachAnonymous('t1', 'v2', 'browser-key-1');
    expect(again?.id).toBe(first?.id);
    expect((await w.contacts.recognize('t1', 'browser-key-1'))?.id).toBe(first?.id);
    expect(await w.contacts.recognize('t2', 'browser-key-1')).toBeUndefined();
    const history = await w.store.contacts.contactHistory('t1', first?.id ?? '');
    expect(history.map((h) => h.conversationId).sort()).toEqual(['conv-v1', 'conv-v2']);
    // Only the key's hash is stored.
    const keys = await w.database.db.selectFrom('contact_keys').selectAll().execute();
    expect(keys.map((k) => k.key_hash)).toEqual([browserKeyHash('browser-key-1')]);
    expect(JSON.stringify(keys)).not.toContain('browser-key-1');
  });

  it('[CT2] identifying later merges the anonymous contact into the signed one, automatically and recorded', async () => {
    const w = await setup();
    await w.visitor('v1');
    const anonymous = await w.contacts.attachAnonymous('t1', 'v1', 'key-a');
    const identified = await w.contacts.applyContext('t1', 'v1', { identity: await w.signed('crm-1') });
    expect(identified).toMatchObject({ kind: 'signed', externalId: 'crm-1' });
    expect(await w.store.contacts.getContact('t1', anonymous?.id ?? '')).toBeUndefined();
    expect((await w.store.contacts.contactHistory('t1', identified?.id ?? '')).map((h) => h.conversationId)).toEqual([
      'conv-v1',
    ]);
    // The browser now names the identified contact.
    expect((await w.contacts.recognize('t1', 'key-a'))?.id).toBe(identified?.id);
    const merges = await w.database.db.selectFrom('contact_merges').selectAll().execute();
    expect(merges).toMatchObject([{ survivor_id: identified?.id, merged_id: anonymous?.id, consultant_id: null }]);
  });

  it('[CT2] a page identifying with a browser key merges that browser’s anonymous contact; a known person never', async () => {
    const w = await setup();
    await w.visitor('v1');
    const anonymous = await w.contacts.attachAnonymous('t1', 'v1', 'key-b');
    const ann = await w.contacts.identify('t1', await w.signed('ann'), 'key-b');
    expect(await w.store.contacts.getContact('t1', anonymous?.id ?? '')).toBeUndefined();
    expect((await w.contacts.recognize('t1', 'key-b'))?.id).toBe(ann?.id);
    // Someone else identifying on that browser does not swallow Ann: only anonymous contacts merge.
    const bob = await w.contacts.identify('t1', await w.signed('bob'), 'key-b');
    expect(bob?.id).not.toBe(ann?.id);
    expect(await w.store.contacts.getContact('t1', ann?.id ?? '')).toBeDefined();
  });

  it('[CT3][CT4] by hand: create, edit, merge with the survivor chosen; coded refusals', async () => {
    const w = await setup();
    const a = await w.contacts.create('t1', { name: 'Ann', email: '', phone: '+31 20 123', note: '' });
    const b = await w.contacts.create('t1', { name: 'Ann K.', email: 'ann@x.test', phone: '', note: 'called twice' });
    expect(a).toMatchObject({ kind: 'manual', externalId: '' });
    const edited = await w.contacts.update('t1', a.id, {
      name: 'Ann Kowalska',
      email: '',
      phone: '+31 20 123',
      note: '',
    });
    expect(edited.name).toBe('Ann Kowalska');
    await expect(w.contacts.update('t2', a.id, { name: 'x', email: '', phone: '', note: '' })).rejects.toMatchObject({
      code: 'contact_not_found',
    });
    await expect(w.contacts.merge('t1', a.id, a.id, 'c1')).rejects.toMatchObject({ code: 'invalid_message' });
    await expect(w.contacts.merge('t2', a.id, b.id, 'c1')).rejects.toMatchObject({ code: 'contact_not_found' });
    const survivor = await w.contacts.merge('t1', a.id, b.id, 'c1');
    expect(survivor).toMatchObject({ name: 'Ann Kowalska', email: 'ann@x.test', note: 'called twice' });
    expect(await w.store.contacts.getContact('t1', b.id)).toBeUndefined();
  });
});

import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createI18n, translator } from '@parley/i18n';
import { RecordingOutbox } from '../../../test/fixtures.ts';
import { migrateToLatest, openSqlite } from '../../storage/database.ts';
import { sqlStores } from '../../storage/stores.ts';
import { ContactService } from '../contacts/contacts.ts';
import { canonicalIdentity, checkIdentity, signIdentity } from '../contacts/identity.ts';
import { initialState, transition, type ConversationState } from '../conversations/lifecycle.ts';
import { FakeRuntime } from '../runtime.ts';
import { TeamChat } from '../team/teamChat.ts';
import { consultantDefaults, linkDefaults, type Consultant } from '../tenants/directory.ts';
import { formatTranscript, TranscriptService, type Mail } from '../transcript/transcript.ts';
import { WrapUpService } from '../wrapup/wrapUp.ts';
import { CannedResponses } from './cannedResponses.ts';
import { ConversationDetails } from './conversationDetails.ts';

const t = translator(createI18n('en'));

async function setup() {
  const runtime = new FakeRuntime();
  const database = openSqlite(':memory:');
  await migrateToLatest(database);
  const now = () => runtime.clock.now();
  const store = sqlStores(database.db, now);
  await store.tenants.createTenant({ id: 't1', name: 'Acme', slug: 'acme' });
  await store.tenants.createTenant({ id: 't2', name: 'Other', slug: 'other' });
  const person = (id: string, tenantId: string, role: Consultant['role'] = 'consultant'): Consultant => ({
    id,
    tenantId,
    email: `${id}@x.test`,
    name: id.toUpperCase(),
    role,
    passwordHash: 'x',
    ...consultantDefaults,
  });
  const [c1, c2, admin, stranger] = [
    person('c1', 't1'),
    person('c2', 't1'),
    person('ad', 't1', 'admin'),
    person('c9', 't2'),
  ];
  for (const c of [c1, c2, admin, stranger]) await store.consultants.createConsultant(c);
  await store.links.createLink({ id: 'L', tenantId: 't1', key: 'k', name: 'L', ...linkDefaults });
  await store.visitors.createVisitor({ id: 'v1', tenantId: 't1', linkId: 'L', name: '' }, 'h1');
  let state: ConversationState = initialState(now());
  state = transition(state, { type: 'offer', consultantId: 'c1', at: now() });
  state = transition(state, { type: 'accept', consultantId: 'c1', at: now() });
  const conversation = { id: 'conv1', tenantId: 't1', linkId: 'L', visitorId: 'v1', visitorName: 'Vi', state };
  await store.conversations.saveConversation(conversation);
  const end = async () => {
    const ended = transition(state, { type: 'end', reason: 'visitor_ended', at: now() + 60_000 });
    await store.conversations.saveConversation({ ...conversation, state: ended });
  };
  const contacts = new ContactService(store.contacts, runtime);
  const wrapUps = new WrapUpService(store.wrapUps, runtime);
  const desk = new ConversationDetails(store.conversations, store.contacts, store.wrapUps, store.customData, runtime);
  return { runtime, store, contacts, wrapUps, desk, c1, c2, admin, stranger, end };
}

describe('contacts and identity', () => {
  it('[K2][SD4] a signature is HMAC-SHA256 over id, name, e-mail and expiry in hex; anything altered or expired fails', () => {
    const now = 1_800_000_000_000;
    const expires = now / 1000 + 3600;
    const ann = { id: 'cust-1', name: 'Ann', email: 'ann@x.test', expires };
    const signature = signIdentity('s3cret', ann);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    // The documented payload, as the README's Node, PHP and Python examples build it.
    const payload = `parley-identity-v1\ncust-1\nAnn\nann@x.test\n${expires}`;
    expect(signature).toBe(createHmac('sha256', 's3cret').update(payload).digest('hex'));
    expect(canonicalIdentity(ann)).toBe(payload);
    const check = (identity: object, secret: string | null = 's3cret', at = now) =>
      checkIdentity(secret, { signature, ...identity } as Parameters<typeof checkIdentity>[1], at);
    expect(check(ann)).toBe('valid');
    expect(check({ ...ann, signature: signature.toUpperCase() })).toBe('valid');
    expect(check({ ...ann, id: 'cust-2' })).toBe('invalid');
    expect(check({ ...ann, name: 'Mallory' })).toBe('invalid');
    expect(check({ ...ann, email: 'mallory@evil.test' })).toBe('invalid');
    expect(check({ ...ann, expires: expires + 1 })).toBe('invalid');
    expect(check({ id: 'cust-1', expires })).toBe('invalid');
    expect(check(ann, 'other')).toBe('invalid');
    expect(check(ann, null)).toBe('invalid');
    expect(check({ ...ann, signature: signature.slice(2) })).toBe('invalid');
    expect(check({ ...ann, signature: 'zz'.repeat(32) })).toBe('invalid');
    expect(check(ann, 's3cret', expires * 1000)).toBe('expired');
    // A line break would let one field's text pass as the next field: such identities never sign.
    expect(canonicalIdentity({ id: 'cust-1', name: 'Ann\nmallory@evil.test', expires })).toBeNull();
  });

  it('[K1][K3] a signed identity links the visitor to a contact; an unsigned or forged one leaves them anonymous', async () => {
    const w = await setup();
    const secret = await w.contacts.secret('t1');
    expect(await w.contacts.secret('t1')).toBe(secret);
    const expires = Math.floor(w.runtime.clock.now() / 1000) + 3600;
    const forged = { id: 'cust-1', name: 'Eve', expires, signature: signIdentity('guess', { id: 'cust-1', expires }) };
    expect(await w.contacts.applyContext('t1', 'v1', { identity: forged, attached: { plan: 'x' } })).toBeNull();
    expect((await w.desk.view(w.c1, 'conv1')).contact).toBeNull();
    const signed = { id: 'cust-1', name: 'Ann', email: 'ann@x.test', expires };
    const identity = { ...signed, signature: signIdentity(secret, signed) };
    const contact = await w.contacts.applyContext('t1', 'v1', { identity, attached: { account: '42' } });
    expect(contact).toMatchObject({ externalId: 'cust-1', name: 'Ann' });
    const view = await w.desk.view(w.c1, 'conv1');
    expect(view.contact?.externalId).toBe('cust-1');
    expect(view.attached).toEqual({ account: '42' });
    // [SD4] Name and e-mail are signed: changing them makes the identity anonymous, not renamed.
    await w.store.visitors.createVisitor({ id: 'v2', tenantId: 't1', linkId: 'L', name: '' }, 'h2');
    expect(await w.contacts.applyContext('t1', 'v2', { identity: { ...identity, name: 'Mallory' } })).toBeNull();
    // Another tenant's secret does not make the same person known there.
    expect(await w.contacts.applyContext('t2', 'v1', { identity })).toBeNull();
    // A rotated secret invalidates signatures made with the old one.
    await w.contacts.rotateSecret('t1');
    expect(await w.contacts.applyContext('t1', 'v1', { identity })).toBeNull();
    expect((await w.desk.view(w.c1, 'conv1')).contact).toBeNull();
    // [SD4] Past its expiry a signature links nobody new, and refreshes nothing, but a visitor
    // already linked to that very id keeps the link (a reconnect resends the page's identity).
    const current = { ...signed, signature: signIdentity(await w.contacts.secret('t1'), signed) };
    expect(await w.contacts.applyContext('t1', 'v1', { identity: current })).toMatchObject({ externalId: 'cust-1' });
    w.runtime.advance(3600_000);
    expect(await w.contacts.applyContext('t1', 'v2', { identity: current })).toBeNull();
    expect(await w.contacts.applyContext('t1', 'v1', { identity: current })).toMatchObject({
      externalId: 'cust-1',
      name: 'Ann',
    });
    expect((await w.desk.view(w.c1, 'conv1')).contact?.externalId).toBe('cust-1');
  });
});

describe('notepad, dispositions and wrap-up', () => {
  let w: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    w = await setup();
  });

  it('[N1] only the consultant of the conversation (or an admin) reaches its desk', async () => {
    await expect(w.desk.view(w.c2, 'conv1')).rejects.toMatchObject({ code: 'conversation_not_found' });
    await expect(w.desk.view(w.stranger, 'conv1')).rejects.toMatchObject({ code: 'conversation_not_found' });
    expect((await w.desk.view(w.admin, 'conv1')).conversationId).toBe('conv1');
    await w.wrapUps.addNote('t1', 'conv1', { id: 'c1', name: 'C1' }, 'called back');
    expect((await w.desk.view(w.c1, 'conv1')).notes.map((n) => n.text)).toEqual(['called back']);
  });

  it('[N2][N3] Mark as done stores disposition and notes; required switch and retired codes are enforced', async () => {
    const by = { consultantId: 'c1', consultantName: 'C1' };
    await w.wrapUps.createDisposition('t1', 'SOLD', 'Sold');
    const retired = await w.wrapUps.createDisposition('t1', 'OLD', 'Old');
    await w.store.wrapUps.updateDisposition('t1', retired.id, { active: false });
    await expect(w.wrapUps.createDisposition('t1', 'sold', 'dup')).rejects.toMatchObject({ code: 'invalid_message' });
    await w.store.wrapUps.saveDeskSettings('t1', { dispositionRequired: true });
    await expect(w.wrapUps.recordWrapUp('t1', 'conv1', by, { dispositionCode: null, notes: '' })).rejects.toMatchObject(
      {
        code: 'disposition_required',
      },
    );
    await expect(
      w.wrapUps.recordWrapUp('t1', 'conv1', by, { dispositionCode: 'OLD', notes: '' }),
    ).rejects.toMatchObject({
      code: 'disposition_not_found',
    });
    await expect(
      w.wrapUps.recordWrapUp('t2', 'conv1', by, { dispositionCode: 'SOLD', notes: '' }),
    ).rejects.toMatchObject({
      code: 'disposition_not_found',
    });
    const done = await w.wrapUps.recordWrapUp('t1', 'conv1', by, { dispositionCode: 'SOLD', notes: 'Wants gold' });
    expect(done).toMatchObject({ dispositionCode: 'SOLD', dispositionLabel: 'Sold', notes: 'Wants gold' });
    const view = await w.desk.view(w.c1, 'conv1');
    expect(view.wrapUp?.dispositionCode).toBe('SOLD');
    expect(view.notes.map((n) => n.text)).toEqual(['Wants gold']);
    expect(view.dispositions.map((d) => d.code)).toEqual(['SOLD']);
  });

  it('[D2] consultants edit values of the admin-defined fields only', async () => {
    const field = await w.desk.createCustomField('t1', 'Plan');
    await w.desk.setCustomValues(w.c1, 'conv1', { [field.id]: 'gold' });
    await expect(w.desk.setCustomValues(w.c1, 'conv1', { made_up: 'x' })).rejects.toMatchObject({
      code: 'invalid_message',
    });
    await expect(w.desk.setCustomValues(w.c2, 'conv1', { [field.id]: 'x' })).rejects.toMatchObject({
      code: 'conversation_not_found',
    });
    expect((await w.desk.view(w.c1, 'conv1')).fields).toEqual([
      { id: field.id, label: 'Plan', position: 0, value: 'gold' },
    ]);
  });

  it('[CR1][CR2][CR3] canned responses: own, department and tenant ones, in that order; nobody else’s', async () => {
    const canned = new CannedResponses(w.store.customData, w.runtime.ids);
    await w.store.departments.createDepartment({ id: 'sales', tenantId: 't1', name: 'Sales' });
    const sales = { ...w.c1, departmentId: 'sales' };
    await canned.createShared('t1', { title: 'Hello', text: 'Hi %visitor%', departmentId: null });
    await canned.createShared('t1', { title: 'Offer', text: 'Deal', departmentId: 'sales' });
    await canned.createShared('t2', { title: 'Theirs', text: 'x', departmentId: null });
    const mine = await canned.createPersonal(sales, { title: 'Zebra', text: 'My own words' });
    await canned.createPersonal(w.c2, { title: 'Colleague', text: 'Not yours' });
    expect((await canned.usableBy(w.c1)).map((c) => c.title)).toEqual(['Zebra', 'Hello']);
    expect((await canned.usableBy(w.c2)).map((c) => c.title)).toEqual(['Colleague', 'Hello']);
    expect((await canned.usableBy(sales)).map((c) => [c.scope, c.title])).toEqual([
      ['personal', 'Zebra'],
      ['department', 'Offer'],
      ['tenant', 'Hello'],
    ]);
    // [CR1] Admins see and manage the shared ones only; personal ones are not theirs to list.
    expect((await canned.shared('t1')).map((c) => c.title)).toEqual(['Hello', 'Offer']);
    await expect(canned.deleteShared('t1', mine.id)).rejects.toMatchObject({ code: 'not_found' });
    // [CR2] Only the owner edits or deletes a personal response.
    await expect(canned.updatePersonal(w.c2, mine.id, { title: 'Mine now', text: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(canned.deletePersonal(w.c2, mine.id)).rejects.toMatchObject({ code: 'not_found' });
    const edited = await canned.updatePersonal(sales, mine.id, { title: 'Zebra', text: 'Edited' });
    expect(edited).toMatchObject({ scope: 'personal', text: 'Edited' });
    await canned.deletePersonal(sales, mine.id);
    expect((await canned.usableBy(sales)).map((c) => c.scope)).toEqual(['department', 'tenant']);
  });

  it('[CR4] every insertion counts one use, only of a response the consultant may use', async () => {
    const canned = new CannedResponses(w.store.customData, w.runtime.ids);
    const hello = await canned.createShared('t1', { title: 'Hello', text: 'Hi', departmentId: null });
    const own = await canned.createPersonal(w.c1, { title: 'Own', text: 'x' });
    await Promise.all([canned.recordUse(w.c1, hello.id), canned.recordUse(w.c2, hello.id)]);
    expect(await canned.recordUse(w.c1, hello.id)).toEqual({ useCount: 3 });
    await expect(canned.recordUse(w.c2, own.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(canned.recordUse(w.stranger, hello.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await canned.shared('t1')).map((c) => c.useCount)).toEqual([3]);
  });
});

describe('team chat', () => {
  it('[O1][O2][O3] presence goes to the tenant; messages to the team or one colleague, stored for later', async () => {
    const w = await setup();
    const outbox = new RecordingOutbox();
    const team = new TeamChat(w.store.team, w.store, outbox, w.runtime);
    await team.connected(w.c1, false);
    const c1 = () => outbox.to({ kind: 'consultant', consultantId: 'c1' });
    expect(c1().find((m) => m.type === 'team.roster')).toEqual({
      type: 'team.roster',
      members: [
        { id: 'ad', name: 'AD', presence: 'offline' },
        { id: 'c1', name: 'C1', presence: 'online' },
        { id: 'c2', name: 'C2', presence: 'offline' },
      ],
    });
    outbox.clear();
    await team.connected(w.c2, true);
    await team.connected(w.stranger, true);
    // A change reaches the tenant as that one member, not as the whole roster again.
    expect(c1()).toEqual([{ type: 'team.member', id: 'c2', member: { id: 'c2', name: 'C2', presence: 'available' } }]);
    expect(outbox.to({ kind: 'consultant', consultantId: 'c9' }).filter((m) => m.type === 'team.member')).toEqual([
      { type: 'team.member', id: 'c9', member: { id: 'c9', name: 'C9', presence: 'available' } },
    ]);
    outbox.clear();
    await team.availabilityChanged('c2', false);
    await team.availabilityChanged('c2', false);
    expect(c1()).toEqual([{ type: 'team.member', id: 'c2', member: { id: 'c2', name: 'C2', presence: 'online' } }]);
    outbox.clear();
    await team.send(w.c1, 'a', null, 'hello team');
    await team.send(w.c1, 'b', 'c2', 'just you');
    await expect(team.send(w.c1, 'c', 'c9', 'cross-tenant')).rejects.toMatchObject({ code: 'not_found' });
    const texts = (id: string) =>
      outbox
        .to({ kind: 'consultant', consultantId: id })
        .flatMap((m) => (m.type === 'team.message' ? [m.message.text] : []));
    expect(texts('c2')).toEqual(['hello team', 'just you']);
    expect(texts('ad')).toEqual(['hello team']);
    expect(texts('c9')).toEqual([]);
    outbox.clear();
    await team.disconnected('c2');
    expect(team.presenceOf('c2')).toBe('offline');
    expect(c1()).toEqual([{ type: 'team.member', id: 'c2', member: { id: 'c2', name: 'C2', presence: 'offline' } }]);
    // A deactivated colleague leaves the team when their console closes ([T9]).
    await team.connected(w.c2, false);
    await w.store.consultants.updateConsultant('t1', 'c2', { active: false });
    outbox.clear();
    await team.disconnected('c2');
    expect(c1()).toEqual([{ type: 'team.member', id: 'c2', member: null }]);
    await team.connected(w.admin, false);
    const history = outbox.to({ kind: 'consultant', consultantId: 'ad' }).find((m) => m.type === 'team.history');
    expect(history?.type === 'team.history' && history.messages.map((m) => m.text)).toEqual(['hello team']);
  });
});

describe('transcripts', () => {
  it('[Y2] the transcript is plain text with names, times and every message', () => {
    const mail = formatTranscript(
      {
        company: 'Acme',
        visitorName: 'Ann',
        consultantName: 'Dana',
        startedAt: Date.UTC(2025, 0, 2, 10, 0, 0),
        endedAt: Date.UTC(2025, 0, 2, 10, 5, 0),
        messages: [
          {
            id: 'm',
            conversationId: 'c',
            clientId: 'x',
            sender: 'visitor',
            authorName: 'Ann',
            text: '<b>hi</b>',
            sentAt: Date.UTC(2025, 0, 2, 10, 1, 2),
          },
        ],
      },
      t,
    );
    expect(mail.subject).toBe('Your conversation with Acme');
    expect(mail.text).toBe(
      [
        'Conversation transcript — Acme',
        'Between Ann and Dana',
        'Started: 2025-01-02 10:00:00 UTC',
        'Ended: 2025-01-02 10:05:00 UTC',
        '',
        '[10:01:02] Ann: <b>hi</b>',
        '',
      ].join('\n'),
    );
  });

  it('[SD12] bidi controls in names and messages show as code points in the transcript', () => {
    const mail = formatTranscript(
      {
        company: 'Acme',
        visitorName: 'Ann\u202E',
        consultantName: 'Dana',
        startedAt: Date.UTC(2025, 0, 2, 10, 0, 0),
        endedAt: null,
        messages: [
          {
            id: 'm',
            conversationId: 'c',
            clientId: 'x',
            sender: 'visitor',
            authorName: 'Ann\u202E',
            text: 'see invoice\u202Etxt.exe',
            sentAt: Date.UTC(2025, 0, 2, 10, 1, 2),
          },
        ],
      },
      t,
    );
    expect(mail.text).toContain('Between Ann[U+202E] and Dana');
    expect(mail.text).toContain('[10:01:02] Ann[U+202E]: see invoice[U+202E]txt.exe');
    expect(mail.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('[Y1][Y3] only after the end, and rate-limited per requester', async () => {
    const w = await setup();
    const sent: Mail[] = [];
    const names = { consultant: () => Promise.resolve('Dana'), tenant: () => Promise.resolve('Acme') };
    const service = new TranscriptService(
      w.store.conversations,
      { send: (m) => Promise.resolve(void sent.push(m)) },
      names,
      w.runtime,
    );
    const read = async () => {
      const c = await w.store.conversations.getConversation('t1', 'conv1');
      if (!c) throw new Error('missing');
      return c;
    };
    await expect(service.send(await read(), 'v', 'a@x.test', t, 'Visitor')).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    await w.end();
    for (let i = 0; i < 3; i++) await service.send(await read(), 'v', 'a@x.test', t, 'Visitor');
    await expect(service.send(await read(), 'v', 'a@x.test', t, 'Visitor')).rejects.toMatchObject({
      code: 'rate_limited',
    });
    w.runtime.advance(10 * 60_000);
    await service.send(await read(), 'v', 'b@x.test', t, 'Visitor');
    expect(sent).toHaveLength(4);
    expect(sent[0]).toMatchObject({ to: 'a@x.test', subject: 'Your conversation with Acme' });
    // [SD6] The record of past sends forgets keys once every window has passed.
    expect(service.trackedKeys).toBeGreaterThan(0);
    w.runtime.advance(60 * 60_000);
    await service.send(await read(), 'v2', 'c@x.test', t, 'Visitor');
    expect(service.trackedKeys).toBe(4);
    const none = new TranscriptService(w.store.conversations, null, names, w.runtime);
    await expect(none.send(await read(), 'v', 'a@x.test', t, 'V')).rejects.toMatchObject({
      code: 'mail_not_configured',
    });
  });
});

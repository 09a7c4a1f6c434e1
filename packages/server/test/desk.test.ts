import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient, DeskApi, TeamChat, VisitorClient } from '@parley/client';
import type { VisitorContext } from '@parley/protocol';
import { signIdentity } from '../src/domain/contacts/identity.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { startSmtp } from './smtp.ts';
import { DEMO, loginCookie, nodeSockets, startServer, until, type TestServer } from './server.ts';

const SAM = { email: 'sam@demo.parley', password: DEMO.password };

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let danaCookie: string;
let samCookie: string;
const open: { close(): void }[] = [];

/** The desk REST client with a node-side cookie jar of one. */
function deskApi(cookie: string): DeskApi {
  return new DeskApi(server.baseUrl, (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
  );
}

function visitorWith(context?: VisitorContext, linkKey = 'demo-help'): VisitorClient {
  const storage = new Map<string, string>();
  const client = new VisitorClient({
    baseUrl: server.baseUrl,
    linkKey,
    socketFactory: nodeSockets(),
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
    ...(context ? { context } : {}),
  });
  client.connect();
  open.push(client);
  return client;
}

async function consultantWithTeam(cookie: string): Promise<{ client: ConsultantClient; team: TeamChat }> {
  const client = new ConsultantClient({ baseUrl: server.baseUrl, socketFactory: nodeSockets(cookie) });
  const team = new TeamChat(client.connection);
  client.connect();
  open.push(client);
  await until(client, (s) => s.status === 'open');
  return { client, team };
}

/** Dana takes a call from the visitor, they chat, and it ends; returns the conversation id. */
async function callAndEnd(dana: ConsultantClient, v: VisitorClient, name: string, lines: string[]): Promise<string> {
  await until(v, (s) => s.available);
  v.request(name);
  await until(dana, () => dana.ringing.length === 1);
  const id = dana.ringing[0]?.id ?? '';
  dana.accept(id);
  await until(v, (s) => s.conversation?.state === 'active');
  for (const line of lines) v.sendChat(line);
  dana.sendChat(id, 'Hello %visitor%, how can I help?');
  await until(dana, (s) => (s.messages[id] ?? []).length === lines.length + 1);
  dana.end(id);
  await until(v, (s) => s.conversation?.state === 'ended');
  return id;
}

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({
    runtime: new FakeRuntime(Date.now()),
    config: { smtpUrl: smtp.url, mailFrom: 'help@parley.test' },
  });
  danaCookie = await loginCookie(server.baseUrl);
  samCookie = await loginCookie(server.baseUrl, SAM.email, SAM.password);
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
  await smtp.close();
});

describe('the consultant desk over HTTP and WebSocket', () => {
  it('[K1][K2][K3][K4][D1][D2][N1][N2][N3][Y1] a signed visitor becomes a contact; notes, data and wrap-up reach the history; transcripts arrive by SMTP', async () => {
    const admin = deskApi(danaCookie);
    const { secret } = await admin.identitySecret();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    expect((await admin.identitySecret()).secret).toBe(secret);
    await admin.createDisposition('SOLD', 'Sold');
    const field = await admin.createCustomField('Contract');
    await admin.saveSettings({ dispositionRequired: true });

    const { client: dana } = await consultantWithTeam(danaCookie);
    dana.setAvailable(true);
    await until(dana, (s) => s.available);
    const signed = {
      id: 'cust-77',
      name: 'Ann Customer',
      email: 'ann@customer.test',
      expires: Math.floor(server.runtime.clock.now() / 1000) + 3600,
    };
    const identity = { ...signed, signature: signIdentity(secret, signed) };
    const v = visitorWith({ identity, attached: { account: 'ACC-1', service: 'broadband' } });
    const id = await callAndEnd(dana, v, 'Ann', ['Hi, see https://example.com', '<img src=x onerror=alert(1)>']);

    const view = await admin.conversation(id);
    expect(view.contact).toMatchObject({ externalId: 'cust-77', name: 'Ann Customer', email: 'ann@customer.test' });
    expect(view.attached).toEqual({ account: 'ACC-1', service: 'broadband' });
    await admin.setCustomValues(id, { [field.id]: 'C-9' });
    await admin.addNote(id, 'Asked about fibre');
    await expect(admin.setCustomValues(id, { nope: 'x' })).rejects.toMatchObject({ code: 'invalid_message' });
    await expect(admin.done(id, null, '')).rejects.toMatchObject({ code: 'disposition_required', status: 409 });
    await expect(admin.done(id, 'NOPE', '')).rejects.toMatchObject({ code: 'disposition_not_found' });
    expect(await admin.done(id, 'SOLD', 'Upgrade agreed')).toMatchObject({ dispositionCode: 'SOLD' });
    expect((await admin.conversation(id)).fields[0]?.value).toBe('C-9');

    const [contact] = await admin.contacts('ann cust');
    expect(contact?.externalId).toBe('cust-77');
    const detail = await admin.contact(contact?.id ?? '');
    expect(detail.history[0]).toMatchObject({
      conversationId: id,
      consultantName: 'Dana Demo',
      wrapUp: { dispositionCode: 'SOLD', notes: 'Upgrade agreed' },
    });
    expect(detail.history[0]?.notes.map((n) => n.text)).toEqual(['Asked about fibre', 'Upgrade agreed']);

    // [Y1] The visitor, from the closed screen, and the consultant, to an address they choose.
    const sent = new Promise<void>((resolve) => v.on('transcript', () => resolve()));
    v.sendTranscript('ann@customer.test', 'en');
    await sent;
    const mail = await smtp.next();
    expect(mail.to).toEqual(['ann@customer.test']);
    expect(mail.from).toBe('help@parley.test');
    expect(mail.subject).toBe('Your conversation with Demo');
    expect(mail.text).toContain('Between Ann and Dana Demo');
    expect(mail.text).toMatch(/\[\d\d:\d\d:\d\d\] Ann: Hi, see https:\/\/example\.com/);
    expect(mail.text).toContain('Ann: <img src=x onerror=alert(1)>');
    expect(mail.text).toMatch(/Dana Demo: Hello %visitor%, how can I help\?/);
    expect(mail.raw).not.toMatch(/text\/html/i);
    await admin.sendTranscript(id, 'boss@company.test', 'pl');
    const second = await smtp.next();
    expect(second.to).toEqual(['boss@company.test']);
    expect(second.subject).toBe('Twoja rozmowa z Demo');
    await admin.saveSettings({ dispositionRequired: false });
  });

  it('[K2] an unsigned or forged identity is ignored: the visitor stays anonymous', async () => {
    const admin = deskApi(danaCookie);
    const { client: dana } = await consultantWithTeam(danaCookie);
    dana.setAvailable(true);
    await until(dana, (s) => s.available);
    const expires = Math.floor(server.runtime.clock.now() / 1000) + 3600;
    const forged = { id: 'cust-77', name: 'Mallory', expires };
    const v = visitorWith({ identity: { ...forged, signature: signIdentity('guessed', forged) } });
    const id = await callAndEnd(dana, v, 'Mallory', ['hi']);
    expect((await admin.conversation(id)).contact).toBeNull();
    const [ann] = await admin.contacts('cust-77');
    expect(ann?.name).toBe('Ann Customer');
    expect((await admin.contact(ann?.id ?? '')).history.map((h) => h.conversationId)).not.toContain(id);
    // A bad context never breaks the visitor's connection: invalid input is a coded error.
    const raw = visitorWith();
    await until(raw, (s) => s.status === 'open');
    const errors: string[] = [];
    raw.on('error', (e) => errors.push(e.code));
    raw.setContext({ attached: { 'bad key!': 'x' } });
    await new Promise<void>((resolve) => raw.on('error', () => resolve()));
    expect(errors).toEqual(['invalid_message']);
  });

  it('[SD4][K2] a leaked signature cannot rename the contact, and an expired one identifies nobody', async () => {
    const admin = deskApi(danaCookie);
    const { secret } = await admin.identitySecret();
    const now = Math.floor(server.runtime.clock.now() / 1000);
    const connected = async (identity: VisitorContext['identity']) => {
      const v = visitorWith({ identity });
      await until(v, (s) => s.status === 'open'); // the context is applied before the welcome
    };
    // The old scheme's signature covered the id alone: with it, any name and e-mail passed as verified.
    const idOnly = createHmac('sha256', secret).update('cust-77').digest('hex');
    await connected({
      id: 'cust-77',
      name: 'Mallory',
      email: 'mallory@evil.test',
      expires: now + 60,
      signature: idOnly,
    });
    const unchanged = async () =>
      expect((await admin.contacts('cust-77'))[0]).toMatchObject({ name: 'Ann Customer', email: 'ann@customer.test' });
    await unchanged();
    // A signature of Ann's real identity, replayed with another name or e-mail.
    const ann = { id: 'cust-77', name: 'Ann Customer', email: 'ann@customer.test', expires: now + 3600 };
    const signature = signIdentity(secret, ann);
    await connected({ ...ann, name: 'Mallory', signature });
    await unchanged();
    await connected({ ...ann, email: 'mallory@evil.test', signature });
    await unchanged();
    await connected({ ...ann, expires: now + 86_400 * 365, signature });
    // A correct signature whose time is up: leaked from a page yesterday, say.
    const lapsed = { id: 'cust-lapsed', name: 'Old Leak', expires: now - 1 };
    await connected({ ...lapsed, signature: signIdentity(secret, lapsed) });

    expect(await admin.contacts('cust-lapsed')).toEqual([]);
  });

  it('[N1][K4] scoped: a consultant reaches neither admin routes nor a colleague’s conversation desk', async () => {
    const sam = deskApi(samCookie);
    const admin = deskApi(danaCookie);
    await expect(sam.identitySecret()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    await expect(sam.createDisposition('X', 'x')).rejects.toMatchObject({ code: 'forbidden' });
    const [contact] = await admin.contacts('cust-77');
    const conversationId = (await admin.contact(contact?.id ?? '')).history[0]?.conversationId ?? '';
    await expect(sam.conversation(conversationId)).rejects.toMatchObject({ code: 'conversation_not_found' });
    await expect(sam.addNote(conversationId, 'x')).rejects.toMatchObject({ code: 'conversation_not_found' });
    await expect(sam.done('nope', null, '')).rejects.toMatchObject({ code: 'conversation_not_found' });
    const anonymous = await fetch(`${server.baseUrl}/api/v1/contacts`);
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${server.baseUrl}/api/v1/admin/dispositions`, {
      method: 'POST',
      headers: { cookie: danaCookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify({ code: 'has space', label: '' }),
    });
    expect(await bad.json()).toMatchObject({ code: 'invalid_message' });
  });

  it('[CR1][CR2][CR4] canned responses: shared ones admin-managed, own ones per consultant, uses counted', async () => {
    const admin = deskApi(danaCookie);
    const sam = deskApi(samCookie);
    const canned = await admin.createCanned({
      title: 'Greeting',
      text: 'Hello %visitor%, %consultant% here.',
      departmentId: null,
    });
    expect((await sam.cannedResponses()).map((c) => c.id)).toContain(canned.id);
    await expect(
      admin.createCanned({ title: 'x', text: 'y', departmentId: 'dep_of_someone_else' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const edited = await admin.updateCanned(canned.id, { title: 'Greeting', text: 'Hi there', departmentId: null });
    expect(edited).toMatchObject({ scope: 'tenant', text: 'Hi there' });
    // [CR2] Sam's own response: his alone; the admin neither lists nor deletes it, a consultant cannot manage shared ones.
    const own = await sam.createMyCanned({ title: 'Sign-off', text: 'Cheers, %consultant%' });
    expect(own.scope).toBe('personal');
    expect((await admin.cannedResponses()).map((c) => c.id)).not.toContain(own.id);
    expect((await admin.sharedCanned()).map((c) => c.id)).not.toContain(own.id);
    await expect(admin.deleteCanned(own.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(admin.deleteMyCanned(own.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(sam.deleteCanned(canned.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(sam.updateMyCanned(canned.id, { title: 'x', text: 'y' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await sam.updateMyCanned(own.id, { title: 'Sign-off', text: 'Bye' })).toMatchObject({ text: 'Bye' });
    // [CR4] Each insertion counts; the admin sees the count of the shared one.
    await sam.useCanned(canned.id);
    expect(await admin.useCanned(canned.id)).toEqual({ useCount: 2 });
    expect((await admin.sharedCanned()).find((c) => c.id === canned.id)?.useCount).toBe(2);
    await expect(admin.useCanned(own.id)).rejects.toMatchObject({ code: 'not_found' });
    await sam.deleteMyCanned(own.id);
    await admin.deleteCanned(canned.id);
    expect((await sam.cannedResponses()).map((c) => c.id)).not.toContain(canned.id);
  });

  it('[O1][O2][O3] team chat with presence between two consultants of the tenant', async () => {
    const dana = await consultantWithTeam(danaCookie);
    const sam = await consultantWithTeam(samCookie);
    const samId = (await until(sam.client, (s) => s.consultantId !== null)).consultantId ?? '';
    const presence = (team: TeamChat, id: string) => team.state.members.find((m) => m.id === id)?.presence;
    await new Promise<void>((resolve) => {
      const check = () => presence(dana.team, samId) === 'online' && resolve();
      dana.team.on('change', check);
      check();
    });
    sam.client.setAvailable(true);
    await new Promise<void>((resolve) =>
      dana.team.on('change', () => presence(dana.team, samId) === 'available' && resolve()),
    );
    dana.team.send('Can you take the next pool call?', samId);
    await new Promise<void>((resolve) => sam.team.on('message', () => resolve()));
    expect(sam.team.state.messages.at(-1)).toMatchObject({
      senderName: 'Dana Demo',
      recipientId: samId,
      text: 'Can you take the next pool call?',
    });
    sam.client.close();
    await new Promise<void>((resolve) =>
      dana.team.on('change', () => presence(dana.team, samId) === 'offline' && resolve()),
    );
    const again = await consultantWithTeam(samCookie);
    await new Promise<void>((resolve) => {
      const check = () =>
        again.team.state.messages.some((m) => m.text === 'Can you take the next pool call?') && resolve();
      again.team.on('change', check);
      check();
    });
  });
});

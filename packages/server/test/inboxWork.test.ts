import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminApi } from '@parley/client';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { linkDefaults } from '../src/domain/tenants/directory.ts';
import { REPLY_INTERVAL_MS } from '../src/domain/inbox/inbox.ts';
import { startServer, type TestServer } from './server.ts';
import { startSmtp } from './smtp.ts';
import { addTenant, type Member, type TestTenant } from './tenants.ts';

let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let a: TestTenant;
let b: TestTenant;
const runtime = new FakeRuntime(Date.now());

beforeAll(async () => {
  smtp = await startSmtp();
  const uploadsDir = await mkdtemp(join(tmpdir(), 'parley-uploads-'));
  server = await startServer({
    runtime,
    config: { uploadsDir, smtpUrl: smtp.url, mailFrom: 'Parley <help@parley.test>' },
  });
  a = await addTenant(server, 'alpha');
  b = await addTenant(server, 'beta');
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await server.close();
  await smtp.close();
});

/** The typed SDK the console uses, over a real socket, with the member's session cookie. */
function apiAs(member: Member): AdminApi {
  return new AdminApi(server.baseUrl, (input, init) =>
    fetch(input, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), cookie: `parley_session=${member.token}` },
    }),
  );
}

/** A fresh open message on tenant alpha's link. */
async function leave(text: string, email = 'vera@example.test'): Promise<string> {
  const id = server.runtime.ids.next('msg');
  await server.services.directory.leftMessages.createLeftMessage({
    id,
    tenantId: a.tenantId,
    linkId: a.link.id,
    name: 'Vera',
    email,
    text,
    createdAt: Date.UTC(2026, 10, 27, 9, 30),
    handledAt: null,
  });
  return id;
}

/** [I5] Counts how often tenant alpha's consoles are told that the inbox changed. */
function inboxChanges() {
  return vi.spyOn(server.services.live.of(a.tenantId), 'inboxChanged');
}

describe('the inbox at work (issue 22 item 6)', () => {
  it('[IB2] answers a left message by e-mail: to the visitor, Reply-To the consultant, subject quoting it, in the chosen language', async () => {
    const id = await leave('My order 42 never arrived.\nCan you check?');
    const changes = inboxChanges();
    const answered = await apiAs(a.consultant).replyToMessage(id, {
      text: 'It left our warehouse today.',
      locale: 'en',
    });
    const mail = await smtp.next();
    expect(mail.to).toEqual(['vera@example.test']);
    expect(mail.raw).toMatch(/^Reply-To: consultant@alpha\.test$/im);
    expect(mail.raw).toMatch(/^From: Parley <help@parley\.test>$/im);
    expect(mail.subject).toBe('Re: your message to Tenant alpha: “My order 42 never arrived.”');
    expect(mail.text).toBe(
      [
        'It left our warehouse today.',
        '',
        'consultant',
        'Tenant alpha',
        '',
        'On 2026-11-27 09:30 UTC you wrote:',
        '> My order 42 never arrived.',
        '> Can you check?',
        '',
      ].join('\n'),
    );
    expect(answered).toMatchObject({ answeredAt: runtime.clock.now(), answeredByName: 'consultant', handledAt: null });
    expect(changes).toHaveBeenCalledTimes(1);

    // [IB2] A second answer to the same message right away is refused (a double click sends once).
    await expect(apiAs(a.admin).replyToMessage(id, { text: 'Again' })).rejects.toMatchObject({
      code: 'rate_limited',
    });
    runtime.advance(REPLY_INTERVAL_MS);
    // In Polish, the mail's own words are Polish; the consultant's words are theirs.
    await apiAs(a.admin).replyToMessage(id, { text: 'Dzień dobry!', locale: 'pl' });
    const polish = await smtp.next();
    expect(polish.subject).toBe('Re: Twoja wiadomość do Tenant alpha: „My order 42 never arrived.”');
    expect(polish.text).toContain('W dniu 2026-11-27 09:30 UTC otrzymaliśmy Twoją wiadomość:');
    expect(polish.raw).toMatch(/^Reply-To: admin@alpha\.test$/im);
    const [view] = (await apiAs(a.admin).inbox()).filter((m) => m.id === id);
    expect(view).toMatchObject({ answeredByName: 'admin' });
  });

  it('[IB2][T2] only someone who sees the message answers it; bad bodies get coded errors', async () => {
    const id = await leave('Hello');
    await expect(apiAs(a.outsider).replyToMessage(id, { text: 'Hi' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(apiAs(b.admin).replyToMessage(id, { text: 'Hi' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(apiAs(a.consultant).replyToMessage(id, { text: '   ' })).rejects.toMatchObject({
      code: 'invalid_message',
    });
    await expect(apiAs(a.consultant).replyToMessage(id, { text: 'x'.repeat(4001) })).rejects.toMatchObject({
      code: 'invalid_message',
    });
    expect(smtp.received).toEqual([]);
  });

  it('[IB2] a subject never carries the visitor’s line breaks or more than the start of their text', async () => {
    const id = await leave(`\n${'Bcc: everyone@example.test '.repeat(4)}\r\nsecond line`);
    await apiAs(a.consultant).replyToMessage(id, { text: 'Noted.' });
    const mail = await smtp.next();
    expect(mail.subject).toBe(
      'Re: your message to Tenant alpha: “Bcc: everyone@example.test Bcc: everyone@example.t…”',
    );
    expect(mail.raw).not.toMatch(/^Bcc:/im);
  });

  it('[IB3] assigns a message to a colleague who sees it, or to nobody; records who and when; others are refused', async () => {
    const id = await leave('Please call me');
    const changes = inboxChanges();
    runtime.advance(1000);
    const assigned = await apiAs(a.admin).assignMessage(id, a.consultant.id);
    expect(assigned).toMatchObject({
      assigneeId: a.consultant.id,
      assigneeName: 'consultant',
      assignedAt: runtime.clock.now(),
      assignedByName: 'admin',
    });
    expect(changes).toHaveBeenCalledTimes(1);
    const seen = (await apiAs(a.consultant).inbox()).find((m) => m.id === id);
    expect(seen).toMatchObject({ assigneeId: a.consultant.id, assignedByName: 'admin' });

    // The outsider is not on the message's link: neither assignable nor able to assign.
    await expect(apiAs(a.admin).assignMessage(id, a.outsider.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(apiAs(a.outsider).assignMessage(id, a.outsider.id)).rejects.toMatchObject({ code: 'not_found' });
    // [T2] Another tenant's consultant, or another tenant's admin: not found, nothing changes.
    await expect(apiAs(a.admin).assignMessage(id, b.consultant.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(apiAs(b.admin).assignMessage(id, b.admin.id)).rejects.toMatchObject({ code: 'not_found' });
    // A deactivated colleague is not assignable.
    const { consultants } = server.services.directory;
    await consultants.updateConsultant(a.tenantId, a.consultant.id, { active: false });
    await expect(apiAs(a.admin).assignMessage(id, a.consultant.id)).rejects.toMatchObject({ code: 'not_found' });
    await consultants.updateConsultant(a.tenantId, a.consultant.id, { active: true });
    const unassigned = await apiAs(a.consultant).assignMessage(id, null);
    expect(unassigned).toMatchObject({ assigneeId: null, assigneeName: null, assignedByName: 'consultant' });
    expect(changes).toHaveBeenCalledTimes(2);

    // Who may be chosen: active colleagues with the links they see.
    const assignees = await apiAs(a.consultant).inboxAssignees();
    expect(assignees.map((c) => c.name).sort()).toEqual(['admin', 'consultant', 'outsider']);
    expect(assignees.find((c) => c.id === a.consultant.id)?.linkIds).toEqual([a.link.id]);
    expect(assignees.find((c) => c.id === a.outsider.id)?.linkIds).toEqual([]);
    expect(assignees.find((c) => c.id === a.admin.id)).toMatchObject({ admin: true, linkIds: [a.link.id] });
  });

  it('[IB4] marking handled records who handled it, once', async () => {
    const id = await leave('Thanks anyway');
    const changes = inboxChanges();
    const handled = await apiAs(a.consultant).markHandled(id);
    expect(handled).toMatchObject({ handledAt: runtime.clock.now(), handledByName: 'consultant' });
    runtime.advance(5000);
    const again = await apiAs(a.admin).markHandled(id);
    expect(again).toMatchObject({ handledAt: handled.handledAt, handledByName: 'consultant' });
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it("[I3][IB3] a pool link's messages reach the consultants of its department, who may be assigned them", async () => {
    const { directory } = server.services;
    const pool = { ...linkDefaults, id: 'link_alpha_pool', tenantId: a.tenantId, key: 'key-alpha-pool', name: 'Pool' };
    await directory.links.createLink({ ...pool, mode: 'pool', departmentId: a.departmentId });
    await directory.consultants.updateConsultant(a.tenantId, a.outsider.id, { departmentId: a.departmentId });
    const id = server.runtime.ids.next('msg');
    await directory.leftMessages.createLeftMessage({
      id,
      tenantId: a.tenantId,
      linkId: pool.id,
      name: '',
      email: 'pool@example.test',
      text: 'Sales question',
      createdAt: runtime.clock.now(),
      handledAt: null,
    });
    expect((await apiAs(a.outsider).inbox()).map((m) => m.id)).toContain(id);
    expect((await apiAs(a.consultant).inbox()).map((m) => m.id)).not.toContain(id);
    expect(await apiAs(a.admin).assignMessage(id, a.outsider.id)).toMatchObject({ assigneeName: 'outsider' });
    await expect(apiAs(a.admin).assignMessage(id, a.consultant.id)).rejects.toMatchObject({ code: 'not_found' });
    await directory.consultants.updateConsultant(a.tenantId, a.outsider.id, { departmentId: null });
  });
});

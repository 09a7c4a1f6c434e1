import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultantClient, VisitorClient } from '@parley/client';
import type { AppointmentView, ErrorCode, IssuedAppointment } from '@parley/protocol';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { startSmtp, type ReceivedMail } from './smtp.ts';
import { DEMO, loginCookie, nodeSockets, startServer, until, visitor, type TestServer } from './server.ts';
import { ConsultantClient as Consultant } from '@parley/client';

const SAM = { email: 'sam@demo.parley', password: DEMO.password };
const MINUTE = 60_000;

let server: TestServer;
let runtime: FakeRuntime;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let danaCookie: string;
let samCookie: string;
let danaId: string;
let helpLinkId: string;
const open: { close(): void }[] = [];

// The caller names the shape it expects of the JSON body (a test helper, not an API).
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
async function api<T>(
  cookie: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      'x-parley-csrf': '1',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

function plan(over: Record<string, unknown> = {}, cookie = danaCookie) {
  return api<IssuedAppointment>(cookie, 'POST', '/api/v1/appointments', {
    startsAt: runtime.clock.now() + 10 * MINUTE,
    durationMinutes: 30,
    guestName: 'Gosia Guest',
    guestEmail: 'gosia@guest.test',
    linkId: helpLinkId,
    locale: 'pl',
    ...over,
  });
}

function check(code: string) {
  return api<{ code?: ErrorCode; linkKey?: string; guestName?: string }>(null, 'POST', '/api/v1/session-codes/check', {
    code,
  });
}

async function consultantOf(cookie: string): Promise<ConsultantClient> {
  const client = new Consultant({ baseUrl: server.baseUrl, socketFactory: nodeSockets(cookie) });
  client.connect();
  open.push(client);
  await until(client, (s) => s.status === 'open');
  return client;
}

function guest(): VisitorClient {
  const client = visitor(server);
  open.push(client);
  return client;
}

function nextError(client: VisitorClient): Promise<ErrorCode> {
  return new Promise((resolve) => {
    const off = client.on('error', (e) => {
      off();
      resolve(e.code);
    });
  });
}

/** The decoded text of every base64 or plain part of a multipart mail. */
function parts(mail: ReceivedMail): string {
  const decoded = [
    ...mail.raw.matchAll(/Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/g),
  ].map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8'));
  const quoted = mail.raw
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return [quoted, ...decoded].join('\n');
}

beforeAll(async () => {
  smtp = await startSmtp();
  runtime = new FakeRuntime(Date.UTC(2026, 10, 27, 9, 0));
  server = await startServer({ runtime, config: { smtpUrl: smtp.url, mailFrom: 'help@parley.test' } });
  danaCookie = await loginCookie(server.baseUrl);
  samCookie = await loginCookie(server.baseUrl, SAM.email, SAM.password);
  const dana = await server.services.directory.consultants.findConsultantByEmail(DEMO.email);
  danaId = dana?.id ?? '';
  const help = await server.services.directory.links.findLinkByKey('demo-help');
  helpLinkId = help?.id ?? '';
}, 60_000);

afterAll(async () => {
  for (const c of open) c.close();
  await server.close();
  await smtp.close();
});

describe('appointments and session codes over HTTP and WebSocket', () => {
  it('[AP1][AP2][AP6] planning issues a code and a personal link once, and mails a REQUEST invitation with the .ics', async () => {
    const planned = await plan();
    expect(planned.status).toBe(201);
    const { appointment, code, link, mailed } = planned.body;
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]{8}$/);
    expect(link).toBe(`${server.config.publicUrl}/s/${code.slice(0, 4)}-${code.slice(4)}`);
    expect(mailed).toBe(true);
    expect(appointment).toMatchObject({
      consultantId: danaId,
      guestName: 'Gosia Guest',
      status: 'scheduled',
      sequence: 0,
    });
    const mail = await smtp.next();
    expect(mail.to).toEqual(['gosia@guest.test']);
    expect(mail.subject).toBe('Twoja sesja wideo z Demo');
    const content = parts(mail);
    expect(content).toContain(`Kod sesji: ${code.slice(0, 4)}-${code.slice(4)}`);
    expect(content).toContain(link);
    expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(mail.raw).toMatch(/filename=invite\.ics/);
    expect(content).toContain('METHOD:REQUEST');
    expect(content).toContain(`UID:${appointment.id}@`);
    // The code is nowhere in the database, only its digest.
    const rows = await server.db.selectFrom('appointments').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);
    // Listed as upcoming for Dana (and the admin's tenant view), not for Sam.
    const mine = await api<{ appointments: AppointmentView[] }>(danaCookie, 'GET', '/api/v1/appointments');
    expect(mine.body.appointments.map((a) => a.id)).toContain(appointment.id);
    const sams = await api<{ appointments: AppointmentView[] }>(samCookie, 'GET', '/api/v1/appointments');
    expect(sams.body.appointments).toEqual([]);
  });

  it('[AP1] only an admin plans for a colleague; input is validated with coded errors', async () => {
    const sam = await server.services.directory.consultants.findConsultantByEmail(SAM.email);
    expect((await plan({ consultantId: danaId }, samCookie)).body).toMatchObject({ code: 'forbidden' });
    expect((await plan({ durationMinutes: 2 })).body).toMatchObject({ code: 'invalid_message' });
    expect((await plan({ guestEmail: 'not-mail' })).body).toMatchObject({ code: 'invalid_message' });
    expect((await plan({ linkId: 'nope' })).body).toMatchObject({ code: 'link_not_found' });
    // Sam is not assigned to Dana's consultation link: a session there could never reach him.
    expect((await plan({ consultantId: sam?.id })).body).toMatchObject({ code: 'wrong_link_mode' });
    expect((await api(null, 'GET', '/api/v1/appointments')).status).toBe(401);
  });

  it('[AP4][AP7][AP8][M8] a guest enters the code: waits for that consultant only, chats before the media check, is rung once they are available', async () => {
    const { body } = await plan({ guestEmail: '' });
    expect(body.mailed).toBe(false);
    expect((await check(body.code.toLowerCase())).body).toMatchObject({
      linkKey: 'demo-help',
      guestName: 'Gosia Guest',
    });

    const dana = await consultantOf(danaCookie);
    const sam = await consultantOf(samCookie);
    const g = guest();
    await until(g, (s) => s.status === 'open');
    // Dana is not available: a planned session may still wait for her.
    g.request(undefined, undefined, { sessionCode: `${body.code.slice(0, 4)}-${body.code.slice(4)}` });
    const waiting = await until(g, (s) => s.conversation?.state === 'queued');
    expect(waiting.conversation?.visitorName).toBe('Gosia Guest');
    g.sendChat('I am here early');
    await until(g, (s) => s.messages.some((m) => m.text === 'I am here early'));
    const queued = await until(dana, () => dana.queued.some((c) => c.firstMessage === 'I am here early'));
    const request = Object.values(queued.conversations).find((c) => c.visitorName === 'Gosia Guest');
    expect(request?.appointment).toEqual({ startsAt: body.appointment.startsAt, durationMinutes: 30 });
    expect(request?.visitorSetup).toBeNull();
    // [AP8] The media check's result follows the request.
    g.reportSetup({ mediaCheck: 'passed', mode: 'video', webrtc: true });
    await until(dana, () => dana.queued.some((c) => c.visitorSetup?.mediaCheck === 'passed'));
    // Sam serves no such request: not in his queue, and he cannot pick it.
    expect(Object.values(sam.state.conversations).some((c) => c.id === request?.id)).toBe(false);
    sam.setAvailable(true);
    dana.setAvailable(true);
    await until(dana, () => dana.ringing.some((c) => c.id === request?.id));
    dana.accept(request?.id ?? '');
    await until(dana, (s) => (s.messages[request?.id ?? ''] ?? []).some((m) => m.text === 'I am here early'));
    await until(g, (s) => s.conversation?.state === 'active');
    // The code is used up now.
    expect((await check(body.code)).body).toMatchObject({ code: 'session_code_used' });
    dana.end(request?.id ?? '');
    await until(g, (s) => s.conversation?.state === 'ended');
    dana.setAvailable(false);
    sam.setAvailable(false);
  });

  it('[AP4][AP6] wrong, early, expired, rescheduled and cancelled codes are refused with their own code', async () => {
    expect((await check('ZZZZ-ZZZZ')).body).toMatchObject({ code: 'session_code_invalid' });
    expect((await check('0000')).body).toMatchObject({ code: 'session_code_invalid' });
    const later = await plan({ startsAt: runtime.clock.now() + 2 * 60 * MINUTE, guestEmail: null });
    expect((await check(later.body.code)).body).toMatchObject({ code: 'session_code_not_yet_valid' });
    // Rescheduled: a new code and an update with SEQUENCE 1; the old code stops working.
    const moved = await api<IssuedAppointment>(danaCookie, 'PUT', `/api/v1/appointments/${later.body.appointment.id}`, {
      startsAt: runtime.clock.now() + 5 * MINUTE,
      durationMinutes: 20,
      guestName: 'Gosia Guest',
      guestEmail: 'gosia@guest.test',
      linkId: helpLinkId,
      locale: 'en',
    });
    expect(moved.body.appointment.sequence).toBe(1);
    expect(moved.body.code).not.toBe(later.body.code);
    const update = await smtp.next();
    expect(update.subject).toBe('Changed: your video session with Demo');
    expect(parts(update)).toContain('SEQUENCE:1');
    expect((await check(later.body.code)).body).toMatchObject({ code: 'session_code_invalid' });
    expect((await check(moved.body.code)).body).toMatchObject({ linkKey: 'demo-help' });
    // Sam cannot see or change Dana's appointment.
    expect((await api(samCookie, 'DELETE', `/api/v1/appointments/${later.body.appointment.id}`)).body).toMatchObject({
      code: 'appointment_not_found',
    });
    // Expired once the planned end has passed.
    runtime.advance(25 * MINUTE);
    expect((await check(moved.body.code)).body).toMatchObject({ code: 'session_code_expired' });
    // Cancelled: METHOD:CANCEL goes out, and the code is unknown from then on.
    const soon = await plan({ guestEmail: 'gosia@guest.test' });
    await smtp.next();
    const cancelled = await api<{ mailed: boolean }>(
      danaCookie,
      'DELETE',
      `/api/v1/appointments/${soon.body.appointment.id}`,
    );
    expect(cancelled.body.mailed).toBe(true);
    const cancel = await smtp.next();
    expect(cancel.raw).toMatch(/method=CANCEL/i);
    expect(parts(cancel)).toContain('STATUS:CANCELLED');
    expect((await check(soon.body.code)).body).toMatchObject({ code: 'session_code_invalid' });
    const list = await api<{ appointments: AppointmentView[] }>(danaCookie, 'GET', '/api/v1/appointments');
    expect(list.body.appointments.map((a) => a.id)).not.toContain(soon.body.appointment.id);
    runtime.advance(16 * MINUTE); // these failures leave the [AP5] window before the next test
  });

  it('[AP5] guessing hits the limit: after 10 wrong codes even a right one is refused, over HTTP and in the visitor app', async () => {
    const { body } = await plan({ guestEmail: null });
    for (let i = 0; i < 9; i++) expect((await check('ZZZZZZZ2')).body).toMatchObject({ code: 'session_code_invalid' });
    const g = guest();
    await until(g, (s) => s.status === 'open');
    const refused = nextError(g);
    g.request(undefined, undefined, { sessionCode: 'ZZZZZZZ3' });
    expect(await refused).toBe('session_code_invalid');
    const limited = await check(body.code);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'session_code_attempts' });
    const stillLimited = nextError(g);
    g.request(undefined, undefined, { sessionCode: body.code });
    expect(await stillLimited).toBe('session_code_attempts');
    runtime.advance(15 * MINUTE);
    expect((await check(body.code)).body).toMatchObject({ linkKey: 'demo-help' });
  });

  it('[AP8] serves the plain /s page in the browser’s language, for typed codes and personal links', async () => {
    const page = await fetch(`${server.baseUrl}/s/ABCD-2345`, { headers: { 'accept-language': 'nl-NL,nl;q=0.9' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Neem deel aan je sessie');
    // The code in the address is read by the page's script, never written into the page.
    expect(html).not.toContain('ABCD-2345');
    expect((await fetch(`${server.baseUrl}/s`)).status).toBe(200);
  });

  it('[M8] in the ordinary queue a visitor writes before anyone accepts; the consultant sees the first message and gets the history', async () => {
    const dana = await consultantOf(danaCookie);
    dana.setAvailable(true);
    const v = guest();
    await until(v, (s) => s.available);
    v.request('Walk-in');
    const ringing = await until(v, (s) => s.conversation?.state === 'ringing');
    const id = ringing.conversation?.id ?? '';
    v.sendChat('Question about my order');
    v.sendChat('It is order 42');
    await until(dana, () => dana.ringing.some((c) => c.id === id && c.firstMessage === 'Question about my order'));
    expect(dana.state.messages[id] ?? []).toEqual([]);
    dana.accept(id);
    const history = await until(dana, (s) => (s.messages[id] ?? []).length === 2);
    expect(history.messages[id]?.map((m) => m.text)).toEqual(['Question about my order', 'It is order 42']);
    dana.end(id);
    await until(v, (s) => s.conversation?.state === 'ended');
    dana.setAvailable(false);
  });
});

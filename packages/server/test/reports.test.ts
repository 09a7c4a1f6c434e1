import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient, VisitorClient } from '@parley/client';
import type { ReportView } from '@parley/protocol';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { nodeSockets, startServer, until, type TestServer } from './server.ts';
import { addTenant, as, httpCode, sessionFor, type Member, type TestTenant } from './tenants.ts';

const runtime = new FakeRuntime(Date.parse('2026-06-15T10:00:00Z'));
let server: TestServer;
let tenant: TestTenant;
let supervisor: Member;
const open: { close(): void }[] = [];
const today = '2026-06-15';

function clients(): { visitor: VisitorClient; handler: ConsultantClient } {
  const visitor = new VisitorClient({
    baseUrl: server.baseUrl,
    linkKey: tenant.link.key,
    socketFactory: nodeSockets(),
  });
  const handler = new ConsultantClient({
    baseUrl: server.baseUrl,
    socketFactory: nodeSockets(`parley_session=${tenant.consultant.token}`),
  });
  open.push(visitor, handler);
  return { visitor, handler };
}

beforeAll(async () => {
  server = await startServer({ runtime });
  tenant = await addTenant(server, 'reports');
  const { directory } = server.services;
  await directory.consultants.createConsultant({
    id: 'con_reports_sup',
    tenantId: tenant.tenantId,
    email: 'sup@reports.test',
    name: 'Sup',
    role: 'supervisor',
    passwordHash: 'x',
    departmentId: tenant.departmentId,
    active: true,
    maxConversations: 1,
    mustChangePassword: false,
  });
  supervisor = { id: 'con_reports_sup', token: await sessionFor(server, 'con_reports_sup') };
  // One answered conversation of 12 s wait and 90 s handling, and one request whose visitor left a message.
  const { visitor, handler } = clients();
  handler.connect();
  visitor.connect();
  await until(handler, (s) => s.status === 'open');
  handler.setAvailable(true);
  await until(visitor, (s) => s.available);
  visitor.request('Ola');
  await until(handler, () => handler.ringing.length === 1);
  const id = handler.ringing[0]?.id ?? '';
  runtime.advance(12_000);
  handler.accept(id);
  await until(visitor, (s) => s.conversation?.state === 'active');
  runtime.advance(90_000);
  handler.end(id);
  await until(visitor, (s) => s.conversation?.state === 'ended');
  const second = clients().visitor;
  second.connect();
  await until(second, (s) => s.available);
  second.request('Piotr');
  await until(handler, () => handler.ringing.length === 1);
  // Nobody answers; the visitor leaves a message instead, which also cancels the request.
  await second.leaveMessage({ name: 'Piotr', email: 'piotr@example.test', text: 'Call me' });
  await until(second, (s) => s.conversation?.state === 'abandoned');
  handler.setAvailable(false);
  await server.services.live.of(tenant.tenantId).settled();
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

describe('reports over HTTP (issue 15 item 5)', () => {
  const url = `/api/v1/reports?from=${today}&to=${today}`;

  it('[RP9] a consultant is refused, a visitor is not signed in; [RP7] an invalid query is coded', async () => {
    expect(httpCode(await as(server, tenant.consultant)('GET', url))).toEqual([403, 'forbidden']);
    expect(httpCode(await as(server, tenant.consultant)('GET', url.replace('reports', 'reports.csv')))).toEqual([
      403,
      'forbidden',
    ]);
    expect(httpCode(await as(server, null)('GET', url))).toEqual([401, 'not_authenticated']);
    for (const bad of [
      `/api/v1/reports?from=${today}&to=2026-06-01`,
      `/api/v1/reports?from=${today}&to=${today}&granularity=year`,
      `/api/v1/reports?from=2020-01-01&to=${today}`,
      '/api/v1/reports?from=yesterday&to=today',
    ]) {
      expect(httpCode(await as(server, tenant.admin)('GET', bad))).toEqual([400, 'invalid_message']);
    }
  });

  it('[RP3][RP4][RP5] an admin reads the conversations just had: answered, left a message, exact times', async () => {
    const report = (await as(server, tenant.admin)('GET', url)).json<ReportView>();
    expect(report.total).toMatchObject({
      requests: 2,
      answered: 1,
      missed: 1,
      leftMessage: 1,
      abandoned: 0,
      answerRate: 0.5,
      waitP50Ms: 12_000,
      handleP90Ms: 90_000,
    });
    expect(report.rows).toHaveLength(1);
    // [RP9] The link has no department: a supervisor of a department sees none of it.
    const scoped = (await as(server, supervisor)('GET', url)).json<ReportView>();
    expect(scoped.total.requests).toBe(0);
  });

  it('[RP7] the CSV holds the same numbers, headers in the asked language', async () => {
    const response = await as(server, tenant.admin)('GET', `/api/v1/reports.csv?from=${today}&to=${today}&locale=pl`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment');
    const [header, day, total] = response.body.trimEnd().split('\r\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['Okres', 'Zgłoszenia', 'Odebrane', 'Nieodebrane']);
    // Neither visitor went through the media check: both count as video, the default mode.
    expect(day).toBe(`${today},2,1,1,0,0,0,1,50.0,12.0,12.0,90.0,90.0,2,0,0,0,0,0`);
    expect(total).toBe('Razem,2,1,1,0,0,0,1,50.0,12.0,12.0,90.0,90.0,2,0,0,0,0,0');
  });

  it('[RP6] only an admin sets the time zone, and only a real one', async () => {
    const settings = '/api/v1/reports/settings';
    expect((await as(server, supervisor)('GET', settings)).json()).toEqual({ timeZone: 'UTC' });
    expect(httpCode(await as(server, supervisor)('PUT', settings, { timeZone: 'Europe/Warsaw' }))).toEqual([
      403,
      'forbidden',
    ]);
    expect(httpCode(await as(server, tenant.admin)('PUT', settings, { timeZone: 'Mars/Olympus' }))).toEqual([
      400,
      'invalid_message',
    ]);
    expect((await as(server, tenant.admin)('PUT', settings, { timeZone: 'Pacific/Auckland' })).statusCode).toBe(200);
    // 10:00 UTC on 15 June is 22:00 in Auckland: the same two requests, now on the local 15th still.
    const report = (await as(server, tenant.admin)('GET', url)).json<ReportView>();
    expect(report.timeZone).toBe('Pacific/Auckland');
    expect(report.heatMap[0]?.[22]).toBe(2);
  });
});

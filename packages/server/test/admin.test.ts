import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsultantView, DepartmentView, InvitedConsultant, LinkView } from '@parley/protocol';
import type { TestServer } from './server.ts';
import { addTenant, as, CSRF, httpCode, startAdminServer, type TestTenant } from './tenants.ts';
import { EMBED_STUB } from '../src/transport/http/routes/pages.ts';

let server: TestServer;
let a: TestTenant;
beforeAll(async () => {
  server = await startAdminServer();
  a = await addTenant(server, 'alpha');
});
afterAll(async () => {
  await server.close();
});

describe('admin area: access', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/v1/admin/departments'],
    ['POST', '/api/v1/admin/departments', { name: 'X' }],
    ['PATCH', '/api/v1/admin/departments/dep_alpha', { name: 'X' }],
    ['GET', '/api/v1/admin/consultants'],
    ['POST', '/api/v1/admin/consultants', { name: 'X', email: 'x@alpha.test' }],
    ['PATCH', '/api/v1/admin/consultants/con_alpha_outsider', { name: 'X' }],
    ['GET', '/api/v1/admin/links'],
    ['POST', '/api/v1/admin/links', { name: 'X' }],
    ['PATCH', '/api/v1/admin/links/link_alpha', { name: 'X' }],
    ['DELETE', '/api/v1/admin/links/link_alpha/offline-image'],
  ];

  it('[T1] refuses every admin route to a consultant who is not an admin (forbidden) and to nobody (not_authenticated)', async () => {
    for (const [method, url, body] of routes) {
      expect(httpCode(await as(server, a.consultant)(method as 'GET', url, body))).toEqual([403, 'forbidden']);
      expect(httpCode(await as(server, null)(method as 'GET', url, body))).toEqual([401, 'not_authenticated']);
    }
  });
});

describe('admin area: departments (F-31)', () => {
  it('[T1] creates, lists and renames departments of the tenant, with coded errors for bad input', async () => {
    const call = as(server, a.admin);
    const created = await call('POST', '/api/v1/admin/departments', { name: '  Support  ' });
    expect(created.statusCode).toBe(201);
    const dep = created.json<DepartmentView>();
    expect(dep.name).toBe('Support');
    const renamed = await call('PATCH', `/api/v1/admin/departments/${dep.id}`, { name: 'Customer care' });
    expect(renamed.json()).toEqual({ id: dep.id, name: 'Customer care' });
    const list = (await call('GET', '/api/v1/admin/departments')).json<DepartmentView[]>();
    expect(list.map((d) => d.name).sort()).toEqual(['Customer care', 'Sales alpha']);
    expect(httpCode(await call('POST', '/api/v1/admin/departments', { name: '' }))).toEqual([400, 'invalid_message']);
    expect(httpCode(await call('POST', '/api/v1/admin/departments', { name: 'x'.repeat(200) }))).toEqual([
      400,
      'invalid_message',
    ]);
    expect(httpCode(await call('PATCH', '/api/v1/admin/departments/dep_nope', { name: 'X' }))).toEqual([
      404,
      'not_found',
    ]);
  });
});

describe('admin area: consultants', () => {
  it('[T5] invites a consultant with a one-time password that logs in, stored only hashed', async () => {
    const invited = await as(server, a.admin)('POST', '/api/v1/admin/consultants', {
      name: 'Nina',
      email: 'Nina@Alpha.test',
      departmentId: a.departmentId,
      maxConversations: 3,
    });
    expect(invited.statusCode).toBe(201);
    const { consultant, initialPassword } = invited.json<InvitedConsultant>();
    expect(consultant).toMatchObject({
      email: 'nina@alpha.test',
      role: 'consultant',
      departmentId: a.departmentId,
      active: true,
      maxConversations: 3,
      linkIds: [],
    });
    expect(initialPassword.length).toBeGreaterThanOrEqual(16);
    const stored = await server.services.directory.consultants.getConsultant(consultant.id);
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain(initialPassword);
    const login = await server.app.inject({
      method: 'POST',
      headers: CSRF,
      url: '/api/v1/auth/login',
      payload: { email: 'nina@alpha.test', password: initialPassword },
    });
    expect(login.statusCode).toBe(200);
    const list = (await as(server, a.admin)('GET', '/api/v1/admin/consultants')).json<ConsultantView[]>();
    expect(list.map((c) => c.name).sort()).toEqual(['Nina', 'admin', 'consultant', 'outsider']);
    expect(list.find((c) => c.name === 'consultant')?.linkIds).toEqual([a.link.id]);
  });

  it('[T3] refuses a taken e-mail, an invalid body and an unknown department with coded errors', async () => {
    const call = as(server, a.admin);
    expect(httpCode(await call('POST', '/api/v1/admin/consultants', { name: 'X', email: 'admin@alpha.test' }))).toEqual(
      [409, 'email_taken'],
    );
    expect(httpCode(await call('POST', '/api/v1/admin/consultants', { name: 'X', email: 'nope' }))).toEqual([
      400,
      'invalid_message',
    ]);
    expect(
      httpCode(await call('POST', '/api/v1/admin/consultants', { name: 'X', email: 'x@alpha.test', role: 'root' })),
    ).toEqual([400, 'invalid_message']);
    expect(
      httpCode(
        await call('POST', '/api/v1/admin/consultants', { name: 'X', email: 'x@alpha.test', departmentId: 'd' }),
      ),
    ).toEqual([404, 'not_found']);
    expect(
      httpCode(await call('PATCH', `/api/v1/admin/consultants/${a.outsider.id}`, { maxConversations: 0 })),
    ).toEqual([400, 'invalid_message']);
    expect(httpCode(await call('PATCH', '/api/v1/admin/consultants/con_nope', { name: 'X' }))).toEqual([
      404,
      'not_found',
    ]);
  });

  it('[T4] an admin cannot deactivate or demote themselves', async () => {
    const call = as(server, a.admin);
    for (const patch of [{ active: false }, { role: 'consultant' }]) {
      expect(httpCode(await call('PATCH', `/api/v1/admin/consultants/${a.admin.id}`, patch))).toEqual([
        409,
        'self_lockout',
      ]);
    }
    const renamed = await call('PATCH', `/api/v1/admin/consultants/${a.admin.id}`, { name: 'Boss' });
    expect(renamed.json()).toMatchObject({ name: 'Boss', role: 'admin', active: true });
  });

  it('[T5] updates role, department and capacity, and tells the switchboard', async () => {
    const spy = vi.spyOn(server.services.live.of(a.tenantId), 'directoryChanged');
    const updated = await as(server, a.admin)('PATCH', `/api/v1/admin/consultants/${a.outsider.id}`, {
      role: 'admin',
      departmentId: a.departmentId,
      maxConversations: 4,
    });
    expect(updated.json()).toMatchObject({ role: 'admin', departmentId: a.departmentId, maxConversations: 4 });
    expect(spy).toHaveBeenCalledOnce(); // on the admin's own tenant's live unit
    spy.mockRestore();
    await as(server, a.admin)('PATCH', `/api/v1/admin/consultants/${a.outsider.id}`, {
      role: 'consultant',
      departmentId: null,
      maxConversations: 1,
    });
  });

  it('[T5] a deactivated consultant cannot log in and their open session stops working', async () => {
    const invited = (
      await as(server, a.admin)('POST', '/api/v1/admin/consultants', { name: 'Otto', email: 'otto@alpha.test' })
    ).json<InvitedConsultant>();
    const credentials = { email: 'otto@alpha.test', password: invited.initialPassword };
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: credentials,
      headers: CSRF,
    });
    const cookie = login.cookies.find((c) => c.name === 'parley_session')?.value ?? '';
    const meAs = () => server.app.inject({ url: '/api/v1/auth/me', cookies: { parley_session: cookie } });
    expect((await meAs()).statusCode).toBe(200);

    const off = await as(server, a.admin)('PATCH', `/api/v1/admin/consultants/${invited.consultant.id}`, {
      active: false,
    });
    expect(off.json()).toMatchObject({ active: false });
    expect(httpCode(await meAs())).toEqual([401, 'not_authenticated']);
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: credentials,
      headers: CSRF,
    });
    expect(httpCode(again)).toEqual([401, 'invalid_credentials']);

    await as(server, a.admin)('PATCH', `/api/v1/admin/consultants/${invited.consultant.id}`, { active: true });
    expect((await meAs()).statusCode).toBe(200);
  });
});

describe('admin area: links (F-01, F-06, F-11)', () => {
  it('[T6] creates a pool link with a random key, both embed codes, department and assignment', async () => {
    const spy = vi.spyOn(server.services.live.of(a.tenantId), 'directoryChanged');
    const response = await as(server, a.admin)('POST', '/api/v1/admin/links', {
      name: 'Sales pool',
      mode: 'pool',
      acceptance: 'automatic',
      departmentId: a.departmentId,
      maxWaitMs: 60_000,
      offlineText: 'Back at 9:00',
      consultantIds: [a.consultant.id, a.outsider.id],
    });
    expect(response.statusCode).toBe(201);
    const link = response.json<LinkView>();
    expect(link).toMatchObject({
      name: 'Sales pool',
      mode: 'pool',
      acceptance: 'automatic',
      departmentId: a.departmentId,
      maxWaitMs: 60_000,
      offlineText: 'Back at 9:00',
      offlineImageUrl: null,
    });
    expect(link.consultantIds.sort()).toEqual([a.consultant.id, a.outsider.id].sort());
    expect(link.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(link.embed).toEqual({
      visitor: `${EMBED_STUB}\n<script src="${server.config.publicUrl}/widget/loader.js" data-parley-link="${link.key}" async></script>`,
      consultant: `${server.config.publicUrl}/console/`,
    });
    expect(spy).toHaveBeenCalledOnce(); // on the admin's own tenant's live unit
    spy.mockRestore();
    const status = await server.app.inject({ url: `/api/v1/links/${link.key}/status` });
    expect(status.json()).toMatchObject({ mode: 'pool', offline: { text: 'Back at 9:00', imageUrl: null } });
    const list = (await as(server, a.admin)('GET', '/api/v1/admin/links')).json<LinkView[]>();
    expect(list.map((l) => l.name).sort()).toEqual(['Help alpha', 'Sales pool']);
  });

  it('[T5] edits mode, acceptance and limits, and replaces the assignment', async () => {
    const call = as(server, a.admin);
    const updated = await call('PATCH', `/api/v1/admin/links/${a.link.id}`, {
      mode: 'broadcast',
      acceptance: 'automatic',
      maxWaitMs: null,
      consultantIds: [a.outsider.id],
    });
    expect(updated.json()).toMatchObject({
      mode: 'broadcast',
      acceptance: 'automatic',
      consultantIds: [a.outsider.id],
    });
    const back = await call('PATCH', `/api/v1/admin/links/${a.link.id}`, {
      mode: 'consultation',
      acceptance: 'manual',
      consultantIds: [a.consultant.id],
    });
    expect(back.json()).toMatchObject({ mode: 'consultation', consultantIds: [a.consultant.id] });
  });

  it('[T3] refuses bad settings and references that are not the tenant’s', async () => {
    const call = as(server, a.admin);
    const cases: [unknown, number, string][] = [
      [{ name: 'X', mode: 'party' }, 400, 'invalid_message'],
      [{ name: 'X', maxWaitMs: 5 }, 400, 'invalid_message'],
      [{ name: 'X', offlineText: 'x'.repeat(501) }, 400, 'invalid_message'],
      [{ mode: 'pool' }, 400, 'invalid_message'],
      [{ name: 'X', departmentId: 'dep_nope' }, 404, 'not_found'],
      [{ name: 'X', consultantIds: ['con_nope'] }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      expect(httpCode(await call('POST', '/api/v1/admin/links', body))).toEqual([status, code]);
    }
    expect(httpCode(await call('PATCH', `/api/v1/admin/links/${a.link.id}`, { consultantIds: ['con_nope'] }))).toEqual([
      404,
      'not_found',
    ]);
    expect(httpCode(await call('PATCH', '/api/v1/admin/links/link_nope', { name: 'X' }))).toEqual([404, 'not_found']);
    expect((await server.services.directory.links.getLink(a.tenantId, a.link.id))?.name).toBe('Help alpha');
  });
});

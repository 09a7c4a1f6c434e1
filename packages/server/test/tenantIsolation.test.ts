import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsultantView, DepartmentView, LeftMessageView, LinkView } from '@parley/protocol';
import type { TestServer } from './server.ts';
import { addTenant, as, CSRF, PNG, startAdminServer, type Member, type TestTenant } from './tenants.ts';

let server: TestServer;
let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  server = await startAdminServer();
  a = await addTenant(server, 'alpha');
  b = await addTenant(server, 'beta');
});
afterAll(async () => {
  await server.close();
});

/** Everything of a tenant a route could change, read straight from storage. */
async function snapshot(t: TestTenant): Promise<unknown> {
  const { directory } = server.services;
  const links = await directory.links.listLinks(t.tenantId);
  return {
    departments: await directory.departments.listDepartments(t.tenantId),
    consultants: await directory.consultants.listConsultants(t.tenantId),
    links,
    assignments: await Promise.all(links.map((l) => directory.links.consultantIdsOfLink(t.tenantId, l.id))),
    messages: await directory.leftMessages.listLeftMessages(t.tenantId),
  };
}

function upload(member: Member, url: string) {
  return server.app.inject({
    method: 'PUT',
    url,
    payload: PNG,
    headers: { 'content-type': 'image/png', ...CSRF },
    cookies: { parley_session: member.token },
  });
}

describe('tenant isolation', () => {
  it('[T1][T2][T3] tenant B’s admin reaches none of tenant A’s departments, consultants, links or messages', async () => {
    const before = await snapshot(a);
    const asB = as(server, b.admin);
    const attempts: [string, string, unknown?][] = [
      // A's ids in the path
      ['PATCH', `/api/v1/admin/departments/${a.departmentId}`, { name: 'Hijacked' }],
      ['PATCH', `/api/v1/admin/consultants/${a.consultant.id}`, { active: false }],
      ['PATCH', `/api/v1/admin/consultants/${a.admin.id}`, { role: 'consultant', name: 'Hijacked' }],
      ['PATCH', `/api/v1/admin/links/${a.link.id}`, { name: 'Hijacked', consultantIds: [] }],
      ['DELETE', `/api/v1/admin/links/${a.link.id}/offline-image`],
      ['PATCH', `/api/v1/my/links/${a.link.id}/offline`, { offlineText: 'Hijacked' }],
      ['DELETE', `/api/v1/my/links/${a.link.id}/offline-image`],
      ['POST', `/api/v1/inbox/${a.messageId}/handled`, {}],
      // A's ids in a body, on B's own resources
      ['POST', '/api/v1/admin/consultants', { name: 'X', email: 'x@beta.test', departmentId: a.departmentId }],
      ['PATCH', `/api/v1/admin/consultants/${b.consultant.id}`, { departmentId: a.departmentId }],
      ['POST', '/api/v1/admin/links', { name: 'X', departmentId: a.departmentId }],
      ['POST', '/api/v1/admin/links', { name: 'X', consultantIds: [a.consultant.id] }],
      ['PATCH', `/api/v1/admin/links/${b.link.id}`, { departmentId: a.departmentId }],
      ['PATCH', `/api/v1/admin/links/${b.link.id}`, { consultantIds: [b.consultant.id, a.consultant.id] }],
    ];
    for (const [method, url, body] of attempts) {
      const response = await asB(method, url, body);
      expect([method, url, response.statusCode, response.json<{ code: string }>().code]).toEqual([
        method,
        url,
        404,
        'not_found',
      ]);
    }
    for (const url of [
      `/api/v1/admin/links/${a.link.id}/offline-image`,
      `/api/v1/my/links/${a.link.id}/offline-image`,
    ]) {
      const response = await upload(b.admin, url);
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
    // A consultant of B is refused the same way on A's link.
    expect(
      (await as(server, b.consultant)('PATCH', `/api/v1/my/links/${a.link.id}/offline`, { offlineText: 'x' }))
        .statusCode,
    ).toBe(404);

    expect(await snapshot(a)).toEqual(before);
    expect((await server.services.directory.links.consultantIdsOfLink(b.tenantId, b.link.id)).sort()).toEqual([
      b.consultant.id,
    ]);
  });

  it('[T1] tenant B’s lists and inbox show nothing of tenant A', async () => {
    const asB = as(server, b.admin);
    const departments = (await asB('GET', '/api/v1/admin/departments')).json<DepartmentView[]>();
    const consultants = (await asB('GET', '/api/v1/admin/consultants')).json<ConsultantView[]>();
    const links = (await asB('GET', '/api/v1/admin/links')).json<LinkView[]>();
    const myLinks = (await asB('GET', '/api/v1/my/links')).json<LinkView[]>();
    const inbox = (await asB('GET', '/api/v1/inbox')).json<LeftMessageView[]>();
    expect(departments.map((d) => d.id)).toEqual([b.departmentId]);
    expect(consultants.map((c) => c.id).sort()).toEqual([b.admin.id, b.consultant.id, b.outsider.id].sort());
    expect(links.map((l) => l.id)).toEqual([b.link.id]);
    expect(myLinks).toEqual([]);
    expect(inbox.map((m) => m.id)).toEqual([b.messageId]);
    const text = JSON.stringify([departments, consultants, links, inbox]);
    expect(text).not.toContain('alpha');
  });

  it('[T2] a message left on tenant A’s link lands only in tenant A’s inbox', async () => {
    await server.app.inject({
      method: 'POST',
      headers: CSRF,
      url: `/api/v1/links/${a.link.key}/messages`,
      payload: { name: 'Only A', email: 'a@example.test', text: 'for A' },
    });
    const inboxB = (await as(server, b.admin)('GET', '/api/v1/inbox')).json<LeftMessageView[]>();
    const inboxA = (await as(server, a.admin)('GET', '/api/v1/inbox')).json<LeftMessageView[]>();
    expect(inboxB.some((m) => m.name === 'Only A')).toBe(false);
    expect(inboxA.some((m) => m.name === 'Only A')).toBe(true);
  });
});

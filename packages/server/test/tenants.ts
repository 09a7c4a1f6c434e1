import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashToken } from '../src/domain/auth/passwords.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import {
  consultantDefaults,
  linkDefaults,
  type Consultant,
  type ConsultantRole,
  type Link,
} from '../src/domain/tenants/directory.ts';
import { startServer, type TestServer } from './server.ts';

/** A test server whose uploads go to a fresh temporary folder. */
export async function startAdminServer(runtime = new FakeRuntime(Date.now())): Promise<TestServer> {
  const uploadsDir = await mkdtemp(join(tmpdir(), 'parley-uploads-'));
  return startServer({ runtime, config: { uploadsDir } });
}

export interface Member {
  id: string;
  /** The session token, as the `parley_session` cookie carries it. */
  token: string;
}

export interface TestTenant {
  tenantId: string;
  admin: Member;
  consultant: Member;
  /** A consultant of the tenant who is not assigned to `link`. */
  outsider: Member;
  departmentId: string;
  link: Link;
  messageId: string;
}

/** A session for a consultant without the cost of scrypt: what a login would have stored. */
export async function sessionFor(server: TestServer, consultantId: string): Promise<string> {
  const token = server.runtime.ids.secret();
  await server.services.directory.sessions.createAuthSession(
    { id: server.runtime.ids.next('sess'), consultantId, expiresAt: server.runtime.clock.now() + 3_600_000 },
    hashToken(token),
  );
  return token;
}

/**
 * A complete tenant: an admin, a consultant assigned to its link, one who is not, a department
 * and a left message — everything an isolation test can try to reach from another tenant.
 */
export async function addTenant(server: TestServer, slug: string): Promise<TestTenant> {
  const { directory } = server.services;
  const tenantId = `ten_${slug}`;
  await directory.tenants.createTenant({ id: tenantId, name: `Tenant ${slug}`, slug });
  const member = async (name: string, role: ConsultantRole): Promise<Member> => {
    const consultant: Consultant = {
      id: `con_${slug}_${name}`,
      tenantId,
      email: `${name}@${slug}.test`,
      name,
      role,
      passwordHash: 'x',
      ...consultantDefaults,
    };
    await directory.consultants.createConsultant(consultant);
    return { id: consultant.id, token: await sessionFor(server, consultant.id) };
  };
  const admin = await member('admin', 'admin');
  const consultant = await member('consultant', 'consultant');
  const outsider = await member('outsider', 'consultant');
  const departmentId = `dep_${slug}`;
  await directory.departments.createDepartment({ id: departmentId, tenantId, name: `Sales ${slug}` });
  const link: Link = { ...linkDefaults, id: `link_${slug}`, tenantId, key: `key-${slug}`, name: `Help ${slug}` };
  await directory.links.createLink(link);
  await directory.links.assignConsultant(tenantId, link.id, consultant.id);
  const messageId = `msg_${slug}`;
  await directory.leftMessages.createLeftMessage({
    id: messageId,
    tenantId,
    linkId: link.id,
    name: 'Vera',
    email: 'vera@example.test',
    text: 'Please call me back',
    createdAt: server.runtime.clock.now(),
    handledAt: null,
  });
  return { tenantId, admin, consultant, outsider, departmentId, link, messageId };
}

/** [E9] The header every state-changing API request carries (the SDK adds it). */
export const CSRF = { 'x-parley-csrf': '1' } as const;

/** `app.inject` as a logged-in member (or anonymously), with a JSON body when given. */
export function as(
  server: TestServer,
  member: Member | null,
): (method: InjectOptions['method'], url: string, payload?: unknown) => Promise<LightMyRequestResponse> {
  return (method, url, payload) =>
    server.app.inject({
      method,
      url,
      headers: CSRF,
      ...(member && { cookies: { parley_session: member.token } }),
      ...(payload !== undefined && { payload: payload as InjectOptions['payload'] }),
    });
}

/** The smallest valid PNG header: enough for the magic-byte check. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** `[status, code]` of an HTTP answer, to compare refusals in one line. */
export function httpCode(response: { statusCode: number; json: () => unknown }): [number, string | undefined] {
  return [response.statusCode, (response.json() as { code?: string }).code];
}

import fc from 'fast-check';
import { errorCodes } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, startServer, type TestServer } from '../server.ts';
import { runs } from './arbitraries.ts';

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await loginCookie(server.baseUrl);
});
afterAll(async () => {
  await server.close();
});

const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 80 }),
  fc
    .record(
      {
        email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 }), fc.integer()),
        password: fc.oneof(fc.string({ maxLength: 600 }), fc.constant(null)),
        allowedOrigins: fc.oneof(
          fc.array(fc.oneof(fc.webUrl(), fc.string({ maxLength: 40 }), fc.integer()), { maxLength: 60 }),
          fc.string(),
        ),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.nat({ max: 70_000 }).map((n) => JSON.stringify({ email: 'a@b.test', password: 'p'.repeat(n) })),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  url: fc.oneof(
    fc.constantFrom('/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/me', '/api/v1/tenant/settings'),
    fc
      .tuple(fc.string({ maxLength: 80 }), fc.string({ maxLength: 10 }))
      .map(([key, lang]) => `/api/v1/links/${encodeURIComponent(key)}/status?lang=${encodeURIComponent(lang)}`),
    fc.webPath().map((p) => `/${p.replace(/^\/+/, '')}`),
  ),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
  body,
  withCookie: fc.boolean(),
  withCsrf: fc.boolean(),
});

/** Values for a route's `:params`: real-looking ids, other tenants' ids, junk and long strings. */
const param = fc.oneof(
  fc.constantFrom('demo-help', 'demo-pool', 'conv_nope', 'con_nope', 'link_nope', '0', '-1'),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n + 1)),
);

/** A body for any route: mostly JSON objects with the fields routes read, wrongly typed or huge. */
const anyField = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.nat({ max: 70_000 }).map((n) => 'é'.repeat(n)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 4 }),
);
const fieldNames = [
  'name',
  'email',
  'password',
  'text',
  'role',
  'active',
  'departmentId',
  'maxConversations',
  'mode',
  'acceptance',
  'maxWaitMs',
  'offlineText',
  'consultantIds',
  'allowedOrigins',
  'code',
  'label',
  'title',
  'body',
  'key',
  'type',
  'options',
  'required',
  'disposition',
  'notes',
  'locale',
  'values',
  'requireDisposition',
  'departmentIds',
  'linkId',
  'secret',
  'data',
];
const routeBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), anyField, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
  },
  { weight: 1, arbitrary: body },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
);

describe('fuzzed REST input', () => {
  it('[E1][E9] every registered route, as a logged-in admin, answers any params and body with a coded error below 500', async () => {
    // The route table comes from the server itself, so a route added later is fuzzed too.
    // Logout is left out: it would end the admin session the other routes are fuzzed behind.
    const routes = server.routes.filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/v1/auth/logout',
    );
    expect(routes.length).toBeGreaterThan(40);
    const call = fc.record({
      route: fc.constantFrom(...routes),
      params: fc.array(param, { minLength: 4, maxLength: 4 }),
      body: routeBody,
      contentType: fc.constantFrom('application/json', 'image/png', 'text/plain', undefined),
    });
    await fc.assert(
      fc.asyncProperty(call, async ({ route, params, body: payload, contentType }) => {
        let i = 0;
        const url = route.url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[i++] ?? 'x'));
        const response = await server.app.inject({
          method: route.method as 'GET',
          url,
          headers: { cookie, 'x-parley-csrf': '1', ...(contentType ? { 'content-type': contentType } : {}) },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload }),
        });
        expect(response.statusCode, `${route.method} ${url}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(errorCodes).toContain(response.json<{ code: string }>().code);
        }
      }),
      { numRuns: runs(400) },
    );
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    // The admin is still who they were: no fuzzed body locked them out or broke the session.
    const me = await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
  });

  it('[E1][E9] any method, path and body gets a coded answer below 500, and the server serves on', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const response = await server.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers: {
            ...(r.contentType ? { 'content-type': r.contentType } : {}),
            ...(r.withCsrf ? { 'x-parley-csrf': '1' } : {}),
            ...(r.withCookie ? { cookie } : {}),
          },
          ...(r.method === 'GET' ? {} : { payload: r.body }),
        });
        expect(response.statusCode, response.body.slice(0, 200)).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(errorCodes).toContain(response.json<{ code: string }>().code);
        }
      }),
      { numRuns: runs(150) },
    );
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
  });
});

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

describe('fuzzed REST input', () => {
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

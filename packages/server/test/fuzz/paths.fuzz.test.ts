import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, startServer, type TestServer } from '../server.ts';
import { rawRequest, type RawResponse } from '../rawHttp.ts';
import { runs } from './arbitraries.ts';

let server: TestServer;
let cookie: string;
let dist: string;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  mkdirSync(join(dist, 'app'));
  writeFileSync(join(dist, 'app', 'index.html'), '<!doctype html><title>visitor app</title>');
  server = await startServer({ config: { widgetDist: dist } });
  cookie = await loginCookie(server.baseUrl);
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

/** One way to write a path's character: as is, in the other case, or as `%xx` / `%XX`. */
const spelling = fc.constantFrom('same', 'case', 'lower-hex', 'upper-hex');

/** A variant of `path` (its first `/` kept): each character re-cased or percent-encoded. */
function variant(path: string): fc.Arbitrary<string> {
  return fc.array(spelling, { minLength: path.length, maxLength: path.length }).map((ways) =>
    Array.from(path) // the paths are ASCII
      .map((char, i) => {
        const way = i === 0 ? 'same' : ways[i];
        const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
        if (way === 'case') return char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
        if (way === 'lower-hex') return `%${hex.toLowerCase()}`;
        if (way === 'upper-hex') return `%${hex.toUpperCase()}`;
        return char;
      })
      .join(''),
  );
}

/** A protected request, and what of its answer must not depend on how its path is spelled. */
interface Protected {
  method: string;
  path: string;
  query: string;
  headers: () => Record<string, string>;
  verdict: (response: RawResponse) => unknown;
}

const evilForm = () => ({ cookie, origin: 'https://evil.example', 'content-type': 'text/plain' });
const framing = (r: RawResponse) => [r.headers['content-security-policy'], r.headers['x-frame-options']];
const protectedRequests: Protected[] = [
  {
    method: 'POST',
    path: '/api/v1/admin/identity-secret',
    query: '',
    headers: evilForm,
    verdict: (r) => [r.status, r.body],
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    query: '',
    headers: () => ({ ...evilForm(), 'x-parley-csrf': '1' }),
    verdict: (r) => [r.status, r.body],
  },
  { method: 'GET', path: '/widget/app/', query: '?link=demo-help', headers: () => ({}), verdict: framing },
  { method: 'GET', path: '/console/', query: '', headers: () => ({}), verdict: framing },
  {
    method: 'GET',
    path: '/api/v1/admin/identity-secret',
    query: '',
    headers: () => ({ cookie }),
    verdict: (r) => [r.headers['cache-control'], ...framing(r)],
  },
];

describe('[E11] fuzzed spellings of protected paths', () => {
  it('[E11] any percent-encoding or case variant of a protected path gets the same answer as the plain path', async () => {
    const plain = new Map<Protected, unknown>();
    for (const p of protectedRequests) {
      plain.set(p, p.verdict(await rawRequest(server.baseUrl, p.method, p.path + p.query, p.headers(), 'x')));
    }
    const secret = async () =>
      (await rawRequest(server.baseUrl, 'GET', '/api/v1/admin/identity-secret', { cookie })).body;
    const before = await secret();
    const cases = fc.constantFrom(...protectedRequests).chain((p) => fc.tuple(fc.constant(p), variant(p.path)));
    await fc.assert(
      fc.asyncProperty(cases, async ([p, path]) => {
        const response = await rawRequest(server.baseUrl, p.method, path + p.query, p.headers(), 'x');
        expect(p.verdict(response), `${p.method} ${path}`).toEqual(plain.get(p));
      }),
      { numRuns: runs(150) },
    );
    // No variant rotated the secret or ended the session behind the form.
    expect(await secret()).toBe(before);
  });
});

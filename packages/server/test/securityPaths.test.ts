import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.ts';
import { loginCookie, startServer, type TestServer } from './server.ts';
import { rawRequest } from './rawHttp.ts';

let server: TestServer | undefined;
let dist: string | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dist) rmSync(dist, { recursive: true, force: true });
  dist = undefined;
});

/** A real server with a stand-in widget build, so the visitor app is really served (200). */
async function start(config: Partial<Config> = {}): Promise<TestServer> {
  dist = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  mkdirSync(join(dist, 'app'));
  writeFileSync(join(dist, 'app', 'index.html'), '<!doctype html><title>visitor app</title>');
  server = await startServer({ config: { widgetDist: dist, ...config } });
  return server;
}

async function identitySecret(s: TestServer, cookie: string): Promise<string> {
  const response = await rawRequest(s.baseUrl, 'GET', '/api/v1/admin/identity-secret', { cookie });
  return (JSON.parse(response.body) as { secret: string }).secret;
}

describe('[E11] paths are judged as the router reads them', () => {
  it('[E11][E9] a percent-encoded API path from another site is refused like the plain one and changes nothing', async () => {
    const s = await start();
    const cookie = await loginCookie(s.baseUrl);
    const before = await identitySecret(s, cookie);
    // What a page on evil.example can send with a plain form: no CSRF header, a text/plain body.
    const attack = { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' };
    for (const path of [
      '/api/v1/admin/identity-secret',
      '/%61pi/v1/admin/identity-secret',
      '/api/v1/admin/%69dentity-secret',
      '/api/v1/admin/identity%2Dsecret',
    ]) {
      const response = await rawRequest(s.baseUrl, 'POST', path, attack, 'x');
      expect([path, response.status, JSON.parse(response.body)]).toMatchObject([path, 403, { code: 'csrf_failed' }]);
    }
    expect(await identitySecret(s, cookie)).toBe(before);
  });

  it('[E11][E8] the visitor app reached by an encoded or dotted path still carries its CSP', async () => {
    const s = await start();
    const plain = await rawRequest(s.baseUrl, 'GET', '/widget/app/?link=demo-help');
    expect(plain.status).toBe(200);
    const csp = plain.headers['content-security-policy'];
    expect(csp).toContain("frame-ancestors 'self'");
    for (const path of [
      '/widget/%61pp/?link=demo-help',
      '/widget/app%2F?link=demo-help',
      '/widget/./app/?link=demo-help',
    ]) {
      const response = await rawRequest(s.baseUrl, 'GET', path);
      expect([path, response.headers['content-security-policy']]).toEqual([path, csp]);
    }
    // The reported attack: the app itself, served (not a 404) without its CSP.
    expect((await rawRequest(s.baseUrl, 'GET', '/widget/%61pp/?link=demo-help')).status).toBe(200);
  });

  it('[E11][E8] anything not recognised as the visitor app may not be framed at all', async () => {
    const s = await start();
    for (const path of ['/demo', '/%63onsole/', '/widget/other.html', '/nope']) {
      const response = await rawRequest(s.baseUrl, 'GET', path);
      expect([path, response.headers['x-frame-options']]).toEqual([path, 'DENY']);
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });
});

describe('[E12] HSTS', () => {
  it('[E12] a server whose public URL is https tells browsers to come back over https only', async () => {
    const s = await start({ publicUrl: 'https://help.example' });
    for (const path of ['/healthz', '/widget/app/?link=demo-help', '/api/v1/auth/me']) {
      const response = await rawRequest(s.baseUrl, 'GET', path);
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });

  it('[E12] over plain http there is no HSTS header (a browser would ignore it, and it would pin a dev host)', async () => {
    const s = await start();
    expect((await rawRequest(s.baseUrl, 'GET', '/healthz')).headers['strict-transport-security']).toBeUndefined();
  });
});

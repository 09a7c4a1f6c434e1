import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskBlobStore } from '../src/storage/blobs.ts';
import { loginCookie, startServer, type TestServer } from './server.ts';
import { rawRequest } from './rawHttp.ts';

const MiB = 1024 * 1024;
let server: TestServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A real server whose clips go to a real folder, with a small per-tenant quota. */
async function start(quotaBytes = 3 * MiB): Promise<{ s: TestServer; files: () => { name: string; size: number }[] }> {
  dir = mkdtempSync(join(tmpdir(), 'parley-videos-'));
  const root = dir;
  server = await startServer({ blobs: new DiskBlobStore(root), config: { tenantStorageQuotaBytes: quotaBytes } });
  const files = () =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({ name: e.name, size: statSync(join(e.parentPath, e.name)).size }));
  return { s: server, files };
}

const uploadHeaders = (cookie: string) => ({ cookie, 'x-parley-csrf': '1', 'content-type': 'video/webm' });

function upload(s: TestServer, cookie: string, bytes: number, withLength = true) {
  const headers: Record<string, string> = uploadHeaders(cookie);
  if (!withLength) headers['transfer-encoding'] = 'chunked';
  return rawRequest(s.baseUrl, 'POST', '/api/v1/support-videos?name=clip', headers, Buffer.alloc(bytes, 1));
}

describe('[E17] support-video uploads', () => {
  it('[E17] a clip is written to disk while it arrives, not buffered whole in memory first', async () => {
    const { s, files } = await start(100 * MiB);
    const cookie = await loginCookie(s.baseUrl);
    const { hostname, port } = new URL(s.baseUrl);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '/api/v1/support-videos?name=slow',
          headers: uploadHeaders(cookie),
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Half the clip now: with the request still open, its bytes must already be on disk.
      req.write(Buffer.alloc(2 * MiB, 1));
      void expect
        .poll(() => files().find((f) => f.name.endsWith('.part'))?.size ?? 0, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(MiB)
        .then(() => req.end(Buffer.alloc(2 * MiB, 2)), reject);
    });
    const { status, body } = await answer;
    expect(status).toBe(201);
    expect(JSON.parse(body)).toMatchObject({ name: 'slow', size: 4 * MiB });
    expect(files()).toEqual([{ name: expect.not.stringMatching(/\.part$/) as unknown, size: 4 * MiB }]);
  });

  it('[E17] a tenant’s clips stay within its quota: refused with storage_quota_exceeded, nothing left behind', async () => {
    const { s, files } = await start(3 * MiB);
    const cookie = await loginCookie(s.baseUrl);
    const first = await upload(s, cookie, 2 * MiB);
    expect(first.status).toBe(201);
    // Declared too big: refused before reading; undeclared (chunked): refused once the count passes it.
    for (const withLength of [true, false]) {
      const refused = await upload(s, cookie, 2 * MiB, withLength);
      expect([withLength, refused.status, JSON.parse(refused.body)]).toMatchObject([
        withLength,
        413,
        { code: 'storage_quota_exceeded' },
      ]);
    }
    expect(files().map((f) => f.size)).toEqual([2 * MiB]);
    // Parallel uploads cannot overshoot it together either.
    const parallel = await Promise.all([upload(s, cookie, 0.75 * MiB, false), upload(s, cookie, 0.75 * MiB, false)]);
    // (Both may be refused when their bytes interleave: each counts the other's arriving bytes.)
    expect(parallel.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
    expect(files().reduce((sum, f) => sum + f.size, 0)).toBeLessThanOrEqual(3 * MiB);
    for (const r of parallel.filter((p) => p.status !== 201)) {
      expect(JSON.parse(r.body)).toMatchObject({ code: 'storage_quota_exceeded' });
    }
    for (const r of parallel.filter((p) => p.status === 201)) {
      const { id } = JSON.parse(r.body) as { id: string };
      await rawRequest(s.baseUrl, 'DELETE', `/api/v1/support-videos/${id}`, { cookie, 'x-parley-csrf': '1' });
    }
    // Deleting a clip frees its room.
    const id = (JSON.parse(first.body) as { id: string }).id;
    const deleted = await rawRequest(s.baseUrl, 'DELETE', `/api/v1/support-videos/${id}`, {
      cookie,
      'x-parley-csrf': '1',
    });
    expect(deleted.status).toBe(200);
    expect((await upload(s, cookie, 2 * MiB, false)).status).toBe(201);
  });
});

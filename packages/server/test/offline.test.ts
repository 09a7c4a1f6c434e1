import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkView } from '@parley/protocol';
import type { TestServer } from './server.ts';
import { addTenant, as, CSRF, httpCode, PNG, startAdminServer, type Member, type TestTenant } from './tenants.ts';

let server: TestServer;
let a: TestTenant;
beforeAll(async () => {
  server = await startAdminServer();
  a = await addTenant(server, 'alpha');
});
afterAll(async () => {
  await server.close();
});

function upload(member: Member, url: string, body: Buffer, type: string) {
  return server.app.inject({
    method: 'PUT',
    url,
    payload: body,
    headers: { 'content-type': type, ...CSRF },
    cookies: { parley_session: member.token },
  });
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('offline notice (F-10)', () => {
  it('[T8] stores an uploaded picture on disk and serves it publicly with its type and nosniff', async () => {
    const response = await upload(a.admin, `/api/v1/admin/links/${a.link.id}/offline-image`, PNG, 'image/png');
    expect(response.statusCode).toBe(200);
    const view = response.json<LinkView>();
    expect(view.offlineImageUrl).toBe(`/api/v1/links/${a.link.key}/offline-image`);
    const status = await server.app.inject({ url: `/api/v1/links/${a.link.key}/status` });
    expect(status.json()).toMatchObject({ offline: { imageUrl: view.offlineImageUrl } });
    const image = await server.app.inject({ url: view.offlineImageUrl ?? '' });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.rawPayload.equals(PNG)).toBe(true);
    const fileName = (await server.services.directory.links.getLink(a.tenantId, a.link.id))?.offlineImage ?? '';
    expect(existsSync(join(server.config.uploadsDir, a.tenantId, fileName))).toBe(true);

    // Replacing it removes the old file; JPEG and WebP are accepted too.
    for (const [bytes, type] of [
      [JPEG, 'image/jpeg'],
      [WEBP, 'image/webp'],
    ] as const) {
      expect((await upload(a.admin, `/api/v1/admin/links/${a.link.id}/offline-image`, bytes, type)).statusCode).toBe(
        200,
      );
      const served = await server.app.inject({ url: `/api/v1/links/${a.link.key}/offline-image` });
      expect(served.headers['content-type']).toBe(type);
    }
    expect(existsSync(join(server.config.uploadsDir, a.tenantId, fileName))).toBe(false);

    const removed = await as(server, a.admin)('DELETE', `/api/v1/admin/links/${a.link.id}/offline-image`);
    expect(removed.json()).toMatchObject({ offlineImageUrl: null });
    expect(httpCode(await server.app.inject({ url: `/api/v1/links/${a.link.key}/offline-image` }))).toEqual([
      404,
      'not_found',
    ]);
    expect(httpCode(await server.app.inject({ url: '/api/v1/links/nope/offline-image' }))).toEqual([
      404,
      'link_not_found',
    ]);
  });

  it('[T8] refuses what is not a PNG, JPEG or WebP by its bytes, and pictures over 512 KiB', async () => {
    const url = `/api/v1/admin/links/${a.link.id}/offline-image`;
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect(httpCode(await upload(a.admin, url, html, 'image/png'))).toEqual([415, 'invalid_image']);
    expect(httpCode(await upload(a.admin, url, PNG, 'image/jpeg'))).toEqual([415, 'invalid_image']);
    expect(httpCode(await upload(a.admin, url, PNG, 'image/svg+xml'))).toEqual([415, 'invalid_image']);
    expect(httpCode(await upload(a.admin, url, PNG, 'text/html'))).toEqual([415, 'invalid_image']);
    const big = Buffer.concat([PNG, Buffer.alloc(512 * 1024)]);
    expect(httpCode(await upload(a.admin, url, big, 'image/png'))).toEqual([413, 'message_too_large']);
    expect((await server.services.directory.links.getLink(a.tenantId, a.link.id))?.offlineImage).toBeNull();
  });

  it('[T7] any consultant assigned to a link defines its offline text and picture; others get 404', async () => {
    const mine = (await as(server, a.consultant)('GET', '/api/v1/my/links')).json<LinkView[]>();
    expect(mine.map((l) => l.id)).toEqual([a.link.id]);
    expect((await as(server, a.outsider)('GET', '/api/v1/my/links')).json()).toEqual([]);

    const text = await as(server, a.consultant)('PATCH', `/api/v1/my/links/${a.link.id}/offline`, {
      offlineText: 'Back tomorrow at 9',
    });
    expect(text.json()).toMatchObject({ offlineText: 'Back tomorrow at 9' });
    const picture = await upload(a.consultant, `/api/v1/my/links/${a.link.id}/offline-image`, PNG, 'image/png');
    expect(picture.statusCode).toBe(200);
    expect((await as(server, a.consultant)('DELETE', `/api/v1/my/links/${a.link.id}/offline-image`)).statusCode).toBe(
      200,
    );

    expect(
      httpCode(await as(server, a.outsider)('PATCH', `/api/v1/my/links/${a.link.id}/offline`, { offlineText: 'x' })),
    ).toEqual([404, 'not_found']);
    expect(httpCode(await upload(a.outsider, `/api/v1/my/links/${a.link.id}/offline-image`, PNG, 'image/png'))).toEqual(
      [404, 'not_found'],
    );
    expect(
      httpCode(await upload(a.consultant, `/api/v1/admin/links/${a.link.id}/offline-image`, PNG, 'image/png')),
    ).toEqual([403, 'forbidden']);
    expect(
      httpCode(
        await as(server, a.consultant)('PATCH', `/api/v1/my/links/${a.link.id}/offline`, {
          offlineText: 'x'.repeat(501),
        }),
      ),
    ).toEqual([400, 'invalid_message']);
    expect((await server.services.directory.links.getLink(a.tenantId, a.link.id))?.offlineText).toBe(
      'Back tomorrow at 9',
    );
  });
});

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  MAX_OFFLINE_IMAGE_BYTES,
  OFFLINE_IMAGE_TYPES,
  ParleyError,
  type LinkView,
  type OfflineImageType,
} from '@parley/protocol';
import type { Link } from '../../../domain/tenants/directory.ts';
import { contentTypeOf, detectImageType, UploadStore } from '../../../storage/uploads.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { editableLink, requireAdmin, tenantLink, toLinkView } from './adminShared.ts';

const KeyParams = z.object({ key: z.string().min(1).max(64) });

function isImageType(value: string): value is OfflineImageType {
  return (OFFLINE_IMAGE_TYPES as readonly string[]).includes(value);
}

/** [T8] The raw body must be a PNG, JPEG or WebP by its magic bytes, matching what was declared. */
function checkedImage(request: FastifyRequest): { bytes: Buffer; type: OfflineImageType } {
  const declared = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const bytes = request.body;
  if (!isImageType(declared) || !Buffer.isBuffer(bytes)) throw new ParleyError('invalid_image');
  if (detectImageType(bytes) !== declared) throw new ParleyError('invalid_image');
  return { bytes, type: declared };
}

/**
 * The offline picture of a link (F-10): uploaded raw by an admin or an assigned consultant,
 * stored under the uploads folder, served publicly to visitors.
 */
export function registerOfflineImageRoutes(app: FastifyInstance, services: Services): void {
  const uploads = new UploadStore(services.config.uploadsDir);

  async function replace(link: Link, image: { bytes: Buffer; type: OfflineImageType } | null): Promise<LinkView> {
    const fileName = image ? UploadStore.fileName(services.runtime.ids.next(link.id), image.type) : null;
    if (image && fileName) await uploads.save(link.tenantId, fileName, image.bytes);
    await services.directory.links.updateLink(link.tenantId, link.id, { offlineImage: fileName });
    if (link.offlineImage) await uploads.remove(link.tenantId, link.offlineImage);
    return toLinkView(services, await tenantLink(services, link.tenantId, link.id));
  }

  const adminLink = async (request: FastifyRequest): Promise<Link> => {
    await requireAdmin(services, request);
    return editableLink(services, request);
  };
  const myLink = (request: FastifyRequest): Promise<Link> => editableLink(services, request);

  // Raw bodies only in this scope: the rest of the API stays JSON-only.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_OFFLINE_IMAGE_BYTES }, (_req, body, done) => {
      done(null, body);
    });
    const limits = { bodyLimit: MAX_OFFLINE_IMAGE_BYTES };
    for (const [prefix, find] of [
      ['/api/v1/admin/links', adminLink],
      ['/api/v1/my/links', myLink],
    ] as const) {
      scope.put(`${prefix}/:id/offline-image`, limits, async (request) => {
        const link = await find(request);
        return replace(link, checkedImage(request));
      });
      scope.delete(`${prefix}/:id/offline-image`, async (request) => replace(await find(request), null));
    }
    done();
  });

  app.get('/api/v1/links/:key/offline-image', async (request, reply: FastifyReply) => {
    const { key } = parse(KeyParams, request.params);
    const link = await services.directory.links.findLinkByKey(key);
    if (!link) throw new ParleyError('link_not_found');
    const type = link.offlineImage ? contentTypeOf(link.offlineImage) : null;
    const bytes = link.offlineImage && type ? await uploads.read(link.tenantId, link.offlineImage) : undefined;
    if (!bytes || !type) throw new ParleyError('not_found');
    return reply
      .header('content-type', type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'")
      .header('cache-control', 'no-cache')
      .send(bytes);
  });
}

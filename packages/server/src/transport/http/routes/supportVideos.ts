import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  MAX_SUPPORT_VIDEO_BYTES,
  ParleyError,
  SupportVideoUploadQuery,
  type SupportVideo,
  type SupportVideoList,
} from '@parley/protocol';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';

const Params = z.object({ id: z.string().min(1).max(64) });

/**
 * The upload's bytes: the request stream from the parser below (no body at all: nothing). A
 * refusal part-way stops reading without destroying the request, so the coded answer still
 * reaches the client (Node reads and drops the rest).
 */
function bodyStream(body: unknown): AsyncIterable<Uint8Array> {
  if (body instanceof Readable) return body.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
  return Readable.from([]);
}

/**
 * The support-video library (F-19), for logged-in consultants of one tenant. Clips are
 * uploaded as the raw request body with their video type as Content-Type and the name in
 * the query: `POST /api/v1/support-videos?name=Demo` ([MD7] type and size are checked).
 */
export function supportVideoRoutes(services: Services) {
  return (scope: FastifyInstance): Promise<void> => {
    // [E17] Any body type reaches the route as the request stream itself: the clip is written to
    // storage as it arrives and counted there, never held whole in memory.
    scope.addContentTypeParser('*', (_request, payload, done) => {
      done(null, payload);
    });
    scope.addHook('onRequest', (request, _reply, done) => {
      // Refused before a single byte of an oversized clip is read.
      const length = Number(request.headers['content-length'] ?? 0);
      done(length > MAX_SUPPORT_VIDEO_BYTES ? new ParleyError('file_too_large') : undefined);
    });

    scope.get('/api/v1/support-videos', async (request): Promise<SupportVideoList> => {
      const consultant = await requireConsultant(services, request);
      return { videos: await services.supportVideos.list(consultant.tenantId) };
    });

    scope.post('/api/v1/support-videos', async (request, reply): Promise<SupportVideo> => {
      const consultant = await requireConsultant(services, request);
      const { name } = parse(SupportVideoUploadQuery, request.query);
      const declared = request.headers['content-length'];
      const video = await services.supportVideos.upload(
        consultant,
        name,
        request.headers['content-type'],
        bodyStream(request.body),
        declared === undefined ? undefined : Number(declared),
      );
      void reply.status(201);
      return video;
    });

    scope.get('/api/v1/support-videos/:id/file', async (request, reply) => {
      const consultant = await requireConsultant(services, request);
      const { id } = parse(Params, request.params);
      const { video, data } = await services.supportVideos.open(consultant.tenantId, id);
      return reply.type(video.type).header('cache-control', 'private, max-age=3600').send(Buffer.from(data));
    });

    scope.delete('/api/v1/support-videos/:id', async (request) => {
      const consultant = await requireConsultant(services, request);
      const { id } = parse(Params, request.params);
      await services.supportVideos.remove(consultant.tenantId, id);
      return { ok: true };
    });
    return Promise.resolve();
  };
}

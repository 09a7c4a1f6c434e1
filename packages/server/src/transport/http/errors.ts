import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { errorCatalogue, isParleyError, ParleyError, summarizeIssues, type ErrorBody } from '@parley/protocol';

/** Validates input at the edge: the parsed value, or a coded `invalid_message` error. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ParleyError('invalid_message', summarizeIssues(result.error.issues));
  return result.data;
}

/**
 * Errors Fastify raises while routing, before any handler or the error handler runs: a malformed
 * URL, or a path parameter longer than the router accepts (no id is that long). Same coded body.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.status(status).send({ code: 'invalid_message', message: error.message });
}

/** Maps every failure to `{ code, message }` with the catalogue's status; never leaks a stack. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ParleyError | Error, request, reply) => {
    if (isParleyError(error)) {
      const body: ErrorBody = { code: error.code, message: error.message };
      return reply.status(error.status).send(body);
    }
    const fastifyError = error as FastifyError;
    if (
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return reply.status(400).send({ code: 'invalid_json', message: errorCatalogue.invalid_json.message });
    }
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ code: 'message_too_large', message: errorCatalogue.message_too_large.message });
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return reply.status(fastifyError.statusCode).send({ code: 'invalid_message', message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'internal_error', message: errorCatalogue.internal_error.message });
  });
  app.setNotFoundHandler((_request, reply) => {
    return reply.status(404).send({ code: 'not_found', message: errorCatalogue.not_found.message });
  });
}

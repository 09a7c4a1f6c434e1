import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorCatalogue, type ErrorBody } from '@parley/protocol';
import type { ParleyMetrics } from '../../../ops/metrics.ts';
import type { ReadinessProbe } from '../../../ops/readiness.ts';

/**
 * [OP1] `/readyz` for a load balancer (`/healthz`, "the process is up", is in pages.ts) and
 * [OP2] `/metrics` for Prometheus behind a bearer token. Without a token the metrics are off and
 * `/metrics` does not exist (404), so a forgotten setting never exposes them.
 */
export function registerOperationRoutes(
  app: FastifyInstance,
  readiness: ReadinessProbe,
  metrics: { metrics: ParleyMetrics; token: string } | null,
): void {
  app.get('/readyz', async (_request, reply) => {
    const report = await readiness.check();
    return reply
      .status(report.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
  if (!metrics) return;

  const expected = digest(metrics.token);
  app.get('/metrics', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Compared as digests in constant time: the answer's timing says nothing about the token.
    if (!timingSafeEqual(digest(given), expected)) {
      const body: ErrorBody = { code: 'not_authenticated', message: errorCatalogue.not_authenticated.message };
      return reply.status(401).header('www-authenticate', 'Bearer realm="parley-metrics"').send(body);
    }
    return reply
      .type(metrics.metrics.contentType)
      .header('cache-control', 'no-store')
      .send(await metrics.metrics.render());
  });

  // HTTP errors by code: every error body carries its catalogue code ({ code, message }).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode >= 400) metrics.metrics.errorSent('http', codeOf(payload));
    done(null, payload);
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function codeOf(payload: unknown): string {
  if (typeof payload !== 'string') return 'other';
  try {
    const parsed = JSON.parse(payload) as { code?: unknown };
    return typeof parsed.code === 'string' ? parsed.code : 'other';
  } catch {
    return 'other';
  }
}

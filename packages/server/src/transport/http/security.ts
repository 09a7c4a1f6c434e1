import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, ParleyError } from '@parley/protocol';
import type { Services } from '../services.ts';
import { originAllowed, ownOrigins, visitorAppAncestors } from '../guards/origins.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Parley's own origins for this request (configured public URL and the Host it came in on). */
export function requestOwnOrigins(services: Services, request: FastifyRequest): Set<string> {
  return ownOrigins(services.config.publicUrl, request.protocol, request.host);
}

/** The Content-Security-Policy of Parley's own apps: scripts and styles only from Parley itself. */
export function appCsp(publicUrl: string, ancestors: string): string {
  const ws = new URL(publicUrl);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${ws.origin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/**
 * [E8] Security headers on every response, with a CSP for the console and the visitor app; the
 * visitor app may be framed by any site, or only by its tenant's allowed sites ([E11]). [E9] CSRF: a state-changing API
 * request must carry the `x-parley-csrf` header (a cross-site form cannot set one, and a
 * cross-site script cannot without a CORS preflight Parley never grants) and, when the browser
 * names an Origin, it must be Parley's own.
 */
export function registerSecurity(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return done();
    if (request.headers[CSRF_HEADER] === undefined)
      return done(new ParleyError('csrf_failed', `missing ${CSRF_HEADER}`));
    if (!originAllowed(request.headers.origin, requestOwnOrigins(services, request), [])) {
      return done(new ParleyError('csrf_failed', 'cross-site request'));
    }
    done();
  });

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/console')) {
      void reply.header('content-security-policy', appCsp(services.config.publicUrl, "'none'"));
      void reply.header('x-frame-options', 'DENY');
    } else if (path.startsWith('/widget/app')) {
      const key = new URLSearchParams(request.url.split('?')[1] ?? '').get('link');
      const ancestors = await visitorAppAncestors(services.directory, key);
      void reply.header('content-security-policy', appCsp(services.config.publicUrl, ancestors));
    } else if (path === '/widget/loader.js') {
      // The loader is included by customers' pages on other origins.
      void reply.header('cross-origin-resource-policy', 'cross-origin');
    } else if (path.startsWith('/api/')) {
      void reply.header('cache-control', 'no-store');
    }
  });
}

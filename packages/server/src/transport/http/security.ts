import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, ParleyError, TEST_HOOKS_COOKIE } from '@parley/protocol';
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
 * [CB4] The co-browsing replay's page (framed by the console only): the replayed page keeps its
 * inline styles, but only Parley's own script runs, and nothing loads from anywhere else (images
 * and fonts only as data the recording carries), so the visitor's site never sees the consultant.
 */
export function replayCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** What a request is, for the rules below: decided on the path the router and file server act on. */
export type RequestArea = 'api' | 'console' | 'replay' | 'visitorApp' | 'loader' | 'other';

/** Decodes every `%XX` the router or the file server would decode, including `%2F`. */
function percentDecoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Not valid UTF-8 once decoded: still decode the ASCII escapes, which is all a route name holds.
    return path.replace(/%([0-7][0-9a-fA-F])/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

/**
 * [E11] The path as the server acts on it: without query or fragment, percent-decoded, with
 * empty, `.` and `..` segments resolved, in lower case. `/%61pi//v1/./x`, `/API/v1/x` and
 * `/api/v1/x` are one path here, so no spelling of a URL reaches a route under another rule.
 * (Lower case only ever widens a rule: routes are case-sensitive, so `/API/…` is not found, but
 * it is still answered as an API request.)
 */
export function normalisedPath(url: string): string {
  const end = url.search(/[?#]/);
  const decoded = percentDecoded(end === -1 ? url : url.slice(0, end));
  const segments: string[] = [];
  for (const segment of decoded.split(/[/\\]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment.toLowerCase());
  }
  return '/' + segments.join('/');
}

/** [E11] Which rules apply to a request, from its normalised path. */
export function requestArea(url: string): RequestArea {
  const [first, second, third] = normalisedPath(url).split('/').slice(1);
  if (first === 'api') return 'api';
  if (first === 'console' && second === 'replay.html' && third === undefined) return 'replay';
  if (first === 'console') return 'console';
  if (first === 'widget' && second === 'app') return 'visitorApp';
  if (first === 'widget' && (second === 'loader.js' || second === 'cobrowse.js') && third === undefined)
    return 'loader';
  return 'other';
}

/** A year: browsers remember to use https only (HSTS) once Parley is served over it. */
const HSTS = 'max-age=31536000';

/**
 * [E8] Security headers on every response, with a CSP for the console and the visitor app; the
 * visitor app may be framed by any site, or only by its tenant's allowed sites ([EM1]), and nothing
 * else by anyone.
 * [E9] CSRF: a state-changing request must carry the `x-parley-csrf` header (a cross-site form
 * cannot set one, and a cross-site script cannot without a CORS preflight Parley never grants)
 * and, when the browser names an Origin, it must be Parley's own. [E11] Both are decided on the
 * normalised path, and the CSRF check on the method alone: every state-changing route is an API
 * route, so no path (however it is spelled) needs to be recognised for the check to apply.
 * [E12] HSTS when the public URL is https.
 */
export function registerSecurity(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    if (request.headers[CSRF_HEADER] === undefined)
      return done(new ParleyError('csrf_failed', `missing ${CSRF_HEADER}`));
    if (!originAllowed(request.headers.origin, requestOwnOrigins(services, request), [])) {
      return done(new ParleyError('csrf_failed', 'cross-site request'));
    }
    done();
  });

  const https = services.config.publicUrl.startsWith('https:');
  // [E19] Only a server run for the end-to-end tests lets the apps expose their test hooks.
  const testHooksCookie = `${TEST_HOOKS_COOKIE}=1; Path=/; SameSite=Strict`;
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (https) void reply.header('strict-transport-security', HSTS);
    switch (requestArea(request.url)) {
      case 'console':
        void reply.header('content-security-policy', appCsp(services.config.publicUrl, "'none'"));
        void reply.header('x-frame-options', 'DENY');
        if (services.config.testHooks) void reply.header('set-cookie', testHooksCookie);
        return;
      case 'replay':
        void reply.header('content-security-policy', replayCsp());
        void reply.header('x-frame-options', 'SAMEORIGIN');
        return;
      case 'visitorApp': {
        const key = new URLSearchParams(request.url.split('?')[1] ?? '').get('link');
        const ancestors = await visitorAppAncestors(services.directory, key);
        void reply.header('content-security-policy', appCsp(services.config.publicUrl, ancestors));
        if (services.config.testHooks) void reply.header('set-cookie', testHooksCookie);
        return;
      }
      case 'loader':
        // The loader is included by customers' pages on other origins.
        void reply.header('cross-origin-resource-policy', 'cross-origin');
        // [CB1] …and imports the co-browsing chunk as a module, which crosses origins only with CORS.
        if (normalisedPath(request.url) === '/widget/cobrowse.js')
          void reply.header('access-control-allow-origin', '*');
        return;
      case 'api':
        void reply.header('cache-control', 'no-store');
        void reply.header('content-security-policy', "frame-ancestors 'none'");
        return;
      case 'other':
        // Fail closed: whatever is not recognised as the visitor app is never framed.
        void reply.header('content-security-policy', "frame-ancestors 'none'");
        void reply.header('x-frame-options', 'DENY');
        return;
    }
  });
}

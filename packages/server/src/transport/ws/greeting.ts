import type { FastifyRequest } from 'fastify';
import { closeCodes, ParleyError, type ErrorCode, type ServerMessage, type VisitorHello } from '@parley/protocol';
import type { LiveCommands } from '../../cluster/placement.ts';
import type { Welcome } from '../../domain/live/core.ts';
import { describeUserAgent } from '../../domain/media/userAgent.ts';
import type { Recipient } from '../../domain/ports/outbox.ts';
import type { Visitor } from '../../domain/tenants/directory.ts';
import { canonicalOrigin, originAllowed, siteAllowed } from '../guards/origins.ts';
import { SESSION_COOKIE } from '../http/cookies.ts';
import type { Services } from '../services.ts';
import { applyVisitorContext, linkSiteVisit } from './contextTeamTranscriptCommands.ts';
import type { Greeted } from './greeted.ts';
import type { PrivacyNotice } from './welcome.ts';

/** What greeting a client needs of its connection. */
export interface Greeting {
  readonly services: Services;
  /** The upgrade request: its Origin, cookies, address and browser. */
  readonly request: FastifyRequest;
  /** This page's origins as Parley itself serves them. */
  readonly own: ReadonlySet<string>;
  /** Refuses the hello with a coded error and closes with `closeCode` ([E2] says whether to retry). */
  refuse(code: ErrorCode, closeCode: number, reason: string): void;
  close(code: number, reason: string): void;
  send(message: ServerMessage): void;
  /** The tenant's live state for this socket; the socket closes if it moves to another node. */
  bind(tenantId: string): Promise<LiveCommands>;
  /** Forwards the recipient's bus messages to the socket, and shows each to `observe`. */
  subscribe(recipient: Recipient, observe?: (message: ServerMessage) => void): void;
  /** Runs `stop` when the socket closes. */
  onClose(stop: () => void): void;
  knowVisitor(visitor: Visitor): void;
  greet(greeted: Greeted): void;
  welcome(
    role: 'visitor' | 'consultant',
    self: { id: string; name: string },
    resumeToken: string | null,
    w: Welcome,
    privacy?: PrivacyNotice,
  ): void;
}

/** A console's hello: its origin, login session and account decide; the socket ends with the session. */
export async function greetConsultant(greeting: Greeting): Promise<void> {
  const { services, request } = greeting;
  // [E5] The console is served by Parley only: a page elsewhere must not ride the session cookie.
  if (!originAllowed(request.headers.origin, greeting.own, [])) {
    greeting.refuse('origin_not_allowed', closeCodes.originNotAllowed, 'origin not allowed');
    return;
  }
  const signedIn = await services.auth.authenticateSession(request.cookies[SESSION_COOKIE]);
  if (!signedIn) {
    greeting.refuse('not_authenticated', closeCodes.notAuthenticated, 'not authenticated');
    return;
  }
  const { consultant, session } = signedIn;
  // [U4] A one-time password opens nothing but the password change.
  if (consultant.mustChangePassword) {
    greeting.refuse('password_change_required', closeCodes.notAuthenticated, 'password_change_required');
    return;
  }
  const live = await greeting.bind(consultant.tenantId);
  greeting.greet({ role: 'consultant', actor: { kind: 'consultant', consultantId: consultant.id }, live });
  // [T9][U1] An ended session or a deactivated account keeps no open console: retrying cannot help, so 4401.
  const endOnSessionEnded = (message: ServerMessage): void => {
    if (message.type === 'session.ended') greeting.close(closeCodes.notAuthenticated, message.reason);
  };
  greeting.subscribe({ kind: 'consultant', consultantId: consultant.id }, endOnSessionEnded);
  // [U1] The socket lives no longer than the login session it was opened with.
  greeting.subscribe({ kind: 'session', sessionId: session.id }, endOnSessionEnded);
  const expiry = services.runtime.timers.setTimeout(
    () => {
      greeting.send({ type: 'session.ended', reason: 'session_expired' });
      greeting.close(closeCodes.notAuthenticated, 'session_expired');
    },
    Math.max(0, session.expiresAt - services.runtime.clock.now()),
  );
  greeting.onClose(() => expiry.cancel());
  await services.bus.subscribed?.();
  const welcome = await live.consultantConnected(consultant);
  greeting.welcome('consultant', { id: consultant.id, name: consultant.name }, null, welcome);
  await services.team.connected(consultant, welcome.available);
}

/** A visitor app's hello: its link and the sites it runs on decide; a resume token brings the visitor back. */
export async function greetVisitor(greeting: Greeting, hello: VisitorHello): Promise<void> {
  const { services, request, own } = greeting;
  const { directory } = services;
  const link = await directory.links.findLinkByKey(hello.linkKey);
  if (!link) throw new ParleyError('link_not_found');
  // [E5][EM1] The socket's own Origin (Parley's, from the iframe; or a customer page using the
  // SDK) and the embedding page the app reports must both be Parley or a site the tenant allows.
  const sites = await directory.tenants.getAllowedOrigins(link.tenantId);
  const embed = hello.embedOrigin === undefined ? undefined : (canonicalOrigin(hello.embedOrigin) ?? 'invalid:');
  if (!siteAllowed(request.headers.origin, own, sites) || !siteAllowed(embed, own, sites)) {
    greeting.refuse('origin_not_allowed', closeCodes.originNotAllowed, 'origin not allowed');
    return;
  }
  const resumed = hello.resumeToken ? await services.visitors.resume(hello.resumeToken, link) : undefined;
  // [E16] Each new visitor is a stored row: an address may start only so many, a returning one
  // (valid resume token) is never held up. Retrying later helps, so 4429 (the client backs off).
  if (!resumed && !services.newVisitors.take(request.ip)) {
    greeting.refuse('rate_limited', closeCodes.rateLimited, 'too many new visitors');
    return;
  }
  const { visitor, resumeToken } = resumed ?? (await services.visitors.create(link));
  greeting.knowVisitor(visitor);
  if (hello.context) await applyVisitorContext(services, visitor, hello.context);
  const live = await greeting.bind(visitor.tenantId);
  greeting.greet({ role: 'visitor', actor: { kind: 'visitor', visitorId: visitor.id }, live });
  greeting.subscribe({ kind: 'visitor', visitorId: visitor.id });
  greeting.subscribe({ kind: 'link', linkId: link.id });
  // [MD3] The browser is read from the upgrade request, not taken from what the page claims.
  const client = describeUserAgent(request.headers['user-agent']);
  // [SV8] The site visit the loader reported: the visitor's row shows this app's conversations.
  if (hello.visitId) await linkSiteVisit(services, visitor, hello.visitId);
  await services.bus.subscribed?.();
  const welcome = await live.visitorConnected(visitor, link, client);
  const privacy = await services.privacy.settings(link.tenantId);
  greeting.welcome('visitor', { id: visitor.id, name: visitor.name }, resumeToken, welcome, {
    keptDays: privacy.chatDays,
    noticeUrl: privacy.privacyUrl,
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChangePasswordBody, LoginBody, ParleyError, type ConsultantMe } from '@parley/protocol';
import { SESSION_TTL_MS, type SignedIn } from '../../../domain/auth/auth.ts';
import type { Consultant } from '../../../domain/tenants/directory.ts';
import type { Services } from '../../services.ts';
import { KNOWN_BROWSER_COOKIE, SESSION_COOKIE } from '../cookies.ts';
import { parse } from '../errors.ts';

async function toMe(services: Services, consultant: Consultant): Promise<ConsultantMe> {
  const tenant = await services.directory.tenants.getTenant(consultant.tenantId);
  if (!tenant) throw new ParleyError('not_found', 'tenant missing');
  return {
    id: consultant.id,
    name: consultant.name,
    email: consultant.email,
    role: consultant.role,
    tenant: { id: tenant.id, name: tenant.name },
    mustChangePassword: consultant.mustChangePassword,
  };
}

/** The signed-in consultant and session behind the cookie, even one that must change its password; or a coded 401. */
async function requireSignedIn(services: Services, request: FastifyRequest): Promise<SignedIn> {
  const signedIn = await services.auth.authenticateSession(request.cookies[SESSION_COOKIE]);
  if (!signedIn) throw new ParleyError('not_authenticated');
  return signedIn;
}

/**
 * The consultant behind the session cookie, or a coded 401; [U4] a 403 `password_change_required`
 * while they still hold a one-time password.
 */
export async function requireConsultant(services: Services, request: FastifyRequest): Promise<Consultant> {
  const { consultant } = await requireSignedIn(services, request);
  if (consultant.mustChangePassword) throw new ParleyError('password_change_required');
  return consultant;
}

export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  app.post('/api/v1/auth/login', async (request, reply: FastifyReply) => {
    const body = parse(LoginBody, request.body);
    // [E10][E14] Attempts are limited per address and, by a growing delay, per account; the attempt
    // is counted before the password is checked, so parallel guesses cannot outrun the count.
    const { loginThrottle } = services;
    const knownBrowser = loginThrottle.isKnownBrowser(body.email, request.cookies[KNOWN_BROWSER_COOKIE]);
    const verdict = loginThrottle.begin(request.ip, body.email, knownBrowser);
    if (!verdict.allowed) {
      void reply.header('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
      throw new ParleyError('too_many_attempts');
    }
    const { token, consultant } = await services.auth.login(body.email, body.password);
    verdict.attempt.succeeded();
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: services.config.secureCookies,
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    // After the session cookie: clients that read only the first Set-Cookie get the session.
    void reply.setCookie(KNOWN_BROWSER_COOKIE, loginThrottle.browserToken(body.email), {
      path: '/api/v1/auth/login',
      httpOnly: true,
      sameSite: 'strict',
      secure: services.config.secureCookies,
      maxAge: 365 * 24 * 3600,
    });
    return toMe(services, consultant);
  });

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const consultant = await services.auth.authenticate(request.cookies[SESSION_COOKIE]);
    if (consultant)
      await services.placement
        .bind(consultant.tenantId)
        .then(({ live }) => live.setAvailability(consultant.id, false))
        .catch(() => undefined);
    await services.auth.logout(request.cookies[SESSION_COOKIE]);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  // [U4] Answers for a one-time password too: the console learns from it that a change is due.
  app.get('/api/v1/auth/me', async (request) => toMe(services, (await requireSignedIn(services, request)).consultant));

  // [U2][U3] Change one's own password; every other session of the account ends ([U1]).
  app.post('/api/v1/auth/password', async (request, reply) => {
    const signedIn = await requireSignedIn(services, request);
    const body = parse(ChangePasswordBody, request.body);
    // [E10][E14] Guessing the current password from a stolen session counts as failed logins of
    // the account, reserved before the check like a login's.
    const verdict = services.loginThrottle.begin(request.ip, signedIn.consultant.email, false);
    if (!verdict.allowed) {
      void reply.header('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)));
      throw new ParleyError('too_many_attempts');
    }
    const changed = await services.auth
      .changePassword(signedIn, body.currentPassword, body.newPassword)
      .catch((error: unknown) => {
        // Only a wrong current password is a guess; a refused new password is not.
        if (!(error instanceof ParleyError && error.code === 'wrong_current_password')) verdict.attempt.succeeded();
        throw error;
      });
    verdict.attempt.succeeded();
    return toMe(services, changed);
  });
}

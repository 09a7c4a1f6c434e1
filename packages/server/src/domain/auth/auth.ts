import { ParleyError, type SessionEndReason } from '@parley/protocol';
import type { Runtime } from '../runtime.ts';
import type { AuthSession, Consultant, Directory } from '../tenants/directory.ts';
import { checkNewPassword } from './passwordRules.ts';
import { hashPassword, hashToken, oneTimePassword, verifyPassword } from './passwords.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

// Compared against when the e-mail is unknown, so response time does not reveal which e-mails exist.
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** [U1] Told which login sessions ended and why, so their open sockets are closed too. */
export type SessionsEnded = (sessionIds: readonly string[], reason: SessionEndReason) => void;

/** A consultant signed in, with the session that proves it. */
export interface SignedIn {
  consultant: Consultant;
  session: AuthSession;
}

/** Consultant login sessions: opaque tokens handed out as httpOnly cookies, stored hashed. */
export class AuthService {
  constructor(
    private readonly directory: Pick<Directory, 'consultants' | 'sessions'>,
    private readonly runtime: Runtime,
    private readonly sessionsEnded: SessionsEnded = () => undefined,
  ) {}

  async login(email: string, password: string): Promise<{ token: string; consultant: Consultant }> {
    const consultant = await this.directory.consultants.findConsultantByEmail(email);
    const ok = await verifyPassword(password, consultant?.passwordHash ?? DUMMY_HASH);
    // A deactivated account is refused like a wrong password: nothing about it leaks.
    if (!consultant || !ok || !consultant.active) throw new ParleyError('invalid_credentials');
    const token = this.runtime.ids.secret();
    await this.directory.sessions.createAuthSession(
      {
        id: this.runtime.ids.next('sess'),
        consultantId: consultant.id,
        expiresAt: this.runtime.clock.now() + SESSION_TTL_MS,
      },
      hashToken(token),
    );
    return { token, consultant };
  }

  /**
   * The consultant behind a session token, or undefined when missing, unknown or expired — or
   * when the consultant was deactivated since: their existing sessions stop working at once.
   */
  async authenticate(token: string | undefined): Promise<Consultant | undefined> {
    return (await this.authenticateSession(token))?.consultant;
  }

  /** Like {@link authenticate}, with the session itself (a socket is tied to it, [U1]). */
  async authenticateSession(token: string | undefined): Promise<SignedIn | undefined> {
    if (!token) return undefined;
    const session = await this.directory.sessions.findAuthSession(hashToken(token));
    if (!session || session.expiresAt <= this.runtime.clock.now()) return undefined;
    const consultant = await this.directory.consultants.getConsultant(session.consultantId);
    return consultant?.active ? { consultant, session } : undefined;
  }

  /** [U1] Ends the session and closes every socket opened with it. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const session = await this.directory.sessions.deleteAuthSession(hashToken(token));
    if (session) this.sessionsEnded([session.id], 'logged_out');
  }

  /**
   * [U2][U3] The signed-in consultant changes their own password: the current one must match and
   * the new one meet the rules. Every other session of the account ends, sockets included ([U1]);
   * the one that made the change stays signed in.
   */
  async changePassword(signedIn: SignedIn, currentPassword: string, newPassword: string): Promise<Consultant> {
    const { consultant, session } = signedIn;
    if (!(await verifyPassword(currentPassword, consultant.passwordHash))) {
      throw new ParleyError('wrong_current_password');
    }
    checkNewPassword(newPassword, consultant);
    if (newPassword.normalize('NFKC') === currentPassword.normalize('NFKC')) {
      throw new ParleyError('password_unchanged');
    }
    await this.directory.consultants.setConsultantPassword(
      consultant.tenantId,
      consultant.id,
      await hashPassword(newPassword),
    );
    await this.endSessionsOf(consultant.id, 'password_changed', session.id);
    return { ...consultant, mustChangePassword: false };
  }

  /**
   * [U5] An admin resets a consultant's password: a one-time password (to be changed at the next
   * login, [U4]) replaces it and every session of the account ends, except `keepSessionId` (the
   * admin's own, when they reset themselves).
   */
  async resetPassword(consultant: Consultant, keepSessionId?: string): Promise<string> {
    const password = oneTimePassword(this.runtime);
    const hash = await hashPassword(password);
    await this.directory.consultants.setConsultantPassword(consultant.tenantId, consultant.id, hash, true);
    await this.endSessionsOf(consultant.id, 'password_reset', keepSessionId);
    return password;
  }

  private async endSessionsOf(consultantId: string, reason: SessionEndReason, keepSessionId?: string): Promise<void> {
    const ended = await this.directory.sessions.deleteAuthSessionsOf(consultantId, keepSessionId);
    if (ended.length > 0) this.sessionsEnded(ended, reason);
  }
}

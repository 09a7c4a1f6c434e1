import { ParleyError } from '@parley/protocol';
import type { Runtime } from '../runtime.ts';
import type { Consultant, DirectoryStore } from '../tenants/directory.ts';
import { hashToken, verifyPassword } from './passwords.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

// Compared against when the e-mail is unknown, so response time does not reveal which e-mails exist.
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Consultant login sessions: opaque tokens handed out as httpOnly cookies, stored hashed. */
export class AuthService {
  constructor(
    private readonly directory: DirectoryStore,
    private readonly runtime: Runtime,
  ) {}

  async login(email: string, password: string): Promise<{ token: string; consultant: Consultant }> {
    const consultant = await this.directory.findConsultantByEmail(email);
    const ok = await verifyPassword(password, consultant?.passwordHash ?? DUMMY_HASH);
    // A deactivated account is refused like a wrong password: nothing about it leaks.
    if (!consultant || !ok || !consultant.active) throw new ParleyError('invalid_credentials');
    const token = this.runtime.ids.secret();
    await this.directory.createAuthSession(
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
    if (!token) return undefined;
    const session = await this.directory.findAuthSession(hashToken(token));
    if (!session || session.expiresAt <= this.runtime.clock.now()) return undefined;
    const consultant = await this.directory.getConsultant(session.consultantId);
    return consultant?.active ? consultant : undefined;
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.directory.deleteAuthSession(hashToken(token));
  }
}

import type { Kysely } from 'kysely';
import type { AuthSession, AuthSessionStore } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';
import { num } from '../rows.ts';

/** Consultant login sessions in SQL, stored by the hash of their token. */
export class SqlAuthSessionStore implements AuthSessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createAuthSession(session: AuthSession, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('auth_sessions')
      .values({
        token_hash: tokenHash,
        id: session.id,
        consultant_id: session.consultantId,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findAuthSession(tokenHash: string): Promise<AuthSession | undefined> {
    const row = await this.db
      .selectFrom('auth_sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && { id: row.id, consultantId: row.consultant_id, expiresAt: num(row.expires_at) };
  }

  /** Deletes the session and returns it, or undefined when it was already gone. */
  async deleteAuthSession(tokenHash: string): Promise<AuthSession | undefined> {
    const session = await this.findAuthSession(tokenHash);
    await this.db.deleteFrom('auth_sessions').where('token_hash', '=', tokenHash).execute();
    return session;
  }

  /** [U1] Ends every session of a consultant except `keepSessionId`; returns the ids it ended. */
  async deleteAuthSessionsOf(consultantId: string, keepSessionId?: string): Promise<string[]> {
    let query = this.db.deleteFrom('auth_sessions').where('consultant_id', '=', consultantId);
    if (keepSessionId !== undefined) query = query.where('id', '<>', keepSessionId);
    const rows = await query.returning('id').execute();
    return rows.map((r) => r.id);
  }
}

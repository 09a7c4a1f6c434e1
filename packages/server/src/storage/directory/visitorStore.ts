import type { Kysely } from 'kysely';
import type { Visitor, VisitorStore } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';

/** Visitors in SQL, found again by the hash of their resume token. */
export class SqlVisitorStore implements VisitorStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async createVisitor(visitor: Visitor, resumeTokenHash: string): Promise<void> {
    await this.db
      .insertInto('visitors')
      .values({
        id: visitor.id,
        tenant_id: visitor.tenantId,
        link_id: visitor.linkId,
        name: visitor.name,
        resume_token_hash: resumeTokenHash,
        created_at: this.now(),
      })
      .execute();
  }

  async findVisitorByResumeTokenHash(hash: string): Promise<Visitor | undefined> {
    const row = await this.db
      .selectFrom('visitors')
      .selectAll()
      .where('resume_token_hash', '=', hash)
      .executeTakeFirst();
    return row && { id: row.id, tenantId: row.tenant_id, linkId: row.link_id, name: row.name };
  }
}

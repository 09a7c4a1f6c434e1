import type { Runtime } from '../runtime.ts';
import { hashToken } from '../auth/passwords.ts';
import type { Directory, Link, Visitor } from '../tenants/directory.ts';

/**
 * Anonymous visitors. A visitor is identified only by a resume token the browser keeps in
 * sessionStorage, so a reload (or a brief network loss) gets the same conversation back.
 */
export class VisitorService {
  constructor(
    private readonly directory: Pick<Directory, 'visitors'>,
    private readonly runtime: Runtime,
  ) {}

  async create(link: Link): Promise<{ visitor: Visitor; resumeToken: string }> {
    const visitor: Visitor = { id: this.runtime.ids.next('vis'), tenantId: link.tenantId, linkId: link.id, name: '' };
    const resumeToken = this.runtime.ids.secret();
    await this.directory.visitors.createVisitor(visitor, hashToken(resumeToken));
    return { visitor, resumeToken };
  }

  /** [P4] A token resumes only on the link it was issued for; anything else starts afresh. */
  async resume(resumeToken: string, link: Link): Promise<{ visitor: Visitor; resumeToken: string } | undefined> {
    const visitor = await this.directory.visitors.findVisitorByResumeTokenHash(hashToken(resumeToken));
    if (!visitor || visitor.linkId !== link.id) return undefined;
    return { visitor, resumeToken };
  }
}

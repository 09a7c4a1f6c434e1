import type { Kysely, Selectable } from 'kysely';
import { LinkTheme } from '@parley/protocol';
import type { Link, LinkAcceptance, LinkMode, LinkPatch, LinkStore } from '../../domain/tenants/directory.ts';
import type { Database } from '../schema.ts';
import { numOrNull } from '../rows.ts';

function toLink(row: Selectable<Database['links']>): Link {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    mode: row.mode as LinkMode,
    acceptance: row.acceptance as LinkAcceptance,
    departmentId: row.department_id,
    maxWaitMs: numOrNull(row.max_wait_ms),
    offlineText: row.offline_text,
    offlineImage: row.offline_image,
    theme: themeOf(row.theme),
  };
}

/** [EA9] The stored theme, checked again on the way out: a row edited by hand cannot reach a page. */
function themeOf(text: string | null): LinkTheme | null {
  if (text === null) return null;
  try {
    const parsed = LinkTheme.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Help links and their consultants in SQL. */
export class SqlLinkStore implements LinkStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async createLink(link: Link): Promise<void> {
    await this.db
      .insertInto('links')
      .values({
        id: link.id,
        tenant_id: link.tenantId,
        key: link.key,
        name: link.name,
        mode: link.mode,
        acceptance: link.acceptance,
        created_at: this.now(),
        department_id: link.departmentId,
        max_wait_ms: link.maxWaitMs,
        offline_text: link.offlineText,
        offline_image: link.offlineImage,
        theme: link.theme && JSON.stringify(link.theme),
      })
      .execute();
  }

  async getLink(tenantId: string, id: string): Promise<Link | undefined> {
    const row = await this.db
      .selectFrom('links')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toLink(row);
  }

  async findLinkByKey(key: string): Promise<Link | undefined> {
    const row = await this.db.selectFrom('links').selectAll().where('key', '=', key).executeTakeFirst();
    return row && toLink(row);
  }

  async listLinks(tenantId: string): Promise<Link[]> {
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .execute();
    return rows.map(toLink);
  }

  async updateLink(tenantId: string, id: string, patch: LinkPatch): Promise<boolean> {
    const values = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.mode !== undefined && { mode: patch.mode }),
      ...(patch.acceptance !== undefined && { acceptance: patch.acceptance }),
      ...(patch.departmentId !== undefined && { department_id: patch.departmentId }),
      ...(patch.maxWaitMs !== undefined && { max_wait_ms: patch.maxWaitMs }),
      ...(patch.offlineText !== undefined && { offline_text: patch.offlineText }),
      ...(patch.offlineImage !== undefined && { offline_image: patch.offlineImage }),
      ...(patch.theme !== undefined && { theme: patch.theme && JSON.stringify(patch.theme) }),
    };
    if (Object.keys(values).length === 0) return (await this.getLink(tenantId, id)) !== undefined;
    const result = await this.db
      .updateTable('links')
      .set(values)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async assignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void> {
    await this.db
      .insertInto('link_consultants')
      .values({ tenant_id: tenantId, link_id: linkId, consultant_id: consultantId })
      .onConflict((oc) => oc.columns(['link_id', 'consultant_id']).doNothing())
      .execute();
  }

  async unassignConsultant(tenantId: string, linkId: string, consultantId: string): Promise<void> {
    await this.db
      .deleteFrom('link_consultants')
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .where('consultant_id', '=', consultantId)
      .execute();
  }

  async linkIdsOfConsultant(tenantId: string, consultantId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('link_consultants')
      .select('link_id')
      .where('tenant_id', '=', tenantId)
      .where('consultant_id', '=', consultantId)
      .execute();
    return rows.map((r) => r.link_id);
  }

  async consultantIdsOfLink(tenantId: string, linkId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('link_consultants')
      .select('consultant_id')
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .execute();
    return rows.map((r) => r.consultant_id);
  }
}

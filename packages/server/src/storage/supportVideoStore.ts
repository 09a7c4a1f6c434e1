import type { Kysely, Selectable } from 'kysely';
import type { SupportVideoType } from '@parley/protocol';
import type { SupportVideoRecord, SupportVideoStore } from '../domain/media/supportVideos.ts';
import type { Database } from './schema.ts';
import { num } from './rows.ts';

function toRecord(row: Selectable<Database['support_videos']>): SupportVideoRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    type: row.type as SupportVideoType,
    size: num(row.size),
    createdBy: row.created_by,
    createdAt: num(row.created_at),
  };
}

/** The support-video library's metadata in SQL (F-19); the bytes live in a BlobStore. */
export class SqlSupportVideoStore implements SupportVideoStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addSupportVideo(r: SupportVideoRecord): Promise<void> {
    await this.db
      .insertInto('support_videos')
      .values({
        id: r.id,
        tenant_id: r.tenantId,
        name: r.name,
        type: r.type,
        size: r.size,
        created_by: r.createdBy,
        created_at: r.createdAt,
      })
      .execute();
  }

  async listSupportVideos(tenantId: string): Promise<SupportVideoRecord[]> {
    const rows = await this.db
      .selectFrom('support_videos')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async getSupportVideo(tenantId: string, id: string): Promise<SupportVideoRecord | undefined> {
    const row = await this.db
      .selectFrom('support_videos')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async deleteSupportVideo(tenantId: string, id: string): Promise<void> {
    await this.db.deleteFrom('support_videos').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
}

import type { Kysely } from 'kysely';
import type { MediaRoomRecord, MediaRoomRecords } from '../domain/media/mediaRooms.ts';
import type { Database } from './schema.ts';
import { num } from './rows.ts';

/** [PL26] The `media_rooms` table as the media rooms' {@link MediaRoomRecords}. */
export class SqlMediaRoomRecords implements MediaRoomRecords {
  constructor(private readonly db: Kysely<Database>) {}

  async record(room: MediaRoomRecord): Promise<void> {
    const row = { room_id: room.roomId, tenant_id: room.tenantId, sfu: room.sfu, created_at: room.createdAt };
    // A room made again (after a restart, on another node) is where it was made last.
    await this.db
      .insertInto('media_rooms')
      .values(row)
      .onConflict((oc) =>
        oc.column('room_id').doUpdateSet({ tenant_id: row.tenant_id, sfu: row.sfu, created_at: row.created_at }),
      )
      .execute();
  }

  async forget(roomId: string): Promise<void> {
    await this.db.deleteFrom('media_rooms').where('room_id', '=', roomId).execute();
  }

  async list(tenantId?: string): Promise<MediaRoomRecord[]> {
    let query = this.db.selectFrom('media_rooms').selectAll();
    if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    const rows = await query.orderBy('created_at').execute();
    return rows.map((r) => ({ roomId: r.room_id, tenantId: r.tenant_id, sfu: r.sfu, createdAt: num(r.created_at) }));
  }
}

import type { Kysely, Migration } from 'kysely';

/**
 * [PL26] Each open SFU room with the media server it lives on (issue 18, media across nodes). The
 * node running a tenant writes the row when it creates a broadcast or conference room and deletes
 * it when it destroys the room, so whichever node runs the tenant next finds the room on the right
 * Janus ([PL27]), also after the node that made it died.
 */
export const mediaRooms: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('media_rooms')
      .addColumn('room_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      // The SFU's address as the nodes reach it (the Janus WebSocket API's URL).
      .addColumn('sfu', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('media_rooms_tenant').on('media_rooms').column('tenant_id').execute();
  },
};

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { SqlMediaRoomRecords } from './mediaRoomStore.ts';

/** [PL26] Each open SFU room with the media server it lives on, on SQLite and PostgreSQL alike. */
export function mediaRoomsContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (media rooms): ${name}`, () => {
    let database: OpenDatabase;
    let records: SqlMediaRoomRecords;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_m${run}`;
    // Beyond 32 bits, as every stored time.
    const at = 1_800_000_000_000;

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      records = new SqlMediaRoomRecords(database.db);
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    it('[PL26] records a room with its SFU, lists them by tenant, moves and forgets them', async () => {
      const t1 = id('t1');
      await records.record({ roomId: id('b-l1'), tenantId: t1, sfu: 'ws://janus-a:8188', createdAt: at });
      await records.record({ roomId: id('c-x'), tenantId: t1, sfu: 'ws://janus-a:8188', createdAt: at + 1 });
      await records.record({ roomId: id('b-l2'), tenantId: id('t2'), sfu: 'ws://janus-b:8188', createdAt: at + 2 });
      expect(await records.list(t1)).toEqual([
        { roomId: id('b-l1'), tenantId: t1, sfu: 'ws://janus-a:8188', createdAt: at },
        { roomId: id('c-x'), tenantId: t1, sfu: 'ws://janus-a:8188', createdAt: at + 1 },
      ]);
      // Made again on another media server: the record follows.
      await records.record({ roomId: id('b-l1'), tenantId: t1, sfu: 'ws://janus-b:8188', createdAt: at + 3 });
      expect((await records.list(t1)).map((r) => [r.roomId, r.sfu])).toEqual([
        [id('c-x'), 'ws://janus-a:8188'],
        [id('b-l1'), 'ws://janus-b:8188'],
      ]);
      await records.forget(id('c-x'));
      await records.forget(id('not-there'));
      expect((await records.list(t1)).map((r) => r.roomId)).toEqual([id('b-l1')]);
      expect((await records.list()).map((r) => r.roomId)).toEqual(expect.arrayContaining([id('b-l1'), id('b-l2')]));
    });
  });
}

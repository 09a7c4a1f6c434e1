import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { SqlMediaRoomRecords } from './mediaRoomStore.ts';
import { SqlConversationStore } from './conversationStore.ts';

/**
 * [PL26] Each open SFU room with the media server it lives on, and the live media kept with the live
 * state ([PL38], [PL39], [PL43]), on SQLite and PostgreSQL alike.
 */
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

    it('[PL38] keeps broadcasts on air, one presenter per link; off air forgets; a late owner is refused', async () => {
      const store = new SqlConversationStore(database.db, () => at);
      const mine = async () =>
        (await store.listBroadcasts()).filter((b) => b.tenantId === id('t1') || b.tenantId === id('t2'));
      await store.saveBroadcast(id('t1'), id('l1'), id('c1'));
      await store.saveBroadcast(id('t2'), id('l2'), id('c2'));
      // Another presenter on the same link replaces the first (one broadcast per link, [B1]).
      await store.saveBroadcast(id('t1'), id('l1'), id('c3'));
      expect(await mine()).toEqual(
        expect.arrayContaining([
          { tenantId: id('t1'), linkId: id('l1'), presenterId: id('c3') },
          { tenantId: id('t2'), linkId: id('l2'), presenterId: id('c2') },
        ]),
      );
      expect(await mine()).toHaveLength(2);
      await store.saveBroadcast(id('t2'), id('l2'), null);
      await store.saveBroadcast(id('t2'), id('never-on-air'), null);
      expect((await mine()).map((b) => b.linkId)).toEqual([id('l1')]);

      // [PL3] Written under a lease: a node whose token was overtaken changes nothing.
      const owner = store.fenced(id('t1'), 20);
      const late = store.fenced(id('t1'), 19);
      await owner.saveBroadcast(id('t1'), id('l1'), null);
      await expect(late.saveBroadcast(id('t1'), id('l1'), id('c9'))).rejects.toMatchObject({ code: 'lease_lost' });
      expect(await mine()).toEqual([]);
    });

    it('[PL39] keeps conversations on the SFU with their colleagues in joined order; null forgets; fenced', async () => {
      const store = new SqlConversationStore(database.db, () => at);
      const mine = async () => (await store.listConferences()).filter((c) => c.tenantId === id('t1'));
      await store.saveConference(id('t1'), id('conv'), [id('c2')]);
      await store.saveConference(id('t1'), id('conv'), [id('c2'), id('c3')]);
      expect(await mine()).toEqual([{ tenantId: id('t1'), conversationId: id('conv'), members: [id('c2'), id('c3')] }]);
      const owner = store.fenced(id('t1'), 30);
      await owner.saveConference(id('t1'), id('conv'), null);
      await expect(store.fenced(id('t1'), 29).saveConference(id('t1'), id('conv'), [])).rejects.toMatchObject({
        code: 'lease_lost',
      });
      expect(await mine()).toEqual([]);
    });

    it('[PL43] keeps calls in phone mode with their sides and PINs, by tenant; null forgets; fenced', async () => {
      const store = new SqlConversationStore(database.db, () => at);
      const call = {
        tenantId: id('t1'),
        conversationId: id('phone'),
        visitorId: id('v'),
        consultantId: id('c1'),
        members: [] as string[],
        pins: { consultant: '01234567', visitor: '76543210' },
      };
      await store.savePhoneCall(id('t1'), id('phone'), call);
      const joined = { ...call, members: [id('c2')], pins: { ...call.pins, [`member:${id('c2')}`]: '00000001' } };
      await store.savePhoneCall(id('t1'), id('phone'), joined);
      expect(await store.listPhoneCalls(id('t1'))).toEqual([joined]);
      expect(await store.listPhoneCalls(id('t2'))).toEqual([]);
      await store.fenced(id('t1'), 40).savePhoneCall(id('t1'), id('phone'), null);
      await expect(store.fenced(id('t1'), 39).savePhoneCall(id('t1'), id('phone'), call)).rejects.toMatchObject({
        code: 'lease_lost',
      });
      expect(await store.listPhoneCalls(id('t1'))).toEqual([]);
    });
  });
}

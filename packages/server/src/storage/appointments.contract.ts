import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../domain/appointments/appointments.ts';
import { consultantDefaults, linkDefaults } from '../domain/tenants/directory.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { sqlStores, type SqlStores } from './stores.ts';

/** [AP1]–[AP4] Appointments (migration 0012), run against SQLite and PostgreSQL alike. */
export function appointmentsContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (appointments): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_a${run}`;
    const now = 1_700_000_000_000;
    const appointment = (over: Partial<Appointment>): Appointment => ({
      id: id('apt1'),
      tenantId: id('t1'),
      consultantId: id('c1'),
      linkId: id('l1'),
      startsAt: now + 3_600_000,
      durationMinutes: 30,
      guestName: 'Gus',
      guestEmail: 'gus@guest.test',
      guestPhone: null,
      locale: 'pl',
      status: 'scheduled',
      sequence: 0,
      codeHash: id('hash1'),
      createdAt: now,
      updatedAt: now,
      ...over,
    });

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => now);
      for (const t of ['t1', 't2']) await store.tenants.createTenant({ id: id(t), name: t, slug: id(t) });
      for (const c of ['c1', 'c2'])
        await store.consultants.createConsultant({
          id: id(c),
          tenantId: id('t1'),
          email: `${c}.${run}@apt.test`,
          name: c,
          role: 'consultant',
          passwordHash: 'h',
          ...consultantDefaults,
        });
      await store.links.createLink({ id: id('l1'), tenantId: id('t1'), key: id('k'), name: 'L', ...linkDefaults });
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    it('[AP1][AP2] keeps an appointment with its code digest, found by tenant and id or by digest alone', async () => {
      await store.appointments.createAppointment(appointment({}));
      expect(await store.appointments.getAppointment(id('t1'), id('apt1'))).toEqual(appointment({}));
      expect(await store.appointments.getAppointment(id('t2'), id('apt1'))).toBeUndefined();
      expect((await store.appointments.findAppointmentByCodeHash(id('hash1')))?.id).toBe(id('apt1'));
      expect(await store.appointments.findAppointmentByCodeHash(id('nope'))).toBeUndefined();
      // Two appointments never share a digest.
      await expect(store.appointments.createAppointment(appointment({ id: id('dup') }))).rejects.toThrow();
    });

    it('[AP1] lists upcoming ones soonest first, per consultant or for the tenant, without cancelled or ended ones', async () => {
      await store.appointments.createAppointment(
        appointment({ id: id('apt2'), consultantId: id('c2'), startsAt: now + 60_000, codeHash: id('hash2') }),
      );
      await store.appointments.createAppointment(
        appointment({ id: id('past'), startsAt: now - 3_600_000, codeHash: id('hash3') }),
      );
      await store.appointments.createAppointment(
        appointment({ id: id('gone'), status: 'cancelled', codeHash: id('hash4') }),
      );
      const all = await store.appointments.listAppointments(id('t1'), { endingAfter: now });
      expect(all.map((a) => a.id)).toEqual([id('apt2'), id('apt1')]);
      const mine = await store.appointments.listAppointments(id('t1'), { consultantId: id('c1'), endingAfter: now });
      expect(mine.map((a) => a.id)).toEqual([id('apt1')]);
      // Still listed while it runs: it ends after now.
      const running = await store.appointments.listAppointments(id('t1'), { endingAfter: now + 3_600_000 + 60_000 });
      expect(running.map((a) => a.id)).toEqual([id('apt1')]);
      expect(await store.appointments.listAppointments(id('t2'), { endingAfter: now })).toEqual([]);
    });

    it('[AP6] a reschedule changes time, code digest and sequence; only within the tenant', async () => {
      const patch = { startsAt: now + 7_200_000, sequence: 1, codeHash: id('hash5'), updatedAt: now + 1 };
      expect(await store.appointments.updateAppointment(id('t2'), id('apt1'), patch)).toBe(false);
      expect(await store.appointments.updateAppointment(id('t1'), id('apt1'), patch)).toBe(true);
      expect(await store.appointments.getAppointment(id('t1'), id('apt1'))).toEqual(appointment(patch));
      expect(await store.appointments.findAppointmentByCodeHash(id('hash1'))).toBeUndefined();
      const later = await store.appointments.listAppointments(id('t1'), { endingAfter: now + 3_600_000 + 60_000 });
      expect(later.map((a) => a.id)).toEqual([id('apt1')]);
    });

    it('[AP4] a code is claimed once: the second claim fails, a release makes it usable again', async () => {
      expect(await store.appointments.claimAppointment(id('apt2'), now + 5)).toBe(true);
      expect(await store.appointments.claimAppointment(id('apt2'), now + 6)).toBe(false);
      expect((await store.appointments.getAppointment(id('t1'), id('apt2')))?.status).toBe('used');
      await store.appointments.releaseAppointment(id('apt2'), now + 7);
      expect(await store.appointments.getAppointment(id('t1'), id('apt2'))).toMatchObject({
        status: 'scheduled',
        updatedAt: now + 7,
      });
      // A cancelled one cannot be claimed.
      expect(await store.appointments.claimAppointment(id('gone'), now + 8)).toBe(false);
    });
  });
}

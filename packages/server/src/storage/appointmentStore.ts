import type { Kysely, Selectable } from 'kysely';
import type { SupportedLocale } from '@parley/i18n/core';
import type { AppointmentStatus } from '@parley/protocol';
import type { Appointment, AppointmentPatch, AppointmentStore } from '../domain/appointments/appointments.ts';
import type { Database } from './schema.ts';
import { num } from './rows.ts';

type Row = Selectable<Database['appointments']>;

function toAppointment(row: Row): Appointment {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    consultantId: row.consultant_id,
    linkId: row.link_id,
    startsAt: num(row.starts_at),
    durationMinutes: num(row.duration_minutes),
    guestName: row.guest_name,
    guestEmail: row.guest_email,
    guestPhone: row.guest_phone,
    locale: row.locale as SupportedLocale,
    status: row.status as AppointmentStatus,
    sequence: num(row.sequence),
    codeHash: row.code_hash,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** [AP1]–[AP4] Appointments in SQL (migration 0012). */
export class SqlAppointmentStore implements AppointmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createAppointment(a: Appointment): Promise<void> {
    await this.db
      .insertInto('appointments')
      .values({
        id: a.id,
        tenant_id: a.tenantId,
        consultant_id: a.consultantId,
        link_id: a.linkId,
        starts_at: a.startsAt,
        duration_minutes: a.durationMinutes,
        ends_at: a.startsAt + a.durationMinutes * 60_000,
        guest_name: a.guestName,
        guest_email: a.guestEmail,
        guest_phone: a.guestPhone,
        locale: a.locale,
        status: a.status,
        sequence: a.sequence,
        code_hash: a.codeHash,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })
      .execute();
  }

  async getAppointment(tenantId: string, id: string): Promise<Appointment | undefined> {
    const row = await this.db
      .selectFrom('appointments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toAppointment(row);
  }

  async findAppointmentByCodeHash(codeHash: string): Promise<Appointment | undefined> {
    const row = await this.db
      .selectFrom('appointments')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return row && toAppointment(row);
  }

  async listAppointments(
    tenantId: string,
    filter: { consultantId?: string; endingAfter: number },
  ): Promise<Appointment[]> {
    let query = this.db
      .selectFrom('appointments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ends_at', '>', filter.endingAfter)
      .where('status', '!=', 'cancelled');
    if (filter.consultantId !== undefined) query = query.where('consultant_id', '=', filter.consultantId);
    const rows = await query.orderBy('starts_at').orderBy('id').limit(500).execute();
    return rows.map(toAppointment);
  }

  async updateAppointment(tenantId: string, id: string, patch: AppointmentPatch): Promise<boolean> {
    const current = await this.getAppointment(tenantId, id);
    if (!current) return false;
    const next = { ...current, ...patch };
    const result = await this.db
      .updateTable('appointments')
      .set({
        link_id: next.linkId,
        starts_at: next.startsAt,
        duration_minutes: next.durationMinutes,
        ends_at: next.startsAt + next.durationMinutes * 60_000,
        guest_name: next.guestName,
        guest_email: next.guestEmail,
        guest_phone: next.guestPhone,
        locale: next.locale,
        status: next.status,
        sequence: next.sequence,
        code_hash: next.codeHash,
        updated_at: next.updatedAt,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async claimAppointment(id: string, at: number): Promise<boolean> {
    // One conditional UPDATE: of two guests entering the same code at once, exactly one wins.
    const result = await this.db
      .updateTable('appointments')
      .set({ status: 'used', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async releaseAppointment(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('appointments')
      .set({ status: 'scheduled', updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'used')
      .execute();
  }
}

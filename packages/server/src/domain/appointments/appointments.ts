import {
  ParleyError,
  formatSessionCode,
  type AppointmentFields,
  type AppointmentStatus,
  type AppointmentView,
  type IssuedAppointment,
} from '@parley/protocol';
import type { SupportedLocale } from '@parley/i18n/core';
import type { Translate } from '@parley/i18n';
import type { Runtime } from '../runtime.ts';
import type { Consultant, Directory, Link } from '../tenants/directory.ts';
import { routableLinkIds } from '../routing/eligibility.ts';
import type { Mail, Mailer } from '../transcript/transcript.ts';
import type { CodeAttempts } from './codeAttempts.ts';
import { invitationMail } from './invitation.ts';
import {
  codeRefusal,
  hashSessionCode,
  isWellFormedSessionCode,
  newSessionCode,
  systemRandom,
  validityWindow,
  type RandomBytes,
} from './sessionCodes.ts';

/** [AP1] A planned session with a guest. Only the code's digest is kept ([AP2]). */
export interface Appointment {
  id: string;
  tenantId: string;
  consultantId: string;
  linkId: string;
  startsAt: number;
  durationMinutes: number;
  guestName: string;
  guestEmail: string | null;
  guestPhone: string | null;
  locale: SupportedLocale;
  status: AppointmentStatus;
  /** [AP6] Raised by every change the guest is told of (the calendar entry's SEQUENCE). */
  sequence: number;
  codeHash: string;
  createdAt: number;
  updatedAt: number;
}

export type AppointmentPatch = Partial<
  Pick<
    Appointment,
    | 'linkId'
    | 'startsAt'
    | 'durationMinutes'
    | 'guestName'
    | 'guestEmail'
    | 'guestPhone'
    | 'locale'
    | 'status'
    | 'sequence'
    | 'codeHash'
    | 'updatedAt'
  >
>;

/** Where appointments are kept (storage/appointmentStore.ts). */
export interface AppointmentStore {
  createAppointment(appointment: Appointment): Promise<void>;
  getAppointment(tenantId: string, id: string): Promise<Appointment | undefined>;
  /** Across tenants: the code alone names its appointment. */
  findAppointmentByCodeHash(codeHash: string): Promise<Appointment | undefined>;
  /** Not cancelled, ending after `endingAfter`, soonest first; one consultant's or all. */
  listAppointments(tenantId: string, filter: { consultantId?: string; endingAfter: number }): Promise<Appointment[]>;
  updateAppointment(tenantId: string, id: string, patch: AppointmentPatch): Promise<boolean>;
  /** [AP4] scheduled → used, atomically: false when it was not scheduled any more. */
  claimAppointment(id: string, at: number): Promise<boolean>;
  /** used → scheduled again, when the session could not be opened after all. */
  releaseAppointment(id: string, at: number): Promise<void>;
}

export interface AppointmentDeps {
  store: AppointmentStore;
  directory: Pick<Directory, 'consultants' | 'links' | 'tenants'>;
  mailer: Mailer | null;
  runtime: Runtime;
  attempts: CodeAttempts;
  publicUrl: string;
  translate: (locale: SupportedLocale) => Translate;
  random?: RandomBytes;
  /** Told when mail could not be sent (the plan itself stands). */
  onMailError?: (error: unknown) => void;
}

/** The personal link a guest opens: the plain `/s` page with the code filled in ([AP8]). */
export function personalLink(publicUrl: string, code: string): string {
  return `${publicUrl}/s/${formatSessionCode(code)}`;
}

/**
 * [AP1]–[AP6] Appointments: planning, rescheduling and cancelling (with the guest's invitation
 * and its updates by e-mail) and the session codes guests enter.
 */
export class AppointmentService {
  constructor(private readonly deps: AppointmentDeps) {}

  /** [AP1] Plans a session for oneself, or (admin) for a colleague; the code is shown once. */
  async plan(actor: Consultant, input: AppointmentFields): Promise<IssuedAppointment> {
    const { consultant, link } = await this.checkInput(actor, input);
    const now = this.deps.runtime.clock.now();
    const code = await this.freshCode();
    const appointment: Appointment = {
      id: this.deps.runtime.ids.next('apt'),
      tenantId: actor.tenantId,
      consultantId: consultant.id,
      linkId: link.id,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      guestName: input.guestName,
      guestEmail: input.guestEmail,
      guestPhone: input.guestPhone,
      locale: input.locale,
      status: 'scheduled',
      sequence: 0,
      codeHash: hashSessionCode(code),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.createAppointment(appointment);
    const mailed = await this.mail(appointment, consultant, code);
    return {
      appointment: this.view(appointment, consultant.name),
      code,
      link: personalLink(this.deps.publicUrl, code),
      mailed,
    };
  }

  /**
   * [AP6] Rescheduling issues a new code (the old one stops working: only digests are kept, so
   * the update can only carry a new one) and sends the guest the updated calendar entry.
   */
  async reschedule(actor: Consultant, id: string, input: AppointmentFields): Promise<IssuedAppointment> {
    const existing = await this.mine(actor, id);
    if (existing.status !== 'scheduled')
      throw new ParleyError('illegal_transition', 'only a scheduled session changes');
    const { consultant, link } = await this.checkInput(actor, { ...input, consultantId: existing.consultantId });
    const code = await this.freshCode();
    const updated: Appointment = {
      ...existing,
      linkId: link.id,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      guestName: input.guestName,
      guestEmail: input.guestEmail,
      guestPhone: input.guestPhone,
      locale: input.locale,
      sequence: existing.sequence + 1,
      codeHash: hashSessionCode(code),
      updatedAt: this.deps.runtime.clock.now(),
    };
    const { id: _id, tenantId: _tenant, consultantId: _c, createdAt: _at, ...patch } = updated;
    await this.deps.store.updateAppointment(actor.tenantId, id, patch);
    const mailed = await this.mail(updated, consultant, code);
    return {
      appointment: this.view(updated, consultant.name),
      code,
      link: personalLink(this.deps.publicUrl, code),
      mailed,
    };
  }

  /** [AP6] Cancelling stops the code and sends the guest a calendar cancellation. */
  async cancel(actor: Consultant, id: string): Promise<{ mailed: boolean }> {
    const existing = await this.mine(actor, id);
    if (existing.status === 'cancelled') return { mailed: false };
    const cancelled: Appointment = {
      ...existing,
      status: 'cancelled',
      sequence: existing.sequence + 1,
      updatedAt: this.deps.runtime.clock.now(),
    };
    await this.deps.store.updateAppointment(actor.tenantId, id, {
      status: 'cancelled',
      sequence: cancelled.sequence,
      updatedAt: cancelled.updatedAt,
    });
    const consultant = await this.deps.directory.consultants.getConsultant(existing.consultantId);
    return { mailed: await this.mail(cancelled, consultant ?? actor, null) };
  }

  /** [AP1] Upcoming sessions: a consultant's own; an admin sees the whole tenant's. */
  async upcoming(actor: Consultant): Promise<AppointmentView[]> {
    const list = await this.deps.store.listAppointments(actor.tenantId, {
      ...(actor.role === 'admin' ? {} : { consultantId: actor.id }),
      endingAfter: this.deps.runtime.clock.now(),
    });
    const names = new Map(
      (await this.deps.directory.consultants.listConsultants(actor.tenantId)).map((c) => [c.id, c.name]),
    );
    return list.map((a) => this.view(a, names.get(a.consultantId) ?? ''));
  }

  /**
   * [AP4][AP5] Finds the appointment a typed code opens, now. Wrong, expired and used-up codes are
   * refused with their own code and counted against the address; an address out of attempts is
   * refused before the lookup.
   */
  async check(code: string, address: string): Promise<{ appointment: Appointment; link: Link }> {
    const { attempts } = this.deps;
    attempts.admit(address);
    const failed = (error: ParleyError): never => {
      attempts.fail(address);
      throw error;
    };
    if (!isWellFormedSessionCode(code)) return failed(new ParleyError('session_code_invalid'));
    const appointment = await this.deps.store.findAppointmentByCodeHash(hashSessionCode(code));
    if (!appointment) return failed(new ParleyError('session_code_invalid'));
    const refusal = codeRefusal(appointment, this.deps.runtime.clock.now());
    if (refusal) return failed(refusal);
    const link = await this.deps.directory.links.getLink(appointment.tenantId, appointment.linkId);
    if (!link) return failed(new ParleyError('session_code_invalid'));
    return { appointment, link };
  }

  /** [AP5] A code refused for a reason found outside (another tenant's) counts as a wrong one. */
  countFailure(address: string): void {
    this.deps.attempts.fail(address);
  }

  /** [AP4] Uses the code up: only one guest enters with it (a second gets `session_code_used`). */
  async redeem(code: string, address: string): Promise<Appointment> {
    const { appointment } = await this.check(code, address);
    if (!(await this.deps.store.claimAppointment(appointment.id, this.deps.runtime.clock.now()))) {
      this.deps.attempts.fail(address);
      throw new ParleyError('session_code_used');
    }
    return { ...appointment, status: 'used' };
  }

  /** The session could not be opened after all (e.g. the guest already waits elsewhere). */
  release(appointment: Appointment): Promise<void> {
    return this.deps.store.releaseAppointment(appointment.id, this.deps.runtime.clock.now());
  }

  private async checkInput(
    actor: Consultant,
    input: Pick<AppointmentFields, 'linkId' | 'consultantId'>,
  ): Promise<{ consultant: Consultant; link: Link }> {
    const consultantId = input.consultantId ?? actor.id;
    if (consultantId !== actor.id && actor.role !== 'admin')
      throw new ParleyError('forbidden', 'plan your own sessions');
    const consultant =
      consultantId === actor.id ? actor : await this.deps.directory.consultants.getConsultant(consultantId);
    if (consultant?.tenantId !== actor.tenantId || !consultant.active) throw new ParleyError('not_found');
    const links = await this.deps.directory.links.listLinks(actor.tenantId);
    const link = links.find((l) => l.id === input.linkId);
    if (!link) throw new ParleyError('link_not_found');
    // The request will wait for this consultant on this link: they must serve it, and it must queue.
    const assigned = await this.deps.directory.links.linkIdsOfConsultant(actor.tenantId, consultant.id);
    if (link.mode === 'broadcast' || !routableLinkIds(consultant, links, assigned).includes(link.id)) {
      throw new ParleyError('wrong_link_mode', 'the consultant does not take calls on this link');
    }
    return { consultant, link };
  }

  private async mine(actor: Consultant, id: string): Promise<Appointment> {
    const appointment = await this.deps.store.getAppointment(actor.tenantId, id);
    if (!appointment || (appointment.consultantId !== actor.id && actor.role !== 'admin')) {
      throw new ParleyError('appointment_not_found');
    }
    return appointment;
  }

  /** A code no live appointment has (a collision is astronomically rare, but cheap to rule out). */
  private async freshCode(): Promise<string> {
    for (;;) {
      const code = newSessionCode(this.deps.random ?? systemRandom);
      if (!(await this.deps.store.findAppointmentByCodeHash(hashSessionCode(code)))) return code;
    }
  }

  /** [AP6] The invitation, update or cancellation, when mail is set up and the guest gave an address. */
  private async mail(appointment: Appointment, consultant: Consultant, code: string | null): Promise<boolean> {
    const { mailer } = this.deps;
    if (!mailer || !appointment.guestEmail) return false;
    const tenant = await this.deps.directory.tenants.getTenant(appointment.tenantId);
    const mail: Mail = invitationMail(
      {
        appointment,
        consultant: { name: consultant.name, email: consultant.email },
        company: tenant?.name ?? '',
        code,
        link: code === null ? null : personalLink(this.deps.publicUrl, code),
        now: this.deps.runtime.clock.now(),
        host: new URL(this.deps.publicUrl).hostname,
      },
      this.deps.translate(appointment.locale),
    );
    try {
      await mailer.send(mail);
      return true;
    } catch (error) {
      this.deps.onMailError?.(error);
      return false;
    }
  }

  private view(a: Appointment, consultantName: string): AppointmentView {
    return {
      id: a.id,
      consultantId: a.consultantId,
      consultantName,
      linkId: a.linkId,
      startsAt: a.startsAt,
      durationMinutes: a.durationMinutes,
      guestName: a.guestName,
      guestEmail: a.guestEmail,
      guestPhone: a.guestPhone,
      locale: a.locale,
      status: a.status,
      sequence: a.sequence,
      ...validityWindow(a.startsAt, a.durationMinutes),
    };
  }
}

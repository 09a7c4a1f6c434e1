import { createEvent } from 'ics';
import { formatSessionCode } from '@parley/protocol';
import type { Translate } from '@parley/i18n';
import type { Mail } from '../transcript/transcript.ts';
import { revealBidi } from '@parley/protocol';

/** What the invitation tells of an appointment (appointments.ts's `Appointment` has all of it). */
export interface InvitedAppointment {
  id: string;
  startsAt: number;
  durationMinutes: number;
  guestName: string;
  guestEmail: string | null;
  locale: string;
  sequence: number;
}

export interface InvitationInput {
  appointment: InvitedAppointment;
  consultant: { name: string; email: string };
  company: string;
  /** The new code and link; null for a cancellation. */
  code: string | null;
  link: string | null;
  now: number;
  /** The deployment's host name: calendar UIDs are `<id>@<host>` (RFC 5545 3.8.4.7). */
  host: string;
}

function when(locale: string, at: number): string {
  // The guest's time zone is unknown: the text says UTC, and the calendar entry shows local time.
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(at);
  return `${text} UTC`;
}

/**
 * [AP6] The calendar entry (RFC 5545) for an invitation, update or cancellation: one VEVENT with a
 * stable UID, a SEQUENCE raised by every change, METHOD:REQUEST (or CANCEL and STATUS:CANCELLED).
 */
export function invitationCalendar(input: InvitationInput, t: Translate): string {
  const { appointment: a } = input;
  const cancelled = input.code === null;
  // DTSTAMP from the injected clock: ics reads `timestamp`, which its type definitions leave out.
  const stamp = { timestamp: input.now };
  const { error, value } = createEvent({
    ...stamp,
    productId: 'parley/appointments',
    method: cancelled ? 'CANCEL' : 'REQUEST',
    uid: `${a.id}@${input.host}`,
    sequence: a.sequence,
    start: a.startsAt,
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: a.durationMinutes },
    title: t('appointment.mail.title', { company: input.company, consultant: input.consultant.name }),
    description: cancelled
      ? t('appointment.mail.cancelledText')
      : `${t('appointment.mail.codeLine', { code: formatSessionCode(input.code ?? '') })}\n${input.link ?? ''}`,
    ...(input.link ? { url: input.link } : {}),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: input.consultant.name, email: input.consultant.email },
    ...(a.guestEmail ? { attendees: [{ name: a.guestName, email: a.guestEmail, rsvp: false }] } : {}),
  });
  if (error || !value) throw error ?? new Error('calendar entry could not be made');
  return value;
}

/** [AP6] The guest's e-mail in the appointment's language: text, the code and link, and the .ics. */
export function invitationMail(input: InvitationInput, t: Translate): Mail {
  const { appointment: a } = input;
  const company = revealBidi(input.company);
  const consultant = revealBidi(input.consultant.name);
  const values = { company, consultant, guest: revealBidi(a.guestName), when: when(a.locale, a.startsAt) };
  const kind = input.code === null ? 'cancelled' : a.sequence === 0 ? 'invited' : 'updated';
  const lines =
    input.code === null
      ? [
          t('appointment.mail.greeting', values),
          '',
          t('appointment.mail.cancelledText'),
          '',
          t('appointment.mail.when', values),
        ]
      : [
          t('appointment.mail.greeting', values),
          '',
          t(kind === 'invited' ? 'appointment.mail.invitedText' : 'appointment.mail.updatedText', values),
          '',
          t('appointment.mail.when', values),
          t('appointment.mail.duration', { minutes: a.durationMinutes }),
          '',
          t('appointment.mail.linkLine'),
          input.link ?? '',
          '',
          t('appointment.mail.codeLine', { code: formatSessionCode(input.code) }),
          t('appointment.mail.codeHint'),
        ];
  return {
    to: a.guestEmail ?? '',
    subject: t(`appointment.mail.subject.${kind}`, values),
    text: `${lines.join('\n')}\n`,
    calendar: { method: input.code === null ? 'CANCEL' : 'REQUEST', content: invitationCalendar(input, t) },
  };
}

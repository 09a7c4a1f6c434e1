import { describe, expect, it } from 'vitest';
import { createI18n, translator } from '@parley/i18n';
import type { Appointment } from './appointments.ts';
import { invitationMail, type InvitationInput } from './invitation.ts';

const startsAt = Date.UTC(2026, 11, 3, 14, 30);
const appointment: Appointment = {
  id: 'apt_1',
  tenantId: 't',
  consultantId: 'c',
  linkId: 'l',
  startsAt,
  durationMinutes: 45,
  guestName: 'Gosia',
  guestEmail: 'gosia@guest.test',
  guestPhone: null,
  locale: 'pl',
  status: 'scheduled',
  sequence: 0,
  codeHash: 'h',
  createdAt: 0,
  updatedAt: 0,
};
const input = (over: Partial<InvitationInput> = {}): InvitationInput => ({
  appointment,
  consultant: { name: 'Dana', email: 'dana@demo.parley' },
  company: 'Demo',
  code: 'ABCD2345',
  link: 'https://help.example/s/ABCD-2345',
  now: Date.UTC(2026, 10, 27, 9, 0),
  host: 'help.example',
  ...over,
});
const pl = translator(createI18n('pl'));

/** Unfolds RFC 5545 content lines (CRLF + space continues a line). */
function lines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('[AP6] the invitation e-mail and its calendar entry', () => {
  it('invites in the appointment’s language, with the link, the code and a REQUEST entry', () => {
    const mail = invitationMail(input(), pl);
    expect(mail.to).toBe('gosia@guest.test');
    expect(mail.subject).toBe('Twoja sesja wideo z Demo');
    expect(mail.text).toContain('Dzień dobry Gosia,');
    expect(mail.text).toContain('Kod sesji: ABCD-2345');
    expect(mail.text).toContain('https://help.example/s/ABCD-2345');
    expect(mail.text).toContain('45 min');
    expect(mail.calendar?.method).toBe('REQUEST');
    const ics = lines(mail.calendar?.content ?? '');
    expect(ics[0]).toBe('BEGIN:VCALENDAR');
    expect(ics).toContain('VERSION:2.0');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('UID:apt_1@help.example');
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain('DTSTART:20261203T143000Z');
    expect(ics).toContain('DTSTAMP:20261127T090000Z');
    expect(ics).toContain('DURATION:PT45M');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('URL:https://help.example/s/ABCD-2345');
    expect(
      ics.some((l) => l.startsWith('ORGANIZER;CN="Dana"') && l.toLowerCase().endsWith('mailto:dana@demo.parley')),
    ).toBe(true);
    expect(ics.some((l) => l.startsWith('ATTENDEE;') && l.endsWith('mailto:gosia@guest.test'))).toBe(true);
    expect(ics.at(-2)).toBe('END:VCALENDAR');
  });

  it('an update keeps the UID, raises SEQUENCE and carries the new code', () => {
    const mail = invitationMail(
      input({ appointment: { ...appointment, sequence: 1, startsAt: startsAt + 3_600_000 }, code: 'WXYZ6789' }),
      pl,
    );
    expect(mail.subject).toBe('Zmiana: Twoja sesja wideo z Demo');
    expect(mail.text).toContain('WXYZ-6789');
    const ics = lines(mail.calendar?.content ?? '');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('UID:apt_1@help.example');
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain('DTSTART:20261203T153000Z');
  });

  it('a cancellation is METHOD:CANCEL with STATUS:CANCELLED and no code', () => {
    const mail = invitationMail(
      input({ appointment: { ...appointment, sequence: 2 }, code: null, link: null }),
      translator(createI18n('en')),
    );
    expect(mail.subject).toBe('Cancelled: your video session with Demo');
    expect(mail.text).not.toMatch(/code/i);
    expect(mail.calendar?.method).toBe('CANCEL');
    const ics = lines(mail.calendar?.content ?? '');
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain('UID:apt_1@help.example');
  });

  it('[SD12] shows a guest name’s bidi controls instead of obeying them', () => {
    const mail = invitationMail(input({ appointment: { ...appointment, guestName: 'Eve\u202Egnp.exe' } }), pl);
    expect(mail.text).not.toContain('\u202E');
    expect(mail.text).toContain('[U+202E]');
  });
});

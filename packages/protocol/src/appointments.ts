import { z } from 'zod';
import { MAX_NAME_LENGTH } from './constants.ts';

/*
 * Appointments and session codes (F-12, docs/SPEC.md [AP1]–[AP9]): a consultant plans a session
 * with a guest; the guest enters its code (or opens its personal link) and lands in that
 * consultant's waiting room.
 */

/**
 * [AP2] Session codes use an alphabet without look-alikes (no 0/O, 1/I/L, U/V): typeable from a
 * phone call or a printed page. 8 characters of 29 give 5·10^11 codes (≈39 bits); with entry
 * rate-limited per address ([AP5]) nobody guesses a live one within its lifetime.
 */
export const SESSION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const SESSION_CODE_LENGTH = 8;

/** What people type: any case, with spaces or dashes between groups (`abcd-2345`). */
export function normalizeSessionCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** `ABCD2345` → `ABCD-2345`, the form shown and mailed (either form is accepted). */
export function formatSessionCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A typed session code, normalized; its shape is checked by the domain (a coded refusal, [AP4]). */
export const SessionCodeInput = z.string().max(32).transform(normalizeSessionCode);

export const AppointmentStatus = z.enum(['scheduled', 'cancelled', 'used']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

const Locale = z.enum(['en', 'pl', 'nl', 'pt']);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null);

/** [AP1] What the console sends to plan (or reschedule) a session. */
export const AppointmentInput = z.object({
  /** Epoch milliseconds of the start. */
  startsAt: z.number().int().positive(),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(8 * 60),
  guestName: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  guestEmail: z
    .string()
    .trim()
    .toLowerCase()
    .transform((s) => (s === '' ? null : s))
    .pipe(z.email().max(254).nullable())
    .nullable()
    .optional()
    .transform((s) => s ?? null),
  guestPhone: optionalText(40),
  /** The link the session is held on (one of the consultant's). */
  linkId: z.string().min(1).max(64),
  /** An admin plans for a colleague; others plan for themselves (omitted or their own id). */
  consultantId: z.string().min(1).max(64).optional(),
  /** The language of the invitation e-mail and calendar entry. */
  locale: Locale,
});
export type AppointmentInput = z.input<typeof AppointmentInput>;
export type AppointmentFields = z.output<typeof AppointmentInput>;

/** [AP1] An appointment as the console lists it. The code itself is never stored, so never listed. */
export const AppointmentView = z.object({
  id: z.string(),
  consultantId: z.string(),
  consultantName: z.string(),
  linkId: z.string(),
  startsAt: z.number(),
  durationMinutes: z.number().int(),
  guestName: z.string(),
  guestEmail: z.string().nullable(),
  guestPhone: z.string().nullable(),
  locale: Locale,
  status: AppointmentStatus,
  /** How often the invitation changed (the calendar entry's SEQUENCE). */
  sequence: z.number().int().nonnegative(),
  /** [AP3] When the code starts and stops working. */
  validFrom: z.number(),
  validUntil: z.number(),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

/** [AP1][AP6] Planning or rescheduling answers with the new code and link, shown once. */
export const IssuedAppointment = z.object({
  appointment: AppointmentView,
  code: z.string(),
  link: z.string(),
  /** Whether an invitation (or update) went out by e-mail. */
  mailed: z.boolean(),
});
export type IssuedAppointment = z.infer<typeof IssuedAppointment>;

export const SessionCodeCheckBody = z.object({ code: SessionCodeInput });

/** [AP4] A valid code names where to go: the link, and the guest's name for the request. */
export const SessionCodeCheck = z.object({
  linkKey: z.string(),
  guestName: z.string(),
  locale: Locale,
});
export type SessionCodeCheck = z.infer<typeof SessionCodeCheck>;

/** [AP7] What the consultant sees of a session request in the ring and the queue. */
export const AppointmentFacts = z.object({ startsAt: z.number(), durationMinutes: z.number().int() });
export type AppointmentFacts = z.infer<typeof AppointmentFacts>;

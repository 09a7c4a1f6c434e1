import { createHash, randomBytes } from 'node:crypto';
import { ParleyError, SESSION_CODE_ALPHABET, SESSION_CODE_LENGTH } from '@parley/protocol';

/** Random bytes; injected so tests can make codes that collide or repeat. */
export type RandomBytes = (count: number) => Uint8Array;

export const systemRandom: RandomBytes = (count) => randomBytes(count);

/**
 * [AP2] A new session code: SESSION_CODE_LENGTH characters drawn uniformly from the alphabet
 * (bytes that would bias the draw are thrown away, so no character is likelier than another).
 */
export function newSessionCode(random: RandomBytes = systemRandom): string {
  const size = SESSION_CODE_ALPHABET.length;
  const unbiased = 256 - (256 % size);
  let code = '';
  while (code.length < SESSION_CODE_LENGTH) {
    for (const byte of random(SESSION_CODE_LENGTH * 2)) {
      if (byte >= unbiased) continue;
      code += SESSION_CODE_ALPHABET.charAt(byte % size);
      if (code.length === SESSION_CODE_LENGTH) break;
    }
  }
  return code;
}

/** [AP4] Whether a (normalized) input can be a code at all; anything else is refused unread. */
export function isWellFormedSessionCode(code: string): boolean {
  if (code.length !== SESSION_CODE_LENGTH) return false;
  for (const c of code) if (!SESSION_CODE_ALPHABET.includes(c)) return false;
  return true;
}

/**
 * [AP2] Codes are stored only as their SHA-256: a leaked database gives away no live code, and the
 * lookup compares digests, not the secret itself. (A code is random, so no salt or slow hash is
 * needed: there is no dictionary to try.)
 */
export function hashSessionCode(code: string): string {
  return createHash('sha256').update(`parley-session-code:${code}`).digest('hex');
}

/** [AP3] Guests may come in this long before the start (to check camera and microphone). */
export const EARLY_ENTRY_MS = 15 * 60_000;

/** [AP3] The window in which a code works: from a while before the start to the planned end. */
export function validityWindow(startsAt: number, durationMinutes: number): { validFrom: number; validUntil: number } {
  return { validFrom: startsAt - EARLY_ENTRY_MS, validUntil: startsAt + durationMinutes * 60_000 };
}

/** [AP4] Why a code that exists cannot be used now, or null when it can. */
export function codeRefusal(
  appointment: { status: 'scheduled' | 'cancelled' | 'used'; startsAt: number; durationMinutes: number },
  now: number,
): ParleyError | null {
  // A cancelled session's code is as good as unknown: it tells a guesser nothing.
  if (appointment.status === 'cancelled') return new ParleyError('session_code_invalid');
  if (appointment.status === 'used') return new ParleyError('session_code_used');
  const { validFrom, validUntil } = validityWindow(appointment.startsAt, appointment.durationMinutes);
  if (now >= validUntil) return new ParleyError('session_code_expired');
  if (now < validFrom) return new ParleyError('session_code_not_yet_valid');
  return null;
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VisitorIdentity } from '@parley/protocol';

/**
 * [K2] The customer's backend signs the id of a logged-in person with the tenant's identity
 * secret: `signature = hex(HMAC-SHA256(secret, id))`. Only a matching signature makes the visitor
 * that contact; anything else leaves them anonymous.
 */
export function signIdentity(secret: string, id: string): string {
  return createHmac('sha256', secret).update(id, 'utf8').digest('hex');
}

/** Timing-safe check of an identity's signature (hex, case-insensitive). */
export function verifyIdentity(secret: string | null, identity: VisitorIdentity): boolean {
  if (!secret) return false;
  const expected = Buffer.from(signIdentity(secret, identity.id), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(identity.signature) ? Buffer.from(identity.signature, 'hex') : null;
  if (!given) return false;
  return timingSafeEqual(expected, given);
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VisitorIdentity } from '@parley/protocol';

/** The fields a signature covers; name and e-mail are optional and sign as ''. */
export interface SignedIdentity {
  id: string;
  name?: string | undefined;
  email?: string | undefined;
  /** Unix time in seconds after which the signature is refused. */
  expires: number;
}

/**
 * [K2][SD4] What the customer's backend signs: every field the consultant will see as verified,
 * plus an expiry, one per line after a version tag —
 * `parley-identity-v1 \n id \n name \n email \n expires`. No field may hold a line break
 * (`canonicalIdentity` returns null then), so no two identities share a payload.
 */
export function canonicalIdentity(identity: SignedIdentity): string | null {
  const fields = [identity.id, identity.name ?? '', identity.email ?? ''];
  if (fields.some((f) => /[\r\n]/.test(f)) || !Number.isSafeInteger(identity.expires)) return null;
  return ['parley-identity-v1', ...fields, String(identity.expires)].join('\n');
}

/** `signature = hex(HMAC-SHA256(secret, canonicalIdentity(identity)))`, as the README shows per language. */
export function signIdentity(secret: string, identity: SignedIdentity): string {
  const payload = canonicalIdentity(identity);
  if (payload === null) throw new Error('an identity field holds a line break');
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

export type IdentityCheck = 'valid' | 'expired' | 'invalid';

/**
 * [K2][SD4] Timing-safe check of an identity's signature (hex, case-insensitive) over all of its
 * fields; a correct signature past its expiry is `expired`. Anything altered is `invalid`.
 */
export function checkIdentity(secret: string | null, identity: VisitorIdentity, nowMs: number): IdentityCheck {
  if (!secret) return 'invalid';
  const payload = canonicalIdentity(identity);
  if (payload === null || !/^[0-9a-f]{64}$/i.test(identity.signature)) return 'invalid';
  const expected = createHmac('sha256', secret).update(payload, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(identity.signature, 'hex'))) return 'invalid';
  return identity.expires * 1000 <= nowMs ? 'expired' : 'valid';
}

/**
 * [E5] Origin rules (docs/decisions/0002-origins.md). Parley's own origin is always allowed; a
 * tenant adds the sites that embed its help links. A request without an Origin header did not
 * come from a browser page, so there is no page to protect and it is not refused here.
 */

/** The origins Parley itself is served from: the configured public URL and the Host it was reached by. */
export function ownOrigins(publicUrl: string, protocol: string, host: string | undefined): Set<string> {
  const own = new Set([new URL(publicUrl).origin.toLowerCase()]);
  if (host) own.add(`${protocol}://${host}`.toLowerCase());
  return own;
}

/** Parses an Origin-like value to its canonical lower-case origin, or null when it is not one. */
export function canonicalOrigin(value: string | undefined): string | null {
  if (!value || value === 'null') return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether a browser page at `origin` may act for a tenant with these allowed origins. */
export function originAllowed(
  origin: string | undefined,
  own: ReadonlySet<string>,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const canonical = canonicalOrigin(origin);
  if (canonical === null) return false;
  return own.has(canonical) || allowed.includes(canonical);
}

/** The `frame-ancestors` source list for the visitor app of a tenant. */
export function frameAncestors(allowed: readonly string[]): string {
  return ["'self'", ...allowed].join(' ');
}

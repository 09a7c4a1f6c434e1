import { ParleyError, siteOrigin } from '@parley/protocol';
import type { Link, TenantStore } from '../../domain/tenants/directory.ts';

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

/**
 * [EM1] Whether a browser page at `origin` may embed a tenant's help links, or open a visitor
 * socket for them. An empty list means any website (any http or https page); a list means Parley
 * itself and the listed sites only ([E5]). No Origin is no browser page, as in `originAllowed`.
 */
export function siteAllowed(origin: string | undefined, own: ReadonlySet<string>, sites: readonly string[]): boolean {
  if (sites.length > 0) return originAllowed(origin, own, sites);
  return origin === undefined || canonicalOrigin(origin) !== null;
}

/**
 * [EM1] An admin's list of allowed sites, each checked and made canonical (`siteOrigin`), without
 * duplicates; the first entry that is not `scheme://host[:port]` is refused with `invalid_site`.
 */
export function allowedSitesFrom(entries: readonly string[]): string[] {
  const sites = entries.map((entry) => {
    const origin = siteOrigin(entry);
    if (origin === null) throw new ParleyError('invalid_site', `not a website: ${JSON.stringify(entry.slice(0, 80))}`);
    return origin;
  });
  return [...new Set(sites)];
}

/**
 * [EM1] The `frame-ancestors` source list for the visitor app of a tenant: any http or https page
 * while the tenant lists no sites, else Parley itself and the listed sites. (`*` would say the same
 * for http and https, but spelling the schemes out keeps data:, blob: and file: pages out plainly.)
 */
export function frameAncestors(sites: readonly string[]): string {
  return sites.length === 0 ? "'self' http: https:" : ["'self'", ...sites].join(' ');
}

/** [EM1] frame-ancestors of `/widget/app/?link=KEY`: an unknown link's app may be framed by Parley only. */
export async function visitorAppAncestors(
  directory: {
    links: { findLinkByKey(key: string): Promise<Pick<Link, 'tenantId'> | undefined> };
    tenants: Pick<TenantStore, 'getAllowedOrigins'>;
  },
  linkKey: string | null,
): Promise<string> {
  const link = linkKey ? await directory.links.findLinkByKey(linkKey.slice(0, 64)) : undefined;
  return link ? frameAncestors(await directory.tenants.getAllowedOrigins(link.tenantId)) : "'self'";
}

import { describe, expect, it } from 'vitest';
import { isParleyError, siteOrigin } from '@parley/protocol';
import { appCsp } from '../http/security.ts';
import { allowedSitesFrom, frameAncestors, ownOrigins, siteAllowed, visitorAppAncestors } from './origins.ts';

const own = ownOrigins('https://help.example.com', 'https', 'help.example.com');

/** The code an `allowedSitesFrom` call refuses with, or 'ok'. */
function refusal(entries: string[]): string {
  try {
    allowedSitesFrom(entries);
    return 'ok';
  } catch (error) {
    return isParleyError(error) ? error.code : 'not a ParleyError';
  }
}

describe('[EM1] where a tenant’s help links may be embedded', () => {
  it('[EM1] a website is scheme://host[:port] over http or https, made canonical as browsers send Origin', () => {
    expect(siteOrigin('https://www.example.com')).toBe('https://www.example.com');
    expect(siteOrigin('  HTTPS://Shop.Example/ ')).toBe('https://shop.example');
    expect(siteOrigin('https://shop.example:443')).toBe('https://shop.example');
    expect(siteOrigin('http://127.0.0.1:18401')).toBe('http://127.0.0.1:18401');
    expect(siteOrigin('http://[::1]:3000')).toBe('http://[::1]:3000');
    expect(siteOrigin('https://bücher.example')).toBe('https://xn--bcher-kva.example');
    for (const wrong of [
      '',
      'www.example.com',
      'ftp://example.com',
      'javascript:alert(1)',
      'https://example.com/shop',
      'https://example.com/?q=1',
      'https://example.com#top',
      'https://user:pass@example.com',
      'https://*.example.com',
      'https://exa mple.com',
      'https://example.com:99999',
      "https://example.com; script-src 'unsafe-inline'",
      `https://${'a'.repeat(260)}.com`,
    ]) {
      expect([wrong, siteOrigin(wrong)]).toEqual([wrong, null]);
    }
  });

  it('[EM1] an admin’s list is checked entry by entry (invalid_site), made canonical and deduplicated', () => {
    expect(allowedSitesFrom(['https://Shop.example/', 'https://shop.example:443', 'http://localhost:3000'])).toEqual([
      'https://shop.example',
      'http://localhost:3000',
    ]);
    expect(allowedSitesFrom([])).toEqual([]);
    expect(refusal(['https://shop.example', 'https://shop.example/path'])).toBe('invalid_site');
    expect(refusal(['shop.example'])).toBe('invalid_site');
  });

  it('[EM1] with no sites listed any http(s) page may embed; with a list only Parley and the listed sites', () => {
    expect(siteAllowed('https://anyone.example', own, [])).toBe(true);
    expect(siteAllowed('http://127.0.0.1:18401', own, [])).toBe(true);
    expect(siteAllowed(undefined, own, [])).toBe(true); // no Origin: no browser page to protect
    expect(siteAllowed('null', own, [])).toBe(false); // file:, sandboxed: frame-ancestors refuses them
    expect(siteAllowed('invalid:', own, [])).toBe(false);

    const sites = ['https://shop.example'];
    expect(siteAllowed('https://shop.example', own, sites)).toBe(true);
    expect(siteAllowed('https://help.example.com', own, sites)).toBe(true);
    expect(siteAllowed('https://anyone.example', own, sites)).toBe(false);
    expect(siteAllowed('https://shop.example.evil.example', own, sites)).toBe(false);
  });

  it('[EM1] the visitor app’s CSP: frame-ancestors any http(s) page, or Parley and the list; unknown links Parley only', async () => {
    expect(frameAncestors([])).toBe("'self' http: https:");
    expect(frameAncestors(['https://shop.example', 'http://localhost:3000'])).toBe(
      "'self' https://shop.example http://localhost:3000",
    );
    const tenants: Record<string, string[]> = { open: [], listed: ['https://shop.example'] };
    const directory = {
      links: { findLinkByKey: (key: string) => Promise.resolve(key in tenants ? { tenantId: key } : undefined) },
      tenants: { getAllowedOrigins: (tenantId: string) => Promise.resolve(tenants[tenantId] ?? []) },
    };
    const csp = async (key: string | null) =>
      appCsp('https://help.example.com', await visitorAppAncestors(directory, key));
    expect(await csp('open')).toMatch(/; frame-ancestors 'self' http: https:$/);
    expect(await csp('listed')).toMatch(/; frame-ancestors 'self' https:\/\/shop\.example$/);
    expect(await csp('nope')).toMatch(/; frame-ancestors 'self'$/);
    expect(await csp(null)).toMatch(/; frame-ancestors 'self'$/);
    // The rest of the policy is unchanged by embedding: scripts and styles from Parley only ([E8]).
    expect(await csp('open')).toContain("script-src 'self'; style-src 'self'");
  });
});

import { ParleyError } from '@parley/protocol';

/**
 * [CB6] Where a consultant may send the visitor: a web page (http or https, no credentials in
 * it). `site` says whether it is one of the tenant's allowed websites; the visitor's side opens
 * it only then, or when it is on the same origin as the page the visitor is on (which only the
 * visitor's side knows for sure).
 */
export function pushTarget(raw: string, allowedSites: readonly string[]): { url: string; site: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ParleyError('invalid_message', 'a pushed page must be an absolute http or https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ParleyError('invalid_message', 'a pushed page must be an http or https URL');
  }
  // user:password@ in a link shown to a visitor is a phishing device, never a page of the tenant.
  if (url.username || url.password) throw new ParleyError('invalid_message', 'a pushed page carries no credentials');
  return { url: url.href, site: allowedSites.includes(url.origin.toLowerCase()) };
}

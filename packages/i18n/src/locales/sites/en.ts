/** English strings of the admin's allowed websites ([EM1]); spread into `en`. */
export const sitesEn = {
  'admin.sites': 'Websites',
  'sites.title': 'Where your help buttons may appear',
  'sites.explain':
    'By default the visitor button of your links works on any website. Add your own sites here to allow it only there: on any other site the button does not appear and browsers refuse to show Parley in a frame. Removing the last site allows every website again.',
  'sites.anywhere': 'Now: on any website.',
  'sites.restricted':
    '{count, plural, one {Now: only on the website below (and on Parley’s own pages).} other {Now: only on the # websites below (and on Parley’s own pages).}}',
  'sites.address': 'Website address',
  'sites.format':
    'Scheme, host and, if it is not the usual one, port — e.g. https://www.example.com or http://localhost:3000. No path.',
  'sites.add': 'Add website',
  'sites.removeLabel': 'Remove {site}',
  'sites.remove': 'Remove',
  'links.worksAnywhere': 'This button works on any website (Admin → Websites).',
  'links.worksListed': 'This button works only on the allowed websites (Admin → Websites).',
  'error.invalid_site':
    'Enter a website as scheme://host[:port], for example https://www.example.com — without a path.',
} as const;

/** Every language translates every string of this area: a missing one is a type error. */
export type SitesMessages = Record<keyof typeof sitesEn, string>;

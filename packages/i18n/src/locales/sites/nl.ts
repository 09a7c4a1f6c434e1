import type { SitesMessages } from './en.ts';

/** Dutch strings of the admin's allowed websites ([EM1]). */
export const sitesNl: SitesMessages = {
  'admin.sites': 'Websites',
  'sites.title': 'Waar uw hulpknoppen mogen verschijnen',
  'sites.explain':
    'Standaard werkt de bezoekersknop van uw links op elke website. Voeg hier uw eigen sites toe om hem alleen daar toe te staan: op elke andere site verschijnt de knop niet en weigeren browsers Parley in een frame te tonen. Verwijdert u de laatste site, dan is elke website weer toegestaan.',
  'sites.anywhere': 'Nu: op elke website.',
  'sites.restricted':
    '{count, plural, one {Nu: alleen op de website hieronder (en op de pagina’s van Parley zelf).} other {Nu: alleen op de # websites hieronder (en op de pagina’s van Parley zelf).}}',
  'sites.address': 'Websiteadres',
  'sites.format':
    'Schema, host en — als die niet de gebruikelijke is — poort, bijv. https://www.example.com of http://localhost:3000. Zonder pad.',
  'sites.add': 'Website toevoegen',
  'sites.removeLabel': '{site} verwijderen',
  'sites.remove': 'Verwijderen',
  'links.worksAnywhere': 'Deze knop werkt op elke website (Beheer → Websites).',
  'links.worksListed': 'Deze knop werkt alleen op de toegestane websites (Beheer → Websites).',
  'error.invalid_site':
    'Geef een website op als schema://host[:poort], bijvoorbeeld https://www.example.com — zonder pad.',
};

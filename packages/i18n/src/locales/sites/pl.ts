import type { SitesMessages } from './en.ts';

/** Polish strings of the admin's allowed websites ([EM1]). */
export const sitesPl: SitesMessages = {
  'admin.sites': 'Witryny',
  'sites.title': 'Gdzie mogą pojawiać się Twoje przyciski pomocy',
  'sites.explain':
    'Domyślnie przycisk dla odwiedzających z Twoich linków działa na każdej stronie. Dodaj tu swoje witryny, aby działał tylko na nich: na innych stronach przycisk się nie pojawi, a przeglądarki odmówią wyświetlenia Parley w ramce. Usunięcie ostatniej witryny znów dopuszcza wszystkie strony.',
  'sites.anywhere': 'Teraz: na każdej stronie.',
  'sites.restricted':
    '{count, plural, one {Teraz: tylko na poniższej witrynie (i na stronach samego Parley).} few {Teraz: tylko na # poniższych witrynach (i na stronach samego Parley).} many {Teraz: tylko na # poniższych witrynach (i na stronach samego Parley).} other {Teraz: tylko na # poniższych witrynach (i na stronach samego Parley).}}',
  'sites.address': 'Adres witryny',
  'sites.format':
    'Schemat, host i — jeśli nie jest domyślny — port, np. https://www.example.com lub http://localhost:3000. Bez ścieżki.',
  'sites.add': 'Dodaj witrynę',
  'sites.removeLabel': 'Usuń {site}',
  'sites.remove': 'Usuń',
  'links.worksAnywhere': 'Ten przycisk działa na każdej stronie (Administracja → Witryny).',
  'links.worksListed': 'Ten przycisk działa tylko na dozwolonych witrynach (Administracja → Witryny).',
  'error.invalid_site': 'Podaj witrynę jako schemat://host[:port], np. https://www.example.com — bez ścieżki.',
};

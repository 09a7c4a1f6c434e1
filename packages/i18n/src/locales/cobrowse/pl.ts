import type { CobrowseMessages } from './en.ts';

/** Polish strings of co-browsing ([CB1]–[CB7]). */
export const cobrowsePl: CobrowseMessages = {
  'cobrowse.ask': 'Czy mogę zobaczyć Twoją stronę?',
  'cobrowse.asking': 'Czekam, aż {name} udostępni stronę…',
  'cobrowse.declined': '{name} nie udostępnia strony.',
  'cobrowse.ended': 'Udostępnianie strony zakończyło się.',
  'cobrowse.replayTitle': 'Strona, którą widzi {name}, na żywo',
  'cobrowse.stopView': 'Przestań oglądać',
  'cobrowse.guideHint':
    'Twój wskaźnik jest widoczny na stronie. Kliknij element, aby go wyróżnić; kliknij dwukrotnie, aby przewinąć do niego stronę rozmówcy ({name}).',
  'cobrowse.pushLabel': 'Wyślij stronę',
  'cobrowse.pushSend': 'Wyślij stronę',
  'cobrowse.consentTitle': '{name} prosi o wgląd w tę stronę',
  'cobrowse.consentText':
    'Konsultant widzi tę stronę tak jak Ty, na żywo, dopóki nie przerwiesz. To, co wpisujesz w pola, i części oznaczone jako prywatne pozostają ukryte, a konsultant nie może niczego kliknąć ani wpisać za Ciebie.',
  'cobrowse.allow': 'Udostępnij tę stronę',
  'cobrowse.deny': 'Nie, dziękuję',
  'cobrowse.sharing': 'Udostępniasz tę stronę: {name}',
  'cobrowse.stop': 'Przestań udostępniać',
  'cobrowse.pushTitle': 'Otworzyć tę stronę?',
  'cobrowse.pushText': '{name} proponuje stronę: {url}',
  'cobrowse.pushOpen': 'Otwórz stronę',
  'cobrowse.pushStay': 'Zostań tutaj',
  'cobrowse.pushed': 'Wysłano stronę: {url}',
  // ---- [CB8] control: the consultant clicks and types for the visitor ----
  'cobrowse.settings': 'Współprzeglądanie',
  'cobrowse.settings.control':
    'Konsultanci mogą klikać i pisać na udostępnionej stronie odwiedzającego, gdy ten na to pozwoli (nigdy w polach prywatnych, haseł ani płatności)',
  'cobrowse.settings.saved': 'Zapisano.',
  'cobrowse.controlOffer': 'Pozwól, by {name} klikał(a) i pisał(a) tutaj',
  'cobrowse.controlOn': '{name} może klikać i pisać na tej stronie',
  'cobrowse.controlRevoke': 'Odbierz kontrolę',
  'cobrowse.controlGranted': '{name} pozwala Ci klikać i pisać na stronie.',
  'cobrowse.controlMode': 'Klikaj i pisz za: {name}',
  'cobrowse.controlHint': 'Kliknij przycisk lub link na stronie, aby go kliknąć; kliknij pole, aby w nim pisać.',
  'cobrowse.typeLabel': 'Tekst do wybranego pola',
  'cobrowse.typeSend': 'Wpisz',
  'cobrowse.refused': 'Strona odmówiła: pól prywatnych, haseł i płatności nie można używać za odwiedzającego.',
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'Ponowne łączenie rozmowy…',
};

import type { privacyEn } from './en.ts';

export const privacyPl: Record<keyof typeof privacyEn, string> = {
  'admin.privacy': 'Prywatność',
  'privacy.title': 'Przechowywanie danych i prywatność',
  'privacy.intro':
    'Parley co godzinę usuwa dane starsze niż te okresy. Rozmowy zostają w raportach, ale bez odwiedzającego i bez treści. Zostaw pole puste, aby przechowywać te dane, dopóki ich nie usuniesz.',
  'privacy.chatDays': 'Zapisy czatów, czat zespołu i zaplanowane sesje (dni)',
  'privacy.notesDays': 'Notatki i notatki z podsumowania (dni)',
  'privacy.inboxDays': 'Wiadomości zostawione w skrzynce (dni)',
  'privacy.visitsDays': 'Imiona odwiedzających i dane przekazane przez ich strony (dni)',
  'privacy.url': 'Twoja polityka prywatności (adres https, podawany odwiedzającym)',
  'privacy.save': 'Zapisz',
  'privacy.saved': 'Zapisano.',
  'privacy.apply': 'Zastosuj teraz',
  'privacy.applied':
    '{count, plural, =0 {Nic nie było na tyle stare, by to usunąć.} one {Usunięto lub wyczyszczono # element.} few {Usunięto lub wyczyszczono # elementy.} many {Usunięto lub wyczyszczono # elementów.} other {Usunięto lub wyczyszczono # elementu.}}',
  'privacy.contact.export': 'Pobierz wszystkie dane (JSON)',
  'privacy.contact.erase': 'Usuń ten kontakt…',
  'privacy.contact.confirm':
    'Usunąć kontakt {name} wraz ze wszystkimi powiązanymi rozmowami, wiadomościami, notatkami i sesjami? Tego nie można cofnąć.',
  'privacy.contact.confirmButton': 'Usuń na zawsze',
  'privacy.contact.cancel': 'Anuluj',
  'privacy.contact.erased': 'Kontakt i wszystko, co z nim powiązane, zostało usunięte.',
  'privacy.visitor.kept':
    '{days, plural, one {Ta rozmowa jest przechowywana przez # dzień.} few {Ta rozmowa jest przechowywana przez # dni.} many {Ta rozmowa jest przechowywana przez # dni.} other {Ta rozmowa jest przechowywana przez # dnia.}}',
  'privacy.visitor.notice': 'Polityka prywatności',
};

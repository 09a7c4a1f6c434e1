import type { phoneEn } from './en.ts';

export const phonePl: Record<keyof typeof phoneEn, string> = {
  'phone.switch': 'Dźwięk przez telefon',
  'phone.title': 'Dźwięk przez telefon',
  'phone.howTo':
    'Zadzwoń pod {count, plural, one {ten numer} other {jeden z tych numerów}} i wprowadź swój PIN, a potem #.',
  'phone.numbers': 'Numer do połączenia',
  'phone.pin': 'Twój PIN',
  'phone.stays': 'Kamera i udostępnianie ekranu pozostają w przeglądarce.',
  'phone.mineConnected': 'Twój telefon jest połączony.',
  'phone.otherConnected': 'Ktoś inny w rozmowie jest przy telefonie.',
  'error.phone_unavailable': 'Dźwięk przez telefon nie jest skonfigurowany na tym serwerze.',
};

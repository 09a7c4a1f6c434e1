import type { phoneEn } from './en.ts';

export const phoneNl: Record<keyof typeof phoneEn, string> = {
  'phone.switch': 'Geluid via de telefoon',
  'phone.title': 'Geluid via de telefoon',
  'phone.howTo':
    'Bel {count, plural, one {dit nummer} other {een van deze nummers}} en voer uw pincode in, gevolgd door #.',
  'phone.numbers': 'Inbelnummer',
  'phone.pin': 'Uw pincode',
  'phone.stays': 'Camera en scherm delen blijven in de browser.',
  'phone.mineConnected': 'Uw telefoon is verbonden.',
  'phone.otherConnected': 'Iemand anders in het gesprek belt via de telefoon.',
  'error.phone_unavailable': 'Geluid via de telefoon is op deze server niet ingesteld.',
};

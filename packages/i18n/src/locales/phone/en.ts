/** Audio via telephone (issue 16 item 3, F-14, [TP4]–[TP7]), English source. */
export const phoneEn = {
  'phone.switch': 'Audio via telephone',
  'phone.title': 'Audio via telephone',
  'phone.howTo':
    'Call {count, plural, one {this number} other {one of these numbers}} and enter your PIN followed by #.',
  'phone.numbers': 'Dial-in number',
  'phone.pin': 'Your PIN',
  'phone.stays': 'Camera and screen sharing stay on the web.',
  'phone.mineConnected': 'Your phone is connected.',
  'phone.otherConnected': 'Someone else in the call is on the phone.',
  'error.phone_unavailable': 'Audio via telephone is not set up on this server.',
} as const;

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ParleyError } from '@parley/protocol';

/**
 * [U3] Among the most used passwords of at least PASSWORD_MIN_LENGTH characters in public breach
 * corpora, in the four languages of the UI (shorter ones fail the length rule anyway). A short
 * bundled list on purpose: the npm packages that ship such lists are unmaintained or megabytes of
 * data (docs/decisions in the commit), and the common ones are what guessing tries first.
 */
const commonPasswords = new Set([
  '1234567890',
  '0987654321',
  '1234567891',
  '12345678910',
  '123456789a',
  '1234567890a',
  'a123456789',
  '1111111111',
  '0000000000',
  '1212121212',
  '123123123123',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'zaq1zaq1zaq1',
  'qwertyuiop',
  'qwertyuiop123',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'asdfghjkl1',
  'asdfghjkl123',
  'zxcvbnm123',
  'abcdefghij',
  'abc1234567',
  'abcd123456',
  'password12',
  'password123',
  'password1234',
  'password12345',
  'password!23',
  'passw0rd123',
  'p@ssw0rd123',
  'mypassword',
  'mypassword1',
  'administrator',
  'admin12345',
  'admin123456',
  'welcome123',
  'welcome1234',
  'letmein123',
  'changeme123',
  'iloveyou12',
  'iloveyou123',
  'superman123',
  'football123',
  'baseball123',
  'basketball',
  'princess123',
  'sunshine123',
  'trustno1234',
  'monkey12345',
  'dragon12345',
  'master12345',
  'michael123',
  'charlie123',
  'computer123',
  'starwars123',
  'whatever123',
  'secret12345',
  'lovelove12',
  'liverpool1',
  'chocolate1',
  'butterfly1',
  'blink18218',
  'q1w2e3r4t5',
  'q1w2e3r4t5y6',
  '1a2b3c4d5e',
  'a1b2c3d4e5',
  // Polish
  'haslo12345',
  'haslo123456',
  'polska1234',
  'polska12345',
  'kochanie123',
  'zaq1@wsx3edc',
  // Dutch
  'wachtwoord',
  'wachtwoord1',
  'wachtwoord12',
  'wachtwoord123',
  'welkom1234',
  'welkom12345',
  // Portuguese
  'senha12345',
  'senha123456',
  'mudar123456',
  'benfica123',
  'flamengo123',
  'palmeiras1',
  'corinthians',
  // the product itself
  'parley1234',
  'parley12345',
  'parleyparley',
]);

/**
 * [U3] Throws the coded error a new password breaks first: too short (in characters, after the
 * same NFKC normalisation hashing uses), or too common (a listed password, one character
 * repeated, or the account's own e-mail address or its local part).
 */
export function checkNewPassword(password: string, account: { email: string }): void {
  const normalised = password.normalize('NFKC');
  const length = Array.from(normalised).length;
  if (length < PASSWORD_MIN_LENGTH) throw new ParleyError('password_too_short');
  if (length > PASSWORD_MAX_LENGTH) throw new ParleyError('invalid_message', 'password too long');
  const folded = normalised.toLowerCase();
  const email = account.email.toLowerCase();
  const localPart = email.split('@')[0] ?? email;
  const oneCharacter = new Set(folded).size === 1;
  if (commonPasswords.has(folded) || oneCharacter || folded === email || folded === localPart) {
    throw new ParleyError('password_too_common');
  }
}

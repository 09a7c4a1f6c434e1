import type { AccountMessages } from './en.ts';

/** Polish strings of accounts: password change, the forced change, admin reset. */
export const accountPl: AccountMessages = {
  'nav.account': 'Konto',
  'account.heading': 'Zmień hasło',
  'account.forcedHeading': 'Ustaw własne hasło',
  'account.forcedIntro':
    'Zalogowano Cię hasłem jednorazowym. Aby kontynuować, ustaw własne hasło; hasło jednorazowe przestanie wtedy działać.',
  'account.current': 'Obecne hasło',
  'account.currentOneTime': 'Hasło jednorazowe',
  'account.new': 'Nowe hasło',
  'account.repeat': 'Powtórz nowe hasło',
  'account.rules':
    'Co najmniej {min} znaków. Popularne hasła są odrzucane; dobrze sprawdza się kilka niepowiązanych słów.',
  'account.mismatch': 'Oba nowe hasła nie są takie same.',
  'account.submit': 'Zmień hasło',
  'account.changed': 'Hasło zmienione. Wszystkie inne sesje tego konta zostały wylogowane.',
  'account.signOutInstead': 'Wyloguj',
  'login.ended.logged_out': 'Wylogowano.',
  'login.ended.session_expired': 'Sesja wygasła. Zaloguj się ponownie.',
  'login.ended.password_changed': 'Wylogowano Cię: hasło tego konta zostało zmienione.',
  'login.ended.password_reset': 'Wylogowano Cię: administrator zresetował hasło tego konta.',
  'consultants.resetPassword': 'Resetuj hasło',
  'consultants.resetConfirm':
    'Zresetować hasło użytkownika {name}? Zostanie od razu wylogowany wszędzie i zaloguje się ponownie hasłem jednorazowym.',
  'consultants.resetDone':
    'Hasło jednorazowe dla {email}: przekaż je teraz, nie zostanie pokazane ponownie. Własne hasło ustawi przy logowaniu.',
  'error.password_too_short': 'Nowe hasło jest za krótkie.',
  'error.password_too_common': 'To hasło jest zbyt popularne lub łatwe do odgadnięcia. Wybierz inne.',
  'error.password_unchanged': 'Nowe hasło musi różnić się od obecnego.',
  'error.wrong_current_password': 'Obecne hasło jest nieprawidłowe.',
  'error.password_change_required': 'Najpierw ustaw nowe hasło.',
};

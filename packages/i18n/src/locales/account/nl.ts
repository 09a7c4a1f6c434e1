import type { AccountMessages } from './en.ts';

/** Dutch strings of accounts: password change, the forced change, admin reset. */
export const accountNl: AccountMessages = {
  'nav.account': 'Account',
  'account.heading': 'Wachtwoord wijzigen',
  'account.forcedHeading': 'Kies je eigen wachtwoord',
  'account.forcedIntro':
    'Je bent ingelogd met een eenmalig wachtwoord. Kies een eigen wachtwoord om verder te gaan; het eenmalige wachtwoord werkt daarna niet meer.',
  'account.current': 'Huidig wachtwoord',
  'account.currentOneTime': 'Eenmalig wachtwoord',
  'account.new': 'Nieuw wachtwoord',
  'account.repeat': 'Nieuw wachtwoord nogmaals',
  'account.rules':
    'Minstens {min} tekens. Veelgebruikte wachtwoorden worden geweigerd; een paar losse woorden werkt goed.',
  'account.mismatch': 'De twee nieuwe wachtwoorden zijn niet gelijk.',
  'account.submit': 'Wachtwoord wijzigen',
  'account.changed': 'Wachtwoord gewijzigd. Alle andere sessies van dit account zijn uitgelogd.',
  'account.signOutInstead': 'Uitloggen',
  'login.ended.logged_out': 'Je bent uitgelogd.',
  'login.ended.session_expired': 'Je sessie is verlopen. Log opnieuw in.',
  'login.ended.password_changed': 'Je bent uitgelogd: het wachtwoord van dit account is gewijzigd.',
  'login.ended.password_reset':
    'Je bent uitgelogd: een beheerder heeft het wachtwoord van dit account opnieuw ingesteld.',
  'consultants.resetPassword': 'Wachtwoord opnieuw instellen',
  'consultants.resetConfirm':
    'Het wachtwoord van {name} opnieuw instellen? Diegene wordt overal meteen uitgelogd en logt opnieuw in met een eenmalig wachtwoord.',
  'consultants.resetDone':
    'Eenmalig wachtwoord voor {email}: geef het nu door, het wordt niet opnieuw getoond. Bij het inloggen kiest diegene een eigen wachtwoord.',
  'error.password_too_short': 'Het nieuwe wachtwoord is te kort.',
  'error.password_too_common': 'Dit wachtwoord is te gangbaar of te makkelijk te raden. Kies een ander.',
  'error.password_unchanged': 'Het nieuwe wachtwoord moet verschillen van het huidige.',
  'error.wrong_current_password': 'Het huidige wachtwoord klopt niet.',
  'error.password_change_required': 'Kies eerst een nieuw wachtwoord.',
};

/** English strings of accounts: password change, the forced change, admin reset ([U1]–[U5]). */
export const accountEn = {
  'nav.account': 'Account',
  'account.heading': 'Change your password',
  'account.forcedHeading': 'Choose your own password',
  'account.forcedIntro':
    'You signed in with a one-time password. Choose a password of your own to continue; the one-time password then stops working.',
  'account.current': 'Current password',
  'account.currentOneTime': 'One-time password',
  'account.new': 'New password',
  'account.repeat': 'New password again',
  'account.rules': 'At least {min} characters. Common passwords are refused; a few unrelated words work well.',
  'account.mismatch': 'The two new passwords are not the same.',
  'account.submit': 'Change password',
  'account.changed': 'Password changed. Every other session of this account was signed out.',
  'account.signOutInstead': 'Sign out',
  'login.ended.logged_out': 'You signed out.',
  'login.ended.session_expired': 'Your session expired. Please sign in again.',
  'login.ended.password_changed': 'You were signed out: the password of this account was changed.',
  'login.ended.password_reset': 'You were signed out: an administrator reset the password of this account.',
  'consultants.resetPassword': 'Reset password',
  'consultants.resetConfirm':
    'Reset the password of {name}? They are signed out everywhere at once and sign in again with a one-time password.',
  'consultants.resetDone':
    'One-time password for {email}: hand it over now, it is not shown again. They choose their own at sign-in.',
  'error.password_too_short': 'The new password is too short.',
  'error.password_too_common': 'This password is too common or too easy to guess. Choose another one.',
  'error.password_unchanged': 'The new password must differ from the current one.',
  'error.wrong_current_password': 'The current password is wrong.',
  'error.password_change_required': 'Choose a new password first.',
} as const;

/** Every language translates every string of this area: a missing one is a type error. */
export type AccountMessages = Record<keyof typeof accountEn, string>;

import type { AccountMessages } from './en.ts';

/** Portuguese strings of accounts: password change, the forced change, admin reset. */
export const accountPt: AccountMessages = {
  'nav.account': 'Conta',
  'account.heading': 'Alterar a palavra-passe',
  'account.forcedHeading': 'Escolha a sua própria palavra-passe',
  'account.forcedIntro':
    'Entrou com uma palavra-passe de utilização única. Escolha uma palavra-passe sua para continuar; a de utilização única deixa então de funcionar.',
  'account.current': 'Palavra-passe atual',
  'account.currentOneTime': 'Palavra-passe de utilização única',
  'account.new': 'Nova palavra-passe',
  'account.repeat': 'Repita a nova palavra-passe',
  'account.rules':
    'Pelo menos {min} caracteres. Palavras-passe comuns são recusadas; algumas palavras sem relação entre si funcionam bem.',
  'account.mismatch': 'As duas novas palavras-passe não são iguais.',
  'account.submit': 'Alterar a palavra-passe',
  'account.changed': 'Palavra-passe alterada. Todas as outras sessões desta conta foram terminadas.',
  'account.signOutInstead': 'Terminar sessão',
  'login.ended.logged_out': 'Terminou a sessão.',
  'login.ended.session_expired': 'A sua sessão expirou. Entre novamente.',
  'login.ended.password_changed': 'A sua sessão foi terminada: a palavra-passe desta conta foi alterada.',
  'login.ended.password_reset': 'A sua sessão foi terminada: um administrador redefiniu a palavra-passe desta conta.',
  'consultants.resetPassword': 'Redefinir palavra-passe',
  'consultants.resetConfirm':
    'Redefinir a palavra-passe de {name}? A sessão é terminada em todo o lado de imediato e volta a entrar com uma palavra-passe de utilização única.',
  'consultants.resetDone':
    'Palavra-passe de utilização única para {email}: entregue-a agora, não volta a ser mostrada. Ao entrar, escolhe a sua própria.',
  'error.password_too_short': 'A nova palavra-passe é demasiado curta.',
  'error.password_too_common': 'Esta palavra-passe é demasiado comum ou fácil de adivinhar. Escolha outra.',
  'error.password_unchanged': 'A nova palavra-passe tem de ser diferente da atual.',
  'error.wrong_current_password': 'A palavra-passe atual está errada.',
  'error.password_change_required': 'Escolha primeiro uma nova palavra-passe.',
};

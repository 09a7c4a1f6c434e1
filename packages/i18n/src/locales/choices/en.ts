/**
 * Issue 22 items 4 and 5: canned responses for everyone ([CR1]–[CR4]) and the visitor's choice of
 * department ([DC1]). Kept in its own block so that other features' keys merge without conflicts.
 */
export const choicesEn = {
  'canned.group.personal': 'Mine',
  'canned.group.department': 'My department',
  'canned.group.tenant': 'Everyone',
  'canned.mine': 'My canned responses',
  'canned.mineHelp': 'Only you see these; the desk lists them first.',
  'canned.none': 'None yet.',
  'canned.uses': '{count, plural, =0 {Not used yet} one {Used once} other {Used # times}}',
  'canned.edit': 'Edit',
  'canned.save': 'Save',
  'canned.cancel': 'Cancel',

  'department.legend': 'Who would you like to talk to?',
  'department.any': 'Anyone available',
} as const;

export type ChoicesMessages = Record<keyof typeof choicesEn, string>;

import type { ChoicesMessages } from './en.ts';

/** Dutch strings of personal canned responses and the choice of department. */
export const choicesNl: ChoicesMessages = {
  'canned.group.personal': 'Van mij',
  'canned.group.department': 'Mijn afdeling',
  'canned.group.tenant': 'Iedereen',
  'canned.mine': 'Mijn standaardantwoorden',
  'canned.mineHelp': 'Alleen jij ziet deze; de desk toont ze als eerste.',
  'canned.none': 'Nog geen.',
  'canned.uses': '{count, plural, =0 {Nog niet gebruikt} one {Eén keer gebruikt} other {# keer gebruikt}}',
  'canned.edit': 'Bewerken',
  'canned.save': 'Opslaan',
  'canned.cancel': 'Annuleren',

  'department.legend': 'Met wie wilt u spreken?',
  'department.any': 'Iedereen die beschikbaar is',
};

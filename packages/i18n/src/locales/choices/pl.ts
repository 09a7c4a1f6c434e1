import type { ChoicesMessages } from './en.ts';

/** Polish strings of personal canned responses and the choice of department. */
export const choicesPl: ChoicesMessages = {
  'canned.group.personal': 'Moje',
  'canned.group.department': 'Mój dział',
  'canned.group.tenant': 'Wszyscy',
  'canned.mine': 'Moje gotowe odpowiedzi',
  'canned.mineHelp': 'Widzisz je tylko Ty; na biurku są na początku listy.',
  'canned.none': 'Jeszcze żadnej.',
  'canned.uses':
    '{count, plural, =0 {Jeszcze nieużyta} one {Użyta raz} few {Użyta # razy} many {Użyta # razy} other {Użyta # razy}}',
  'canned.edit': 'Edytuj',
  'canned.save': 'Zapisz',
  'canned.cancel': 'Anuluj',

  'department.legend': 'Z kim chcesz porozmawiać?',
  'department.any': 'Z kimkolwiek dostępnym',
};

import type { ChoicesMessages } from './en.ts';

/** Portuguese strings of personal canned responses and the choice of department. */
export const choicesPt: ChoicesMessages = {
  'canned.group.personal': 'Minhas',
  'canned.group.department': 'O meu departamento',
  'canned.group.tenant': 'Todos',
  'canned.mine': 'As minhas respostas padrão',
  'canned.mineHelp': 'Só você as vê; a mesa de trabalho mostra-as primeiro.',
  'canned.none': 'Ainda nenhuma.',
  'canned.uses': '{count, plural, =0 {Ainda não usada} one {Usada uma vez} other {Usada # vezes}}',
  'canned.edit': 'Editar',
  'canned.save': 'Guardar',
  'canned.cancel': 'Cancelar',

  'department.legend': 'Com quem gostaria de falar?',
  'department.any': 'Qualquer pessoa disponível',
};

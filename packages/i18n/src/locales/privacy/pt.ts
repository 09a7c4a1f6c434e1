import type { privacyEn } from './en.ts';

export const privacyPt: Record<keyof typeof privacyEn, string> = {
  'admin.privacy': 'Privacidade',
  'privacy.title': 'Retenção e privacidade',
  'privacy.intro':
    'O Parley apaga a cada hora o que for mais antigo do que estes prazos. As conversas ficam nos relatórios, sem o visitante e sem o texto. Deixe um campo vazio para guardar esses dados até os apagar.',
  'privacy.chatDays': 'Transcrições de chat, chat da equipa e sessões marcadas (dias)',
  'privacy.notesDays': 'Notas e notas de encerramento (dias)',
  'privacy.inboxDays': 'Mensagens deixadas na caixa de entrada (dias)',
  'privacy.visitsDays': 'Nomes dos visitantes e os dados que as suas páginas anexam (dias)',
  'privacy.url': 'A sua política de privacidade (endereço https, indicado aos visitantes)',
  'privacy.save': 'Guardar',
  'privacy.saved': 'Guardado.',
  'privacy.apply': 'Aplicar agora',
  'privacy.applied':
    '{count, plural, =0 {Nada era antigo o suficiente para apagar.} one {# elemento apagado ou limpo.} other {# elementos apagados ou limpos.}}',
  'privacy.contact.export': 'Descarregar todos os dados (JSON)',
  'privacy.contact.erase': 'Apagar este contacto…',
  'privacy.contact.confirm':
    'Apagar {name} com todas as conversas, mensagens, notas e sessões marcadas ligadas a esta pessoa? Não é possível desfazer.',
  'privacy.contact.confirmButton': 'Apagar definitivamente',
  'privacy.contact.cancel': 'Cancelar',
  'privacy.contact.erased': 'O contacto e tudo o que lhe estava ligado foram apagados.',
  'privacy.visitor.kept':
    '{days, plural, one {Esta conversa é guardada durante # dia.} other {Esta conversa é guardada durante # dias.}}',
  'privacy.visitor.notice': 'Política de privacidade',
};

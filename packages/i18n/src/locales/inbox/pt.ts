import type { InboxMessages } from './en.ts';

/** Portuguese strings of the inbox's work on left messages ([IB1]–[IB4]). */
export const inboxPt: InboxMessages = {
  'inbox.mine': 'Só as minhas',
  'inbox.assignee': 'Atribuída a',
  'inbox.nobody': 'Ninguém',
  'inbox.assignedBy': 'Atribuída a {name} por {by}, {time}',
  'inbox.unassignedBy': 'Atribuição retirada por {by}, {time}',
  'inbox.reply': 'Responder por e-mail',
  'inbox.replyLabel': 'A sua resposta para {email}',
  'inbox.replySend': 'Enviar resposta',
  'inbox.replySent': 'A sua resposta foi enviada para {email}.',
  'inbox.answeredBy': 'Respondida por e-mail por {name}, {time}',
  'inbox.handledBy': 'Tratada por {name}, {time}',
  'inbox.someone': 'um antigo colega',
  'inboxMail.subject': 'Re: a sua mensagem para {company}: “{excerpt}”',
  'inboxMail.wrote': 'Em {time}, escreveu:',
};

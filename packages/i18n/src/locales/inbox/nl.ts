import type { InboxMessages } from './en.ts';

/** Dutch strings of the inbox's work on left messages ([IB1]–[IB4]). */
export const inboxNl: InboxMessages = {
  'inbox.mine': 'Alleen de mijne',
  'inbox.assignee': 'Toegewezen aan',
  'inbox.nobody': 'Niemand',
  'inbox.assignedBy': 'Toegewezen aan {name} door {by}, {time}',
  'inbox.unassignedBy': 'Toewijzing opgeheven door {by}, {time}',
  'inbox.reply': 'Per e-mail beantwoorden',
  'inbox.replyLabel': 'Uw antwoord aan {email}',
  'inbox.replySend': 'Antwoord versturen',
  'inbox.replySent': 'Uw antwoord is verstuurd naar {email}.',
  'inbox.answeredBy': 'Per e-mail beantwoord door {name}, {time}',
  'inbox.handledBy': 'Afgehandeld door {name}, {time}',
  'inbox.someone': 'een voormalige collega',
  'inboxMail.subject': 'Re: uw bericht aan {company}: “{excerpt}”',
  'inboxMail.wrote': 'Op {time} schreef u:',
};

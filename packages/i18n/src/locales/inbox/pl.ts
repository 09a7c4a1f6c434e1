import type { InboxMessages } from './en.ts';

/** Polish strings of the inbox's work on left messages ([IB1]–[IB4]). */
export const inboxPl: InboxMessages = {
  'inbox.mine': 'Tylko moje',
  'inbox.assignee': 'Przypisane do',
  'inbox.nobody': 'Nikogo',
  'inbox.assignedBy': 'Przypisane do: {name}, przez: {by}, {time}',
  'inbox.unassignedBy': 'Przypisanie usunięte przez: {by}, {time}',
  'inbox.reply': 'Odpowiedz e-mailem',
  'inbox.replyLabel': 'Twoja odpowiedź do {email}',
  'inbox.replySend': 'Wyślij odpowiedź',
  'inbox.replySent': 'Odpowiedź wysłano na adres {email}.',
  'inbox.answeredBy': 'Odpowiedź e-mailem: {name}, {time}',
  'inbox.handledBy': 'Załatwione przez: {name}, {time}',
  'inbox.someone': 'były współpracownik',
  'inboxMail.subject': 'Re: Twoja wiadomość do {company}: „{excerpt}”',
  'inboxMail.wrote': 'W dniu {time} otrzymaliśmy Twoją wiadomość:',
};

/** English strings of the inbox's work on left messages ([IB1]–[IB4]); spread into `en`. */
export const inboxEn = {
  // ---- the console's Inbox ----
  'inbox.mine': 'Only mine',
  'inbox.assignee': 'Assigned to',
  'inbox.nobody': 'Nobody',
  'inbox.assignedBy': 'Assigned to {name} by {by}, {time}',
  'inbox.unassignedBy': 'Unassigned by {by}, {time}',
  'inbox.reply': 'Answer by e-mail',
  'inbox.replyLabel': 'Your answer to {email}',
  'inbox.replySend': 'Send answer',
  'inbox.replySent': 'Your answer was sent to {email}.',
  'inbox.answeredBy': 'Answered by e-mail by {name}, {time}',
  'inbox.handledBy': 'Handled by {name}, {time}',
  'inbox.someone': 'a former colleague',
  // ---- the answer e-mail ([IB2]) ----
  'inboxMail.subject': 'Re: your message to {company}: “{excerpt}”',
  'inboxMail.wrote': 'On {time} you wrote:',
} as const;

export type InboxMessages = Record<keyof typeof inboxEn, string>;

/**
 * The consultant's desk (F-21–F-24, F-26, F-27, F-30): kept in its own block so that other
 * features' keys merge without conflicts. Spread into `en`; the other locales mirror it.
 */
export const deskEn = {
  'transcript.subject': 'Your conversation with {company}',
  'transcript.heading': 'Conversation transcript — {company}',
  'transcript.between': 'Between {visitor} and {consultant}',
  'transcript.started': 'Started: {time}',
  'transcript.ended': 'Ended: {time}',
  'transcript.noMessages': 'No chat messages were written.',
  'transcript.offer': 'E-mail me the transcript',
  'transcript.emailLabel': 'E-mail address',
  'transcript.send': 'Send transcript',
  'transcript.sent': 'The transcript is on its way.',
  'transcript.consultantTitle': 'E-mail the transcript',

  'nav.desk': 'Desk',
  'nav.contacts': 'Contacts',
  'nav.team': 'Team',
  'nav.settings': 'Desk settings',

  'contacts.search': 'Search by name, e-mail or customer id',
  'contacts.empty': 'No contacts found.',
  'contacts.count': '{count, plural, one {# contact} other {# contacts}}',
  'contacts.select': 'Choose a contact to see their history.',
  'contacts.externalId': 'Customer id: {id}',
  'contacts.lastSeen': 'Last seen {time}',
  'contacts.conversations': '{count, plural, =0 {No conversations yet} one {# conversation} other {# conversations}}',
  'contacts.with': 'with {name}',
  'contacts.disposition': 'Disposition: {label}',

  'desk.contact': 'Contact',
  'desk.anonymous': 'Anonymous visitor: the website did not identify them.',
  'desk.attached': 'Attached data',
  'desk.noAttached': 'The website attached no data.',
  'desk.customData': 'Custom data',
  'desk.noCustomFields': 'No custom fields are defined.',
  'desk.saveCustom': 'Save data',
  'desk.saved': 'Saved',
  'desk.notepad': 'Notepad',
  'desk.notePlaceholder': 'Write a note for the contact history',
  'desk.saveNote': 'Save note',
  'desk.notes': '{count, plural, =0 {No notes yet.} one {# note} other {# notes}}',

  'wrapup.title': 'Wrap-up',
  'wrapup.disposition': 'Disposition code',
  'wrapup.none': '— none —',
  'wrapup.required': 'A disposition code is required.',
  'wrapup.notes': 'Closing notes',
  'wrapup.done': 'Mark as done',
  'wrapup.recorded': 'Marked as done.',

  'canned.placeholder': 'Insert a canned response…',

  'team.title': 'Team',
  'team.everyone': 'Whole team',
  'team.placeholder': 'Message to {name}',
  'team.empty': 'No team messages yet.',
  'team.online': '{count, plural, =0 {Nobody else is online} one {# colleague online} other {# colleagues online}}',
  'team.presence.available': 'Available',
  'team.presence.online': 'Online',
  'team.presence.offline': 'Offline',
  'team.toYou': 'to you',

  'settings.dispositions': 'Disposition codes',
  'settings.code': 'Code',
  'settings.label': 'Label',
  'settings.add': 'Add',
  'settings.retire': 'Retire',
  'settings.restore': 'Restore',
  'settings.retired': 'retired',
  'settings.required': 'Require a disposition code before “Mark as done”',
  'settings.customFields': 'Custom data fields',
  'settings.remove': 'Remove',
  'settings.canned': 'Canned responses',
  'settings.cannedTitle': 'Title',
  'settings.cannedText': 'Text; variables: %visitor%, %consultant%, %company%',
  'settings.cannedDepartment': 'For department',
  'settings.cannedAllDepartments': 'All departments',
  'settings.identity': 'Visitor identity secret',
  'settings.identityHelp':
    'Your website’s backend signs a logged-in customer’s id, name, e-mail and an expiry with this secret (HMAC-SHA256, hex; see the README) and passes them to Parley.identify(). Keep it on your server.',
  'settings.rotate': 'Generate a new secret',
  'settings.adminOnly': 'Only administrators can change these settings.',

  'error.disposition_not_found': 'This disposition code does not exist.',
  'error.rate_limited': 'Too many requests. Please wait a moment.',
  'error.mail_not_configured': 'Sending e-mail is not set up on this server.',
  'error.mail_failed': 'The e-mail could not be sent. Please try again later.',
} as const;

/** Every language translates every string of this area: a missing one is a type error. */
export type DeskMessages = Record<keyof typeof deskEn, string>;

/** [GD1]–[GD5] Retention, a contact's export and erasure, and the visitor's privacy line (issue 15 item 7). */
export const privacyEn = {
  'admin.privacy': 'Privacy',
  'privacy.title': 'Retention and privacy',
  'privacy.intro':
    'Parley deletes what is older than these periods every hour. Conversations stay in reports without the visitor or the text. Leave a field empty to keep that data until you delete it.',
  'privacy.chatDays': 'Chat transcripts, team chat and planned sessions (days)',
  'privacy.notesDays': 'Notes and wrap-up notes (days)',
  'privacy.inboxDays': 'Messages left in the inbox (days)',
  'privacy.visitsDays': 'Visitor names and the data their pages attach (days)',
  'privacy.url': 'Your privacy notice (https address, linked for visitors)',
  'privacy.save': 'Save',
  'privacy.saved': 'Saved.',
  'privacy.apply': 'Apply now',
  'privacy.applied':
    '{count, plural, =0 {Nothing was old enough to delete.} one {# item deleted or cleared.} other {# items deleted or cleared.}}',
  'privacy.contact.export': 'Download all data (JSON)',
  'privacy.contact.erase': 'Erase this contact…',
  'privacy.contact.confirm':
    'Erase {name} with every conversation, message, note and planned session linked to them? This cannot be undone.',
  'privacy.contact.confirmButton': 'Erase for good',
  'privacy.contact.cancel': 'Cancel',
  'privacy.contact.erased': 'The contact and everything linked to it were erased.',
  'privacy.visitor.kept':
    '{days, plural, one {This conversation is kept for # day.} other {This conversation is kept for # days.}}',
  'privacy.visitor.notice': 'Privacy notice',
} as const;

import type { privacyEn } from './en.ts';

export const privacyNl: Record<keyof typeof privacyEn, string> = {
  'admin.privacy': 'Privacy',
  'privacy.title': 'Bewaartermijnen en privacy',
  'privacy.intro':
    'Parley verwijdert elk uur wat ouder is dan deze termijnen. Gesprekken blijven in de rapporten, zonder de bezoeker en zonder de tekst. Laat een veld leeg om die gegevens te bewaren tot u ze zelf verwijdert.',
  'privacy.chatDays': 'Chatgesprekken, teamchat en geplande sessies (dagen)',
  'privacy.notesDays': 'Notities en afrondingsnotities (dagen)',
  'privacy.inboxDays': 'Achtergelaten berichten in de inbox (dagen)',
  'privacy.visitsDays': 'Namen van bezoekers en de gegevens die hun pagina’s meegeven (dagen)',
  'privacy.url': 'Uw privacyverklaring (https-adres, gelinkt voor bezoekers)',
  'privacy.save': 'Opslaan',
  'privacy.saved': 'Opgeslagen.',
  'privacy.apply': 'Nu toepassen',
  'privacy.applied':
    '{count, plural, =0 {Niets was oud genoeg om te verwijderen.} one {# item verwijderd of gewist.} other {# items verwijderd of gewist.}}',
  'privacy.contact.export': 'Alle gegevens downloaden (JSON)',
  'privacy.contact.erase': 'Dit contact wissen…',
  'privacy.contact.confirm':
    '{name} wissen, met elk gesprek, bericht, elke notitie en geplande sessie die eraan gekoppeld is? Dit kan niet ongedaan worden gemaakt.',
  'privacy.contact.confirmButton': 'Definitief wissen',
  'privacy.contact.cancel': 'Annuleren',
  'privacy.contact.erased': 'Het contact en alles wat eraan gekoppeld was, is gewist.',
  'privacy.visitor.kept':
    '{days, plural, one {Dit gesprek wordt # dag bewaard.} other {Dit gesprek wordt # dagen bewaard.}}',
  'privacy.visitor.notice': 'Privacyverklaring',
};

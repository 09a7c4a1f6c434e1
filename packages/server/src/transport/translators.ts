import { createI18n, pickLocale, translator, type SupportedLocale, type Translate } from '@parley/i18n';

const cache = new Map<SupportedLocale, Translate>();

/** One translator per language for server-made text (transcripts), created on first use. */
export function translatorFor(locale: SupportedLocale = 'en'): Translate {
  let found = cache.get(locale);
  if (!found) {
    found = translator(createI18n(locale));
    cache.set(locale, found);
  }
  return found;
}

/** [SV7] The default invitation and the card's labels in the visitor's language (English otherwise). */
export function invitationTexts(language: string): { defaultText: string; start: string; close: string } {
  const t = translatorFor(pickLocale([language]));
  return { defaultText: t('invitation.default'), start: t('invitation.start'), close: t('invitation.close') };
}

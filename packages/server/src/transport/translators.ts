import { createI18n, translator, type SupportedLocale, type Translate } from '@parley/i18n';

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

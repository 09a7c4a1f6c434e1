import type { i18n } from 'i18next';
import type { Messages } from './locales/en.ts';
import { createInstance, type SupportedLocale } from './core.ts';

export * from './core.ts';

/**
 * One catalogue per language, fetched when needed: the visitor app downloads the language it
 * shows, not all four (docs/performance.md). Each import is spelled out so bundlers split them.
 */
export function loadCatalogue(locale: SupportedLocale): Promise<Messages> {
  switch (locale) {
    case 'pl':
      return import('./locales/pl.ts').then((m) => m.pl);
    case 'nl':
      return import('./locales/nl.ts').then((m) => m.nl);
    case 'pt':
      return import('./locales/pt.ts').then((m) => m.pt);
    default:
      return import('./locales/en.ts').then((m) => m.en);
  }
}

/** An instance with just `locale` loaded. Every catalogue has every key (a type error otherwise). */
export async function createLazyI18n(locale: SupportedLocale): Promise<i18n> {
  return createInstance(locale, { [locale]: { translation: await loadCatalogue(locale) } }, false);
}

/** Loads `locale` if it is not loaded yet, then switches to it. */
export async function switchLocale(instance: i18n, locale: SupportedLocale): Promise<void> {
  if (!instance.hasResourceBundle(locale, 'translation')) {
    instance.addResourceBundle(locale, 'translation', await loadCatalogue(locale));
  }
  await instance.changeLanguage(locale);
}

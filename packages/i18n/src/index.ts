import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { en, type MessageKey, type Messages } from './locales/en.ts';
import { nl } from './locales/nl.ts';
import { pl } from './locales/pl.ts';
import { pt } from './locales/pt.ts';

export type { MessageKey, Messages };

export const supportedLocales = ['en', 'pl', 'nl', 'pt'] as const;
export type SupportedLocale = (typeof supportedLocales)[number];

export const localeNames: Record<SupportedLocale, string> = {
  en: 'English',
  pl: 'Polski',
  nl: 'Nederlands',
  pt: 'Português',
};

export const catalogues: Record<SupportedLocale, Messages> = { en, pl, nl, pt };

export function isSupportedLocale(value: string): value is SupportedLocale {
  return (supportedLocales as readonly string[]).includes(value);
}

/** Picks the first supported language from a browser's preference list ("pl-PL" → "pl"). */
export function pickLocale(preferred: readonly string[]): SupportedLocale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isSupportedLocale(base)) return base;
  }
  return 'en';
}

/**
 * Creates an isolated i18next instance with ICU MessageFormat (needed for Polish plurals:
 * one / few / many). Resources are bundled, so `init` completes synchronously.
 */
export function createI18n(locale: SupportedLocale): i18n {
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    lng: locale,
    fallbackLng: 'en',
    initAsync: false,
    resources: Object.fromEntries(supportedLocales.map((l) => [l, { translation: catalogues[l] }])),
    interpolation: { escapeValue: false },
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
  });
  return instance;
}

export type Translate = (key: MessageKey, values?: Record<string, unknown>) => string;

export function translator(instance: i18n): Translate {
  return (key, values) => instance.t(key, values ?? {});
}

import i18next, { type i18n, type Resource } from 'i18next';
import ICU from 'i18next-icu';
import type { MessageKey } from './locales/en.ts';

export type { i18n as I18n } from 'i18next';

/** Languages and the i18next set-up, without any catalogue: loading those is the caller's choice. */
export const supportedLocales = ['en', 'pl', 'nl', 'pt'] as const;
export type SupportedLocale = (typeof supportedLocales)[number];

export const localeNames: Record<SupportedLocale, string> = {
  en: 'English',
  pl: 'Polski',
  nl: 'Nederlands',
  pt: 'Português',
};

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
 * An isolated i18next instance with ICU MessageFormat (needed for Polish plurals: one / few /
 * many). Resources are given, so `init` completes synchronously.
 */
export function createInstance(locale: SupportedLocale, resources: Resource, fallbackLng: string | false): i18n {
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    lng: locale,
    fallbackLng,
    initAsync: false,
    resources,
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

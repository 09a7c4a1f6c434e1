import type { i18n } from 'i18next';
import { en, type MessageKey, type Messages } from './locales/en.ts';
import { nl } from './locales/nl.ts';
import { pl } from './locales/pl.ts';
import { pt } from './locales/pt.ts';
import { createInstance, supportedLocales, type SupportedLocale } from './core.ts';

export type { MessageKey, Messages };
export {
  isSupportedLocale,
  localeNames,
  pickLocale,
  supportedLocales,
  translator,
  type SupportedLocale,
  type Translate,
} from './core.ts';

export const catalogues: Record<SupportedLocale, Messages> = { en, pl, nl, pt };

/** Every language bundled (server, console, tests); the visitor app loads one at a time (`./lazy`). */
export function createI18n(locale: SupportedLocale): i18n {
  const resources = Object.fromEntries(supportedLocales.map((l) => [l, { translation: catalogues[l] }]));
  return createInstance(locale, resources, 'en');
}

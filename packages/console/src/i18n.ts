import { createContext, useContext, useMemo, useState } from 'react';
import { createI18n, pickLocale, translator, type SupportedLocale, type Translate } from '@parley/i18n';

export interface I18nValue {
  t: Translate;
  locale: SupportedLocale;
  setLocale: (locale: SupportedLocale) => void;
}

/** Language from the browser, switchable; a new `t` per language re-renders every string. */
export function useI18nState(): I18nValue {
  const [locale, setLocaleState] = useState<SupportedLocale>(() => pickLocale(navigator.languages));
  const i18n = useMemo(() => createI18n(locale), [locale]);
  const t = useMemo(() => translator(i18n), [i18n]);
  document.documentElement.lang = locale;
  return { t, locale, setLocale: setLocaleState };
}

export const I18nContext = createContext<I18nValue | null>(null);

export function useT(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('I18nContext missing');
  return value;
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { switchLocale, translator, type I18n, type SupportedLocale, type Translate } from '@parley/i18n/lazy';
import type { VisitorClient, VisitorState } from '@parley/client';

/**
 * One i18next instance for the app, made with the first language loaded; switching fetches the
 * next language's catalogue, then re-renders every string.
 */
export function useI18n(
  i18n: I18n,
  initial: SupportedLocale,
): {
  t: Translate;
  locale: SupportedLocale;
  setLocale: (l: SupportedLocale) => void;
} {
  const [locale, setLocaleState] = useState(initial);
  const t = useMemo<Translate>(() => {
    const translate = translator(i18n);
    return (key, values) => translate(key, values);
    // A new function per locale makes every consumer re-render with the new language.
  }, [i18n, locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return {
    t,
    locale,
    setLocale: (l) => {
      // On a failed fetch the app stays in its current language rather than showing raw keys.
      switchLocale(i18n, l).then(
        () => setLocaleState(l),
        () => undefined,
      );
    },
  };
}

export function useVisitorState(client: VisitorClient): VisitorState {
  const [state, setState] = useState(client.state);
  useEffect(() => client.on('change', setState), [client]);
  return state;
}

import { localeNames, supportedLocales, type SupportedLocale, type Translate } from '@parley/i18n/core';

/** The language switch in both apps' headers (en, pl, nl, pt), each language named in itself. */
export function LanguageSelect({
  t,
  locale,
  setLocale,
}: {
  t: Translate;
  locale: SupportedLocale;
  setLocale: (locale: SupportedLocale) => void;
}) {
  return (
    <select
      data-testid="language"
      aria-label={t('app.language')}
      value={locale}
      onChange={(e) => setLocale(e.currentTarget.value as SupportedLocale)}
    >
      {supportedLocales.map((l) => (
        <option key={l} value={l}>
          {localeNames[l]}
        </option>
      ))}
    </select>
  );
}

import { useEffect, useState } from 'react';
import { me } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { localeNames, supportedLocales, type SupportedLocale } from '@parley/i18n';
import { I18nContext, useI18nState, useT } from './i18n.ts';
import { Login } from './Login.tsx';
import { Desk } from './Desk.tsx';

export function App() {
  const i18n = useI18nState();
  const [who, setWho] = useState<ConsultantMe | null | undefined>(undefined);
  /** [T9] The server ended the session because an admin deactivated the account. */
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => {
    me(location.origin).then(setWho, (_e: unknown) => setWho(null));
  }, []);
  return (
    <I18nContext.Provider value={i18n}>
      {who === undefined ? null : who ? (
        <Desk
          me={who}
          onLoggedOut={(reason) => {
            setSignedOut(reason === 'account_deactivated');
            setWho(null);
          }}
        />
      ) : (
        <Login onLoggedIn={setWho} signedOut={signedOut} />
      )}
    </I18nContext.Provider>
  );
}

export function LanguageSelect() {
  const { t, locale, setLocale } = useT();
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

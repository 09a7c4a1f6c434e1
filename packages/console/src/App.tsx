import { useEffect, useState } from 'react';
import { logout, me } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { LanguageSelect } from '@parley/ui';
import { I18nContext, useI18nState } from './i18n.ts';
import { Login } from './login/Login.tsx';
import { Desk } from './desk/Desk.tsx';
import { ChangePassword } from './account/Account.tsx';

export function App() {
  const i18n = useI18nState();
  const [who, setWho] = useState<ConsultantMe | null | undefined>(undefined);
  /** [T9][U1] Why the server ended the session (deactivated, password changed …), shown at login. */
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  useEffect(() => {
    me(location.origin).then(setWho, (_e: unknown) => setWho(null));
  }, []);
  const signOut = (reason?: string) => {
    setEndedBecause(reason ?? null);
    setWho(null);
  };
  return (
    <I18nContext.Provider value={i18n}>
      {who === undefined ? null : who?.mustChangePassword ? (
        // [U4] A one-time password opens nothing but choosing one's own.
        <main className="login">
          <div className="login-stack">
            <div className="login-head">
              <span className="muted">{who.email}</span>
              <LanguageSelect t={i18n.t} locale={i18n.locale} setLocale={i18n.setLocale} />
            </div>
            <ChangePassword forced onChanged={setWho} />
            <button
              className="link"
              data-testid="forced-logout"
              onClick={() => void logout(location.origin).finally(() => signOut())}
            >
              {i18n.t('account.signOutInstead')}
            </button>
          </div>
        </main>
      ) : who ? (
        <Desk me={who} onLoggedOut={signOut} />
      ) : (
        <Login
          onLoggedIn={(m) => {
            setEndedBecause(null);
            setWho(m);
          }}
          endedBecause={endedBecause}
        />
      )}
    </I18nContext.Provider>
  );
}

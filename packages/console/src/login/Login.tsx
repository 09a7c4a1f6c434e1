import { useState, type SubmitEvent } from 'react';
import { ApiError, login } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { LanguageSelect } from '@parley/ui';

/** [T9][U1] Why a session was ended by the server, as the login screen explains it. */
const endedMessages: Partial<Record<string, MessageKey>> = {
  account_deactivated: 'login.signedOut',
  logged_out: 'login.ended.logged_out',
  session_expired: 'login.ended.session_expired',
  password_changed: 'login.ended.password_changed',
  password_reset: 'login.ended.password_reset',
};

export function Login({
  onLoggedIn,
  endedBecause = null,
}: {
  onLoggedIn: (me: ConsultantMe) => void;
  /** The close reason of the session the server ended, if it did. */
  endedBecause?: string | null;
}) {
  const { t, locale, setLocale } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ended = endedBecause ? endedMessages[endedBecause] : undefined;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    login(location.origin, email, password)
      .then(onLoggedIn)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.code : 'internal_error'))
      .finally(() => setBusy(false));
  };

  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <div className="login-head">
          <h1>{t('login.heading')}</h1>
          <LanguageSelect t={t} locale={locale} setLocale={setLocale} />
        </div>
        <label>
          {t('login.email')}
          <input
            data-testid="login-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {ended && !error && (
          <p className="error" role="alert" data-testid="signed-out">
            {t(ended)}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="login-error">
            {t(`error.${error}` as MessageKey)}
          </p>
        )}
        <button className="primary" data-testid="login-submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}

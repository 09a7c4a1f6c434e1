import { useState, type SubmitEvent } from 'react';
import { ApiError, changePassword } from '@parley/client';
import { PASSWORD_MIN_LENGTH, type ConsultantMe } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';

/**
 * [U2][U4] Change one's own password: from "My account", or forced right after signing in with a
 * one-time password. The server checks the rules ([U3]); its coded refusals are shown translated.
 */
export function ChangePassword({
  forced = false,
  onChanged,
}: {
  /** Signed in with a one-time password: nothing else opens until it is replaced. */
  forced?: boolean;
  onChanged: (me: ConsultantMe) => void;
}) {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setError('account.mismatch');
      return;
    }
    setBusy(true);
    setError(null);
    changePassword(location.origin, { currentPassword: current, newPassword: next })
      .then((me) => {
        setCurrent('');
        setNext('');
        setRepeat('');
        setDone(true);
        onChanged(me);
      })
      .catch((e: unknown) => setError(`error.${e instanceof ApiError ? e.code : 'internal_error'}` as MessageKey))
      .finally(() => setBusy(false));
  };

  return (
    <form onSubmit={submit} className="card account-form" data-testid="change-password">
      <h2>{t(forced ? 'account.forcedHeading' : 'account.heading')}</h2>
      {forced && <p data-testid="forced-intro">{t('account.forcedIntro')}</p>}
      <label>
        {t(forced ? 'account.currentOneTime' : 'account.current')}
        <input
          data-testid="password-current"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('account.new')}
        <input
          data-testid="password-new"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="password-rules"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('account.repeat')}
        <input
          data-testid="password-repeat"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
      </label>
      <p id="password-rules" className="muted">
        {t('account.rules', { min: PASSWORD_MIN_LENGTH })}
      </p>
      {error && (
        <p className="error" role="alert" data-testid="password-error">
          {t(error)}
        </p>
      )}
      {done && !forced && (
        <p className="ok" role="status" data-testid="password-changed">
          {t('account.changed')}
        </p>
      )}
      <button className="primary" data-testid="password-submit" disabled={busy}>
        {t('account.submit')}
      </button>
    </form>
  );
}

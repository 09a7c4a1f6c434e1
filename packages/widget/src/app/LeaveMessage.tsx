import { useState } from 'preact/hooks';
import { ApiError, type VisitorClient } from '@parley/client';
import type { MessageKey, Translate } from '@parley/i18n';

/**
 * F-04: when nobody can take the request, the visitor leaves a message (name, e-mail, text);
 * it lands in the console inbox. Sending it also leaves the queue ([Q6]).
 */
export function LeaveMessage({ client, t, onDone }: { client: VisitorClient; t: Translate; onDone: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (sent) {
    return (
      <div class="leave card" data-testid="leave-sent" role="status">
        <p>{t('leave.sent')}</p>
        <button class="secondary" data-testid="leave-done" onClick={onDone}>
          {t('leave.back')}
        </button>
      </div>
    );
  }
  return (
    <form
      class="leave card"
      data-testid="leave-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        client
          .leaveMessage({ name, email, text })
          .then(() => setSent(true))
          .catch((err: unknown) => setError(err instanceof ApiError ? err.code : 'internal_error'))
          .finally(() => setBusy(false));
      }}
    >
      <h2>{t('leave.heading')}</h2>
      <label>
        {t('leave.name')}
        <input value={name} maxLength={80} autocomplete="name" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('leave.email')}
        <input
          type="email"
          required
          value={email}
          maxLength={254}
          autocomplete="email"
          data-testid="leave-email"
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('leave.text')}
        <textarea
          required
          rows={4}
          maxLength={4000}
          value={text}
          data-testid="leave-text"
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="banner error" role="alert">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" data-testid="leave-send" disabled={busy}>
          {t('leave.send')}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          {t('leave.back')}
        </button>
      </div>
    </form>
  );
}

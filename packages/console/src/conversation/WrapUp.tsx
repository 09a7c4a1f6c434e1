import { useState } from 'react';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { useDeskView } from '../desk/DeskPanel.tsx';

/**
 * After the end (F-21, F-30): disposition code (required when the tenant says so), closing notes
 * and "Mark as done", and the transcript by e-mail to an address the consultant chooses.
 */
export function WrapUp({ conversationId, onDone }: { conversationId: string; onDone: () => void }) {
  const { t, locale } = useT();
  const { view, error, run, api } = useDeskView(conversationId);
  const [code, setCode] = useState('');
  const [notes, setNotes] = useState('');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  if (!view) return null;
  const required = view.settings.dispositionRequired;
  return (
    <div className="wrap-up" data-testid="wrap-up">
      {error && (
        <p className="banner error" role="alert">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          void run(api.done(conversationId, code || null, notes)).then((ok) => ok && onDone());
        }}
      >
        <label>
          {t('wrapup.disposition')}
          <select data-testid="disposition" value={code} onChange={(e) => setCode(e.currentTarget.value)}>
            <option value="">{t('wrapup.none')}</option>
            {view.dispositions.map((d) => (
              <option key={d.id} value={d.code}>
                {d.code} — {d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {t('wrapup.notes')}
          <input
            data-testid="wrapup-notes"
            value={notes}
            maxLength={4000}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
        </label>
        <button
          className="primary"
          data-testid="mark-done"
          disabled={required && !code}
          title={required && !code ? t('wrapup.required') : undefined}
        >
          {t('wrapup.done')}
        </button>
      </form>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          void run(api.sendTranscript(conversationId, email, locale)).then((ok) => setSent(ok));
        }}
      >
        <label className="grow">
          {t('transcript.consultantTitle')}
          <input
            type="email"
            data-testid="consultant-transcript-email"
            value={email}
            required
            maxLength={254}
            placeholder={t('transcript.emailLabel')}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <button className="secondary" data-testid="consultant-transcript-send">
          {t('transcript.send')}
        </button>
        {sent && <span role="status">{t('transcript.sent')}</span>}
      </form>
    </div>
  );
}

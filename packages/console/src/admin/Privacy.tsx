import { useEffect, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { ErrorCode, PrivacySettingsBody } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from './ui.tsx';
import { errorCode } from './useLoad.ts';

type DaysField = 'chatDays' | 'notesDays' | 'inboxDays' | 'visitsDays';
const daysFields: DaysField[] = ['chatDays', 'notesDays', 'inboxDays', 'visitsDays'];

/** [GD1][GD2] Admin → Privacy: how long each kind of data is kept, the privacy notice, apply now. */
export function Privacy({ api }: { api: AdminApi }) {
  const { t } = useT();
  const [form, setForm] = useState<Record<DaysField | 'privacyUrl', string> | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const show = (s: PrivacySettingsBody) =>
    setForm({
      chatDays: s.chatDays?.toString() ?? '',
      notesDays: s.notesDays?.toString() ?? '',
      inboxDays: s.inboxDays?.toString() ?? '',
      visitsDays: s.visitsDays?.toString() ?? '',
      privacyUrl: s.privacyUrl ?? '',
    });
  useEffect(() => {
    api.privacySettings().then(show, (e: unknown) => setError(errorCode(e)));
  }, [api]);
  if (!form) return error ? <ErrorLine code={error} /> : null;
  const days = (value: string): number | null => (value.trim() === '' ? null : Number(value));
  const save = () => {
    setError(null);
    setStatus(null);
    const body: PrivacySettingsBody = {
      chatDays: days(form.chatDays),
      notesDays: days(form.notesDays),
      inboxDays: days(form.inboxDays),
      visitsDays: days(form.visitsDays),
      privacyUrl: form.privacyUrl.trim() === '' ? null : form.privacyUrl.trim(),
    };
    api.setPrivacySettings(body).then(
      (stored) => {
        show(stored);
        setStatus(t('privacy.saved'));
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  const apply = () => {
    setError(null);
    api.applyRetention().then(
      ({ removed }) =>
        setStatus(t('privacy.applied', { count: Object.values(removed).reduce((sum, n) => sum + n, 0) })),
      (e: unknown) => setError(errorCode(e)),
    );
  };
  return (
    <form
      className="card invite privacy-settings"
      data-testid="privacy-settings"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h2>{t('privacy.title')}</h2>
      <p className="muted">{t('privacy.intro')}</p>
      <div className="fields two">
        {daysFields.map((field) => (
          <label key={field}>
            {t(`privacy.${field}`)}
            <input
              type="number"
              min={1}
              max={3650}
              step={1}
              data-testid={`privacy-${field}`}
              value={form[field]}
              onChange={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
            />
          </label>
        ))}
        <label>
          {t('privacy.url')}
          <input
            type="url"
            data-testid="privacy-url"
            placeholder="https://"
            value={form.privacyUrl}
            onChange={(e) => setForm({ ...form, privacyUrl: e.currentTarget.value })}
          />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="primary" data-testid="privacy-save">
          {t('privacy.save')}
        </button>
        <button type="button" data-testid="privacy-apply" onClick={apply}>
          {t('privacy.apply')}
        </button>
      </div>
      {status && (
        <p className="muted" role="status" data-testid="privacy-status">
          {status}
        </p>
      )}
      {error && <ErrorLine code={error} />}
    </form>
  );
}

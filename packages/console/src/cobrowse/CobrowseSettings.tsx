import { useEffect, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { CobrowseSettings as Settings, ErrorCode } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';

/**
 * [CB8] Admin → Websites: whether consultants may click and type on the visitor's shared page
 * (off by default; the visitor still has to allow it each time).
 */
export function CobrowseSettings({ api }: { api: AdminApi }) {
  const { t } = useT();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.cobrowseSettings().then(setSettings, (e: unknown) => setError(errorCode(e)));
  }, [api]);
  if (!settings) return error ? <ErrorLine code={error} /> : null;
  const change = (control: boolean) => {
    setSettings({ control });
    setSaved(false);
    setError(null);
    api.setCobrowseSettings({ control }).then(
      (stored) => {
        setSettings(stored);
        setSaved(true);
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  return (
    <fieldset className="card cobrowse-settings" data-testid="cobrowse-settings">
      <legend>{t('cobrowse.settings')}</legend>
      <label>
        <input
          type="checkbox"
          data-testid="cobrowse-control-setting"
          checked={settings.control}
          onChange={(e) => change(e.currentTarget.checked)}
        />{' '}
        {t('cobrowse.settings.control')}
      </label>
      {saved && (
        <p className="muted" role="status" data-testid="cobrowse-settings-saved">
          {t('cobrowse.settings.saved')}
        </p>
      )}
      {error && <ErrorLine code={error} />}
    </fieldset>
  );
}

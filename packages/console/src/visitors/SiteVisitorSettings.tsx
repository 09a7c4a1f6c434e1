import { useEffect, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { ErrorCode, SiteVisitorSettingsBody } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';
import './visitors.css';

/**
 * [SV1][SV4] Admin → Websites: whether the loader reports the visitors of the tenant's sites,
 * and whether a browser's Do Not Track / Global Privacy Control is honoured (both on by default).
 */
export function SiteVisitorSettings({ api }: { api: AdminApi }) {
  const { t } = useT();
  const [settings, setSettings] = useState<SiteVisitorSettingsBody | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.siteVisitorSettings().then(setSettings, (e: unknown) => setError(errorCode(e)));
  }, [api]);
  if (!settings) return error ? <ErrorLine code={error} /> : null;
  const change = (patch: Partial<SiteVisitorSettingsBody>) => {
    const next = { ...settings, ...patch };
    setSettings(next);
    setSaved(false);
    setError(null);
    api.setSiteVisitorSettings(next).then(
      (stored) => {
        setSettings(stored);
        setSaved(true);
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  return (
    <fieldset className="card site-visitor-settings" data-testid="site-visitor-settings">
      <legend>{t('visitors.settings')}</legend>
      <label>
        <input
          type="checkbox"
          data-testid="site-visitors-enabled"
          checked={settings.enabled}
          onChange={(e) => change({ enabled: e.currentTarget.checked })}
        />{' '}
        {t('visitors.settings.enabled')}
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="site-visitors-dnt"
          checked={settings.honourDoNotTrack}
          onChange={(e) => change({ honourDoNotTrack: e.currentTarget.checked })}
        />{' '}
        {t('visitors.settings.honourDnt')}
      </label>
      {saved && (
        <p className="muted" role="status">
          {t('visitors.settings.saved')}
        </p>
      )}
      {error && <ErrorLine code={error} />}
    </fieldset>
  );
}

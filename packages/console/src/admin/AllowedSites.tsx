import { useState, type SubmitEvent } from 'react';
import type { AdminApi } from '@parley/client';
import { siteOrigin, type ErrorCode } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from './ui.tsx';
import { errorCode } from './useLoad.ts';

interface Props {
  api: AdminApi;
  /** The tenant's allowed sites; empty: any website. */
  sites: readonly string[];
  onChanged: (sites: string[]) => void;
}

/**
 * [EM1] Where the tenant's help buttons may appear: any website until an admin lists sites, then
 * only those. Each add or remove is saved at once; the server checks every entry again.
 */
export function AllowedSites({ api, sites, onChanged }: Props) {
  const { t } = useT();
  const [address, setAddress] = useState('');
  const [error, setError] = useState<ErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const save = (next: string[], after?: () => void) => {
    setError(null);
    setBusy(true);
    api
      .setTenantSettings({ allowedOrigins: next })
      .then((saved) => {
        after?.();
        onChanged(saved.allowedOrigins);
      })
      .catch((e: unknown) => setError(errorCode(e)))
      .finally(() => setBusy(false));
  };
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    // Checked here too, so a typo is explained at once in the admin's language.
    const origin = siteOrigin(address);
    if (origin === null) {
      setError('invalid_site');
      return;
    }
    if (sites.includes(origin)) setAddress('');
    else save([...sites, origin], () => setAddress(''));
  };

  return (
    <div className="section" data-testid="sites">
      <div className="card sites-intro">
        <h2>{t('sites.title')}</h2>
        <p>{t('sites.explain')}</p>
        <p className={`sites-now ${sites.length > 0 ? 'listed' : ''}`} data-testid="sites-now">
          {sites.length === 0 ? t('sites.anywhere') : t('sites.restricted', { count: sites.length })}
        </p>
      </div>
      <form className="card sites-form" onSubmit={add} noValidate>
        <div className="inline-form">
          <label>
            {t('sites.address')}
            <input
              data-testid="site-address"
              type="text"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              maxLength={256}
              placeholder="https://www.example.com"
              aria-describedby="site-format"
              aria-invalid={error === 'invalid_site'}
              value={address}
              onChange={(e) => setAddress(e.currentTarget.value)}
            />
          </label>
          <button className="primary" disabled={busy || address.trim() === ''} data-testid="site-add">
            {t('sites.add')}
          </button>
        </div>
        <p className="hint" id="site-format">
          {t('sites.format')}
        </p>
        <ErrorLine code={error} />
      </form>
      {sites.length > 0 && (
        <ul className="rows card" data-testid="site-list">
          {sites.map((site) => (
            <li key={site} className="row site-row" data-testid="site-row">
              <code>{site}</code>
              <span className="spacer" />
              <button
                className="secondary"
                disabled={busy}
                aria-label={t('sites.removeLabel', { site })}
                data-testid={`site-remove-${site}`}
                onClick={() => save(sites.filter((s) => s !== site))}
              >
                {t('sites.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError, DeskApi } from '@parley/client';
import type { CustomFieldView, DeskSettings as Settings, DispositionView } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { InlineField } from '../admin/ui.tsx';
import { MyCannedResponses, SharedCannedResponses } from './CannedResponses.tsx';
import '../desk/desk.css';

const api = new DeskApi(location.origin);

/**
 * Admin settings of the desk: disposition codes and whether one is required (F-21), custom data
 * fields (F-22), canned responses (F-24) and the visitor identity secret (F-23). Every consultant
 * finds their own canned responses here too ([CR2]).
 */
export function DeskSettings({ admin }: { admin: boolean }) {
  const { t } = useT();
  const [dispositions, setDispositions] = useState<DispositionView[]>([]);
  const [fields, setFields] = useState<CustomFieldView[]>([]);
  const [settings, setSettings] = useState<Settings>({ dispositionRequired: false });
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [field, setField] = useState('');

  const load = useCallback(() => {
    if (!admin) return;
    void Promise.all([api.dispositions(), api.customFields(), api.settings(), api.identitySecret()]).then(
      ([d, f, s, k]) => {
        setDispositions(d);
        setFields(f);
        setSettings(s);
        setSecret(k.secret);
      },
    );
  }, [admin]);
  useEffect(load, [load]);
  const run = (action: Promise<unknown>, after?: () => void) =>
    void action.then(
      () => {
        setError(null);
        after?.();
        load();
      },
      (e: unknown) => setError(e instanceof ApiError ? e.code : 'internal_error'),
    );

  // [CR2] Every consultant keeps their own canned responses here; the rest is the admin's.
  if (!admin) {
    return (
      <section className="settings" data-testid="desk-settings">
        <MyCannedResponses />
      </section>
    );
  }
  return (
    <section className="settings" data-testid="desk-settings">
      {error && (
        <p className="banner error" role="alert">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      <div className="card">
        <h2>{t('settings.dispositions')}</h2>
        <label className="check">
          <input
            type="checkbox"
            data-testid="disposition-required"
            checked={settings.dispositionRequired}
            onChange={(e) => run(api.saveSettings({ dispositionRequired: e.currentTarget.checked }))}
          />
          {t('settings.required')}
        </label>
        <ul className="rows">
          {dispositions.map((d) => (
            <li key={d.id} className={d.active ? '' : 'retired'} data-testid="disposition-row">
              <code>{d.code}</code> <span className="grow">{d.label}</span>
              {!d.active && <small className="muted">{t('settings.retired')}</small>}
              <button className="link" onClick={() => run(api.updateDisposition(d.id, { active: !d.active }))}>
                {t(d.active ? 'settings.retire' : 'settings.restore')}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            run(api.createDisposition(code, label), () => {
              setCode('');
              setLabel('');
            });
          }}
        >
          <InlineField
            testId="disposition-code"
            label={t('settings.code')}
            value={code}
            onChange={setCode}
            maxLength={32}
          />
          <InlineField
            grow
            testId="disposition-label"
            label={t('settings.label')}
            value={label}
            onChange={setLabel}
            maxLength={80}
          />
          <button className="secondary" data-testid="disposition-add">
            {t('settings.add')}
          </button>
        </form>
      </div>
      <div className="card">
        <h2>{t('settings.customFields')}</h2>
        <ul className="rows">
          {fields.map((f) => (
            <li key={f.id}>
              <span className="grow">{f.label}</span>
              <button className="link" onClick={() => run(api.deleteCustomField(f.id))}>
                {t('settings.remove')}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            run(api.createCustomField(field), () => setField(''));
          }}
        >
          <InlineField
            grow
            testId="field-label"
            label={t('settings.label')}
            value={field}
            onChange={setField}
            maxLength={80}
          />
          <button className="secondary" data-testid="field-add">
            {t('settings.add')}
          </button>
        </form>
      </div>
      <SharedCannedResponses />
      <MyCannedResponses />
      <div className="card">
        <h2>{t('settings.identity')}</h2>
        <p className="muted">{t('settings.identityHelp')}</p>
        <div className="row secret-row">
          <code className="secret" data-testid="identity-secret">
            {secret}
          </code>
          <button className="secondary" onClick={() => run(api.rotateIdentitySecret())}>
            {t('settings.rotate')}
          </button>
        </div>
      </div>
    </section>
  );
}

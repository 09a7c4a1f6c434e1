import { useCallback, useEffect, useState } from 'react';
import { AdminApi, ApiError, DeskApi } from '@parley/client';
import type {
  CannedResponseView,
  CustomFieldView,
  DepartmentView,
  DeskSettings as Settings,
  DispositionView,
} from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { InlineField } from '../admin/ui.tsx';
import '../desk/desk.css';

const api = new DeskApi(location.origin);
const adminApi = new AdminApi(location.origin);

/**
 * Admin settings of the desk: disposition codes and whether one is required (F-21), custom data
 * fields (F-22), canned responses (F-24) and the visitor identity secret (F-23).
 */
export function DeskSettings({ admin }: { admin: boolean }) {
  const { t } = useT();
  const [dispositions, setDispositions] = useState<DispositionView[]>([]);
  const [fields, setFields] = useState<CustomFieldView[]>([]);
  const [canned, setCanned] = useState<CannedResponseView[]>([]);
  const [settings, setSettings] = useState<Settings>({ dispositionRequired: false });
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [field, setField] = useState('');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  // F-24: a canned response serves the whole tenant or one department.
  const [departments, setDepartments] = useState<DepartmentView[]>([]);
  const [department, setDepartment] = useState('');

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
    api.cannedResponses().then(setCanned, () => undefined);
    adminApi.departments().then(setDepartments, () => undefined);
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

  if (!admin) return <p className="idle">{t('settings.adminOnly')}</p>;
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
      <div className="card">
        <h2>{t('settings.canned')}</h2>
        <ul className="rows">
          {canned.map((c) => (
            <li key={c.id}>
              <strong>{c.title}</strong>
              <span className="grow muted">{c.text}</span>
              {c.departmentId && (
                <span className="muted" data-testid="canned-department">
                  {departments.find((d) => d.id === c.departmentId)?.name ?? ''}
                </span>
              )}
              <button className="link" onClick={() => run(api.deleteCanned(c.id))}>
                {t('settings.remove')}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            run(api.createCanned({ title, text, departmentId: department || null }), () => {
              setTitle('');
              setText('');
            });
          }}
        >
          <InlineField
            testId="canned-title"
            label={t('settings.cannedTitle')}
            value={title}
            onChange={setTitle}
            maxLength={80}
          />
          <textarea
            data-testid="canned-text"
            value={text}
            required
            rows={2}
            maxLength={2000}
            placeholder={t('settings.cannedText')}
            aria-label={t('settings.cannedText')}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <select
            data-testid="canned-department-select"
            value={department}
            aria-label={t('settings.cannedDepartment')}
            onChange={(e) => setDepartment(e.currentTarget.value)}
          >
            <option value="">{t('settings.cannedAllDepartments')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <button className="secondary" data-testid="canned-add">
            {t('settings.add')}
          </button>
        </form>
      </div>
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

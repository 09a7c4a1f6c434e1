import { useCallback, useEffect, useState } from 'react';
import { AdminApi, ApiError, DeskApi } from '@parley/client';
import type { CannedResponseView, DepartmentView } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { InlineField } from '../admin/ui.tsx';

const api = new DeskApi(location.origin);
const adminApi = new AdminApi(location.origin);

interface Draft {
  title: string;
  text: string;
  departmentId: string | null;
}
const emptyDraft: Draft = { title: '', text: '', departmentId: null };

/**
 * [CR1][CR2][CR4] One list of canned responses with add, edit and remove, and each one's use
 * count: the admin's shared ones (with a department choice) or the consultant's own.
 */
function CannedList(props: {
  kind: 'shared' | 'mine';
  heading: string;
  help?: string;
  load: () => Promise<CannedResponseView[]>;
  save: (draft: Draft, id: string | null) => Promise<unknown>;
  remove: (id: string) => Promise<unknown>;
  departments?: DepartmentView[];
}) {
  const { t } = useT();
  const [items, setItems] = useState<CannedResponseView[]>([]);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { load, save, remove, departments } = props;
  const reload = useCallback(() => {
    load().then(setItems, () => undefined);
  }, [load]);
  useEffect(reload, [reload]);
  const run = (action: Promise<unknown>, after?: () => void) =>
    void action.then(
      () => {
        setError(null);
        after?.();
        reload();
      },
      (e: unknown) => setError(e instanceof ApiError ? e.code : 'internal_error'),
    );
  const reset = () => {
    setDraft(emptyDraft);
    setEditing(null);
  };
  const scopeLabel = (c: CannedResponseView) =>
    c.departmentId
      ? (departments?.find((d) => d.id === c.departmentId)?.name ?? '')
      : t(c.scope === 'personal' ? 'canned.group.personal' : 'canned.group.tenant');
  const testId = (name: string) => `${props.kind === 'mine' ? 'my-' : ''}canned-${name}`;

  return (
    <div className="card" data-testid={testId('card')}>
      <h2>{props.heading}</h2>
      {props.help && <p className="muted">{props.help}</p>}
      {error && (
        <p className="error" role="alert">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      <ul className="rows">
        {items.length === 0 && <li className="muted">{t('canned.none')}</li>}
        {items.map((c) => (
          <li key={c.id} data-testid={testId('row')}>
            <strong>{c.title}</strong>
            <span className="grow muted">{c.text}</span>
            {props.kind === 'shared' && (
              <span className="muted" data-testid="canned-department">
                {scopeLabel(c)}
              </span>
            )}
            <span className="muted" data-testid={testId('uses')}>
              {t('canned.uses', { count: c.useCount })}
            </span>
            <button
              className="link"
              data-testid={testId('edit')}
              onClick={() => {
                setEditing(c.id);
                setDraft({ title: c.title, text: c.text, departmentId: c.departmentId });
              }}
            >
              {t('canned.edit')}
            </button>
            <button className="link" data-testid={testId('remove')} onClick={() => run(remove(c.id))}>
              {t('settings.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          run(save(draft, editing), reset);
        }}
      >
        <InlineField
          testId={testId('title')}
          label={t('settings.cannedTitle')}
          value={draft.title}
          onChange={(title) => setDraft({ ...draft, title })}
          maxLength={80}
        />
        <textarea
          data-testid={testId('text')}
          value={draft.text}
          required
          rows={2}
          maxLength={2000}
          placeholder={t('settings.cannedText')}
          aria-label={t('settings.cannedText')}
          onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
        />
        {departments && (
          <select
            data-testid="canned-department-select"
            value={draft.departmentId ?? ''}
            aria-label={t('settings.cannedDepartment')}
            onChange={(e) => setDraft({ ...draft, departmentId: e.currentTarget.value || null })}
          >
            <option value="">{t('settings.cannedAllDepartments')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
        <div className="row">
          <button className="secondary" data-testid={testId('add')}>
            {t(editing ? 'canned.save' : 'settings.add')}
          </button>
          {editing && (
            <button type="button" className="link" data-testid={testId('cancel')} onClick={reset}>
              {t('canned.cancel')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

/** [CR1] The admin's shared responses: the tenant's and each department's, with use counts. */
export function SharedCannedResponses() {
  const { t } = useT();
  const [departments, setDepartments] = useState<DepartmentView[]>([]);
  useEffect(() => {
    adminApi.departments().then(setDepartments, () => undefined);
  }, []);
  const load = useCallback(() => api.sharedCanned(), []);
  return (
    <CannedList
      kind="shared"
      heading={t('settings.canned')}
      load={load}
      save={(d, id) => (id ? api.updateCanned(id, d) : api.createCanned(d))}
      remove={(id) => api.deleteCanned(id)}
      departments={departments}
    />
  );
}

/** [CR2] The consultant's own responses, seen by nobody else. */
export function MyCannedResponses() {
  const { t } = useT();
  const load = useCallback(async () => (await api.cannedResponses()).filter((c) => c.scope === 'personal'), []);
  return (
    <CannedList
      kind="mine"
      heading={t('canned.mine')}
      help={t('canned.mineHelp')}
      load={load}
      save={({ title, text }, id) =>
        id ? api.updateMyCanned(id, { title, text }) : api.createMyCanned({ title, text })
      }
      remove={(id) => api.deleteMyCanned(id)}
    />
  );
}

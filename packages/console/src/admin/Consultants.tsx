import { useState, type SubmitEvent } from 'react';
import type { AdminApi } from '@parley/client';
import {
  MAX_CONVERSATIONS_PER_CONSULTANT,
  type ConsultantMe,
  type ConsultantView,
  type DepartmentView,
  type ErrorCode,
  type InvitedConsultant,
  type UpdateConsultantInput,
} from '@parley/protocol';
import { useT } from '../i18n.ts';
import { CopyField, ErrorLine } from './ui.tsx';
import { errorCode } from './useLoad.ts';

interface Props {
  api: AdminApi;
  me: ConsultantMe;
  consultants: ConsultantView[];
  departments: DepartmentView[];
  onChanged: () => void;
}

const capacities = Array.from({ length: MAX_CONVERSATIONS_PER_CONSULTANT }, (_, i) => i + 1);

/** Consultants: invite (one-time password shown once), role, department, capacity, (de)activate. */
export function Consultants({ api, me, consultants, departments, onChanged }: Props) {
  const { t } = useT();
  const [error, setError] = useState<ErrorCode | null>(null);
  const [invited, setInvited] = useState<InvitedConsultant | null>(null);
  /** [U5] The consultant whose reset waits for confirmation, then the one-time password (shown once). */
  const [resetting, setResetting] = useState<ConsultantView | null>(null);
  const [reset, setReset] = useState<{ consultant: ConsultantView; password: string } | null>(null);

  const confirmReset = (consultant: ConsultantView) => {
    setError(null);
    setResetting(null);
    api.resetPassword(consultant.id).then(
      ({ oneTimePassword }) => setReset({ consultant, password: oneTimePassword }),
      (e: unknown) => setError(errorCode(e)),
    );
  };

  const update = (id: string, patch: UpdateConsultantInput) => {
    setError(null);
    api.updateConsultant(id, patch).then(onChanged, (e: unknown) => setError(errorCode(e)));
  };

  return (
    <div className="section" data-testid="consultants">
      <InviteForm
        api={api}
        departments={departments}
        onInvited={(result) => {
          setInvited(result);
          onChanged();
        }}
      />
      {invited && (
        <div className="card notice" data-testid="invited">
          <p>{t('consultants.invited', { email: invited.consultant.email })}</p>
          <CopyField label={invited.consultant.name} value={invited.initialPassword} testId="initial-password" />
          <button className="link" onClick={() => setInvited(null)}>
            ×
          </button>
        </div>
      )}
      {resetting && (
        <div className="card notice" data-testid="reset-confirmation" role="alertdialog" aria-live="polite">
          <p>{t('consultants.resetConfirm', { name: resetting.name })}</p>
          <div className="row">
            <button className="primary" data-testid="reset-confirm" onClick={() => confirmReset(resetting)}>
              {t('consultants.resetPassword')}
            </button>
            <button className="secondary" onClick={() => setResetting(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {reset && (
        <div className="card notice" data-testid="reset-done">
          <p>{t('consultants.resetDone', { email: reset.consultant.email })}</p>
          <CopyField label={reset.consultant.name} value={reset.password} testId="one-time-password" />
          <button className="link" onClick={() => setReset(null)} aria-label={t('loader.close')}>
            ×
          </button>
        </div>
      )}
      <ErrorLine code={error} />
      <div className="card table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('consultants.name')}</th>
              <th>{t('consultants.role')}</th>
              <th>{t('consultants.department')}</th>
              <th>{t('consultants.maxConversations')}</th>
              <th>{t('consultants.status')}</th>
            </tr>
          </thead>
          <tbody>
            {consultants.map((c) => {
              const self = c.id === me.id;
              return (
                <tr key={c.id} className={c.active ? '' : 'inactive'} data-testid="consultant-row">
                  <td>
                    <strong>{c.name}</strong> {self && <span className="muted">{t('consultants.you')}</span>}
                    <br />
                    <span className="muted">
                      {c.email} · {t('consultants.links', { count: c.linkIds.length })}
                    </span>
                  </td>
                  <td>
                    <select
                      aria-label={t('consultants.role')}
                      value={c.role}
                      disabled={self}
                      onChange={(e) => update(c.id, { role: e.currentTarget.value as ConsultantView['role'] })}
                    >
                      <option value="consultant">{t('role.consultant')}</option>
                      <option value="supervisor">{t('role.supervisor')}</option>
                      <option value="admin">{t('role.admin')}</option>
                    </select>
                  </td>
                  <td>
                    <DepartmentSelect
                      departments={departments}
                      value={c.departmentId}
                      onChange={(departmentId) => update(c.id, { departmentId })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={t('consultants.maxConversations')}
                      value={c.maxConversations}
                      onChange={(e) => update(c.id, { maxConversations: Number(e.currentTarget.value) })}
                    >
                      {capacities.map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="status-cell">
                    <span className={`badge ${c.active ? 'on' : 'off'}`}>
                      {t(c.active ? 'consultants.active' : 'consultants.inactive')}
                    </span>
                    {!self && (
                      <button
                        className={c.active ? 'secondary' : 'primary'}
                        data-testid="consultant-toggle"
                        onClick={() => update(c.id, { active: !c.active })}
                      >
                        {t(c.active ? 'consultants.deactivate' : 'consultants.reactivate')}
                      </button>
                    )}
                    {!self && c.active && (
                      <button
                        className="secondary"
                        data-testid="consultant-reset"
                        onClick={() => {
                          setReset(null);
                          setResetting(c);
                        }}
                      >
                        {t('consultants.resetPassword')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function DepartmentSelect(props: {
  departments: DepartmentView[];
  value: string | null;
  onChange: (id: string | null) => void;
  noneLabel?: string;
  testId?: string;
}) {
  const { t } = useT();
  return (
    <select
      aria-label={t('consultants.department')}
      data-testid={props.testId}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.currentTarget.value || null)}
    >
      <option value="">{props.noneLabel ?? t('common.none')}</option>
      {props.departments.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

function InviteForm(props: {
  api: AdminApi;
  departments: DepartmentView[];
  onInvited: (result: InvitedConsultant) => void;
}) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ConsultantView['role']>('consultant');
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    props.api
      .inviteConsultant({ name, email, role, departmentId })
      .then((result) => {
        setName('');
        setEmail('');
        props.onInvited(result);
      })
      .catch((e: unknown) => setError(errorCode(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="card invite" onSubmit={submit} data-testid="invite-form">
      <h2>{t('consultants.invite')}</h2>
      <div className="fields">
        <label>
          {t('consultants.name')}
          <input
            data-testid="invite-name"
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('consultants.email')}
          <input
            data-testid="invite-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('consultants.role')}
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as ConsultantView['role'])}>
            <option value="consultant">{t('role.consultant')}</option>
            <option value="supervisor">{t('role.supervisor')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </label>
        <label>
          {t('consultants.department')}
          <DepartmentSelect
            departments={props.departments}
            value={departmentId}
            onChange={setDepartmentId}
            testId="invite-department"
          />
        </label>
        <button className="primary" disabled={busy} data-testid="invite-submit">
          {t('consultants.sendInvite')}
        </button>
      </div>
      <ErrorLine code={error} />
    </form>
  );
}

import { useMemo, useState } from 'react';
import type { AdminApi, AppointmentsApi } from '@parley/client';
import {
  formatSessionCode,
  locales,
  type AppointmentView,
  type ConsultantLinkView,
  type ConsultantMe,
  type ErrorCode,
  type IssuedAppointment,
  type Locale,
} from '@parley/protocol';
import { UserText } from '@parley/ui';
import { localeNames } from '@parley/i18n/core';
import { useT } from '../i18n.ts';
import { CopyField, ErrorLine } from '../admin/ui.tsx';
import { errorCode, useLoad } from '../admin/useLoad.ts';
import './appointments.css';

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const timeOf = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

interface Draft {
  date: string;
  time: string;
  duration: number;
  guestName: string;
  guestEmail: string;
  guestPhone: string;
  linkId: string;
  consultantId: string;
  locale: Locale;
}

/** The next quarter hour, as a sensible default start. */
function nextQuarter(): Date {
  const d = new Date(Date.now() + 15 * 60_000);
  d.setMinutes(Math.floor(d.getMinutes() / 15) * 15, 0, 0);
  return d;
}

/**
 * [AP1]–[AP6] Planned sessions (F-12): plan one (for oneself, or as admin for a colleague), see
 * the code and personal link once, list the upcoming ones, reschedule or cancel them.
 */
export function Appointments({
  api,
  adminApi,
  me,
  links,
}: {
  api: AppointmentsApi;
  adminApi: AdminApi;
  me: ConsultantMe;
  links: readonly ConsultantLinkView[];
}) {
  const { t, locale } = useT();
  const upcoming = useLoad(() => api.upcoming());
  const colleagues = useLoad(() => (me.role === 'admin' ? adminApi.consultants() : Promise.resolve([])));
  const callLinks = links.filter((l) => l.mode !== 'broadcast');
  const blank = (): Draft => {
    const start = nextQuarter();
    return {
      date: dateOf(start),
      time: timeOf(start),
      duration: 30,
      guestName: '',
      guestEmail: '',
      guestPhone: '',
      linkId: callLinks[0]?.id ?? '',
      consultantId: me.id,
      locale,
    };
  };
  const [draft, setDraft] = useState<Draft>(blank);
  const [editing, setEditing] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ result: IssuedAppointment; changed: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const format = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }), [locale]);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (event: React.SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const input = {
      startsAt: new Date(`${draft.date}T${draft.time}`).getTime(),
      durationMinutes: draft.duration,
      guestName: draft.guestName,
      guestEmail: draft.guestEmail,
      guestPhone: draft.guestPhone,
      linkId: draft.linkId || (callLinks[0]?.id ?? ''),
      ...(draft.consultantId !== me.id ? { consultantId: draft.consultantId } : {}),
      locale: draft.locale,
    };
    (editing ? api.reschedule(editing, input) : api.plan(input)).then(
      (result) => {
        setIssued({ result, changed: editing !== null });
        setEditing(null);
        setDraft(blank());
        upcoming.reload();
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };

  const reschedule = (a: AppointmentView) => {
    const start = new Date(a.startsAt);
    setEditing(a.id);
    setIssued(null);
    setDraft({
      date: dateOf(start),
      time: timeOf(start),
      duration: a.durationMinutes,
      guestName: a.guestName,
      guestEmail: a.guestEmail ?? '',
      guestPhone: a.guestPhone ?? '',
      linkId: a.linkId,
      consultantId: a.consultantId,
      locale: a.locale,
    });
  };

  const cancel = (a: AppointmentView) => {
    setError(null);
    api.cancel(a.id).then(
      () => {
        setNotice(t('appointments.cancelled'));
        upcoming.reload();
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };

  return (
    <section className="panel appointments" data-testid="appointments">
      <header className="panel-head">
        <h1>{t('appointments.title')}</h1>
      </header>
      <ErrorLine code={error ?? upcoming.error} />
      {notice && (
        <p className="muted" role="status" data-testid="appointment-notice">
          {notice}
        </p>
      )}
      {issued && (
        <div className="card issued" data-testid="appointment-issued" role="status">
          <p>{t(issued.changed ? 'appointments.reissued' : 'appointments.issued')}</p>
          <CopyField
            label={t('appointments.code')}
            value={formatSessionCode(issued.result.code)}
            testId="session-code"
          />
          <CopyField label={t('appointments.personalLink')} value={issued.result.link} testId="session-link" />
          <p className="muted" data-testid="appointment-mailed">
            {issued.result.mailed && issued.result.appointment.guestEmail
              ? t('appointments.mailed', { email: issued.result.appointment.guestEmail })
              : t('appointments.notMailed')}
          </p>
          <button className="secondary" onClick={() => setIssued(null)}>
            {t('appointments.close')}
          </button>
        </div>
      )}
      {callLinks.length === 0 ? (
        <p className="muted">{t('appointments.noLinks')}</p>
      ) : (
        <form className="card plan-form" onSubmit={submit} data-testid="plan-form">
          <h2>{editing ? t('appointments.reschedule') : t('appointments.plan')}</h2>
          <div className="plan-grid">
            <label>
              {t('appointments.date')}
              <input
                type="date"
                required
                value={draft.date}
                onChange={(e) => set({ date: e.target.value })}
                data-testid="plan-date"
              />
            </label>
            <label>
              {t('appointments.time')}
              <input
                type="time"
                required
                value={draft.time}
                onChange={(e) => set({ time: e.target.value })}
                data-testid="plan-time"
              />
            </label>
            <label>
              {t('appointments.duration')}
              <input
                type="number"
                min={5}
                max={480}
                step={5}
                required
                value={draft.duration}
                onChange={(e) => set({ duration: Number(e.target.value) })}
                data-testid="plan-duration"
              />
            </label>
            <label>
              {t('appointments.guestName')}
              <input
                required
                maxLength={80}
                value={draft.guestName}
                onChange={(e) => set({ guestName: e.target.value })}
                data-testid="plan-guest-name"
              />
            </label>
            <label>
              {t('appointments.guestEmail')}
              <input
                type="email"
                maxLength={254}
                value={draft.guestEmail}
                onChange={(e) => set({ guestEmail: e.target.value })}
                data-testid="plan-guest-email"
              />
            </label>
            <label>
              {t('appointments.guestPhone')}
              <input
                type="tel"
                maxLength={40}
                value={draft.guestPhone}
                onChange={(e) => set({ guestPhone: e.target.value })}
                data-testid="plan-guest-phone"
              />
            </label>
            <label>
              {t('appointments.link')}
              <select value={draft.linkId} onChange={(e) => set({ linkId: e.target.value })} data-testid="plan-link">
                {callLinks.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {me.role === 'admin' && !editing && (
              <label>
                {t('appointments.consultant')}
                <select
                  value={draft.consultantId}
                  onChange={(e) => set({ consultantId: e.target.value })}
                  data-testid="plan-consultant"
                >
                  {(colleagues.data ?? [{ id: me.id, name: me.name, active: true }])
                    .filter((c) => c.active)
                    .map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                </select>
              </label>
            )}
            <label>
              {t('appointments.language')}
              <select
                value={draft.locale}
                onChange={(e) => set({ locale: e.target.value as Locale })}
                data-testid="plan-locale"
              >
                {locales.map((l) => (
                  <option key={l} value={l}>
                    {localeNames[l]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="primary" data-testid="plan-submit">
              {editing ? t('appointments.save') : t('appointments.submit')}
            </button>
            {editing && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setEditing(null);
                  setDraft(blank());
                }}
              >
                {t('session.back')}
              </button>
            )}
          </div>
        </form>
      )}
      <h2>{t('appointments.upcoming')}</h2>
      {upcoming.data === undefined ? (
        <p className="muted">{t('common.loading')}</p>
      ) : upcoming.data.length === 0 ? (
        <p className="muted" data-testid="appointments-empty">
          {t('appointments.none')}
        </p>
      ) : (
        <ul className="appointment-list">
          {upcoming.data.map((a) => (
            <li key={a.id} className="card" data-testid="appointment">
              <div>
                <strong data-testid="appointment-guest">
                  <UserText text={a.guestName} />
                </strong>{' '}
                <span className={`status ${a.status}`} data-testid="appointment-status">
                  {t(`appointments.status.${a.status}`)}
                </span>
                <br />
                <span className="muted">
                  {t('appointments.when', { date: format.format(a.startsAt), minutes: a.durationMinutes })}
                  {me.role === 'admin' && a.consultantId !== me.id && <> · {a.consultantName}</>}
                  {a.guestEmail && <> · {a.guestEmail}</>}
                  {a.guestPhone && <> · {a.guestPhone}</>}
                </span>
              </div>
              {a.status === 'scheduled' && (
                <div className="actions">
                  <button className="secondary" onClick={() => reschedule(a)} data-testid="appointment-reschedule">
                    {t('appointments.reschedule')}
                  </button>
                  <button className="secondary" onClick={() => cancel(a)} data-testid="appointment-cancel">
                    {t('appointments.cancel')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

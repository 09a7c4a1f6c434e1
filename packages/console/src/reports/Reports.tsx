import { useEffect, useMemo, useState } from 'react';
import { ReportsApi } from '@parley/client';
import {
  cellOf,
  reportColumns,
  type ConsultantMe,
  type ErrorCode,
  type ReportGranularity,
  type ReportGroupBy,
  type ReportQuery,
  type ReportView,
} from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { errorCode } from '../admin/useLoad.ts';
import { ReportChart } from './ReportChart.tsx';
import { HeatMap } from './HeatMap.tsx';
import './reports.css';

const DAY = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const granularities: ReportGranularity[] = ['day', 'week', 'month'];
const groupings: ReportGroupBy[] = ['period', 'link', 'department', 'consultant'];

function zones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

/**
 * [RP1]–[RP9] Reports for supervisors and admins: filters, a chart of requests, answered and
 * missed per period, a table with every number (and the total), the busiest hours and the
 * dispositions; the same numbers download as CSV. Admins set the tenant's time zone here.
 */
export default function Reports({ me }: { me: ConsultantMe }) {
  const { t, locale } = useT();
  const api = useMemo(() => new ReportsApi(location.origin), []);
  const [query, setQuery] = useState<ReportQuery>(() => ({
    from: isoDay(Date.now() - 29 * DAY),
    to: isoDay(Date.now()),
    granularity: 'day',
    groupBy: 'period',
  }));
  const [draft, setDraft] = useState<ReportQuery>(query);
  const [report, setReport] = useState<ReportView | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [tzSaved, setTzSaved] = useState(false);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    api.report(query).then(
      (value) => live && setReport(value),
      (e: unknown) => live && setError(errorCode(e)),
    );
    return () => {
      live = false;
    };
  }, [api, query, round]);
  useEffect(() => {
    if (report && timeZone === null) setTimeZone(report.timeZone);
  }, [report, timeZone]);
  const labels = useMemo(
    () => ({
      requests: t('reports.col.requests'),
      answered: t('reports.col.answered'),
      missed: t('reports.col.missed'),
    }),
    [t],
  );
  const set = (patch: Partial<ReportQuery>) => setDraft((current) => ({ ...current, ...patch }));
  const first = t(query.groupBy === 'period' ? 'reports.col.period' : (`reports.col.${query.groupBy}` as MessageKey));
  const choice = (kind: 'link' | 'department' | 'consultant', field: 'linkId' | 'departmentId' | 'consultantId') => (
    <label>
      {t(`reports.col.${kind}`)}
      <select
        data-testid={`report-${kind}`}
        value={draft[field] ?? ''}
        onChange={(e) => set({ [field]: e.target.value || undefined })}
      >
        <option value="">{t('reports.filter.all')}</option>
        {(report?.choices[`${kind}s`] ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="reports" data-testid="reports" aria-labelledby="reports-title">
      <h2 id="reports-title">{t('reports.title')}</h2>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(draft);
          setRound((r) => r + 1);
        }}
      >
        <fieldset className="reports-filters">
          <legend className="sr-only">{t('reports.filters')}</legend>
          <label>
            {t('reports.from')}
            <input
              type="date"
              data-testid="report-from"
              value={draft.from}
              required
              onChange={(e) => set({ from: e.target.value })}
            />
          </label>
          <label>
            {t('reports.to')}
            <input
              type="date"
              data-testid="report-to"
              value={draft.to}
              required
              onChange={(e) => set({ to: e.target.value })}
            />
          </label>
          <label>
            {t('reports.granularity')}
            <select
              data-testid="report-granularity"
              value={draft.granularity}
              onChange={(e) => set({ granularity: e.target.value as ReportGranularity })}
            >
              {granularities.map((g) => (
                <option key={g} value={g}>
                  {t(`reports.granularity.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reports.groupBy')}
            <select
              data-testid="report-group"
              value={draft.groupBy}
              onChange={(e) => set({ groupBy: e.target.value as ReportGroupBy })}
            >
              {groupings.map((g) => (
                <option key={g} value={g}>
                  {t(`reports.groupBy.${g}`)}
                </option>
              ))}
            </select>
          </label>
          {choice('link', 'linkId')}
          {choice('department', 'departmentId')}
          {choice('consultant', 'consultantId')}
          <button type="submit" className="primary" data-testid="report-show">
            {t('reports.show')}
          </button>
          <a className="button secondary" data-testid="report-csv" href={api.csvUrl({ ...query, locale })} download>
            {t('reports.csv')}
          </a>
        </fieldset>
      </form>
      {error && (
        <p role="alert" className="error">
          {t(`error.${error}` as MessageKey)}
        </p>
      )}
      {!report && !error && <p aria-live="polite">{t('reports.loading')}</p>}
      {report && (
        <>
          <p className="reports-summary" data-testid="report-summary" aria-live="polite">
            {t('reports.summary', {
              requests: report.total.requests,
              answered: report.total.answered,
              missed: report.total.missed,
            })}
          </p>
          <p className="reports-note">{t('reports.timeZone.note', { timeZone: report.timeZone })}</p>
          <div className="card">
            <ReportChart series={report.series} labels={labels} title={t('reports.chart')} />
          </div>
          <div className="card report-table-wrap">
            <table className="report-table" data-testid="report-table">
              <caption className="sr-only">{t('reports.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{first}</th>
                  {reportColumns.map((column) => (
                    <th scope="col" key={column}>
                      {t(`reports.col.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.key} data-testid="report-row">
                    <th scope="row">{row.label || t('reports.none')}</th>
                    {reportColumns.map((column) => (
                      <td key={column} data-column={column}>
                        {cellOf(row, column)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="report-total">
                  <th scope="row">{t('reports.total')}</th>
                  {reportColumns.map((column) => (
                    <td key={column} data-column={column}>
                      {cellOf(report.total, column)}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <div className="card">
            <h3>{t('reports.heatMap')}</h3>
            <HeatMap heatMap={report.heatMap} />
          </div>
          <div className="card">
            <h3>{t('reports.dispositions')}</h3>
            {report.dispositions.length === 0 ? (
              <p className="reports-note">{t('reports.dispositions.empty')}</p>
            ) : (
              <ul data-testid="report-dispositions">
                {report.dispositions.map((d) => (
                  <li key={d.code}>
                    {d.code}: {t('reports.dispositions.count', { count: d.count })}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {me.role === 'admin' && timeZone !== null && (
            <form
              className="card reports-tz"
              onSubmit={(e) => {
                e.preventDefault();
                setTzSaved(false);
                api.setTimeZone(timeZone).then(
                  () => {
                    setTzSaved(true);
                    setRound((r) => r + 1);
                  },
                  (err: unknown) => setError(errorCode(err)),
                );
              }}
            >
              <label>
                {t('reports.timeZone')}
                <select data-testid="report-tz" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
                  {zones().map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="secondary" data-testid="report-tz-save">
                {t('reports.timeZone.save')}
              </button>
              {tzSaved && <span role="status">{t('reports.timeZone.saved')}</span>}
            </form>
          )}
        </>
      )}
    </section>
  );
}

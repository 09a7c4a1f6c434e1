import { cellOf, reportColumns, type ReportView } from '@parley/protocol';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** RFC 4180: quoted when it holds a comma, quote or line break; a leading formula sign is defused. */
function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** [RP7] The report's rows and total as CSV, headers in the caller's language. */
export function reportCsv(report: ReportView, t: Translate): string {
  const first = t(report.groupBy === 'period' ? 'reports.col.period' : `reports.col.${report.groupBy}`);
  const header = [first, ...reportColumns.map((column) => t(`reports.col.${column}`))];
  const lines = [header];
  for (const row of report.rows) {
    lines.push([row.label || t('reports.none'), ...reportColumns.map((column) => cellOf(row, column))]);
  }
  lines.push([t('reports.total'), ...reportColumns.map((column) => cellOf(report.total, column))]);
  return lines.map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}

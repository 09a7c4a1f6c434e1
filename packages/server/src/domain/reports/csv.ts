import type { ReportNumbers, ReportView } from '@parley/protocol';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The number columns, in the order the console's table shows them. */
export const reportColumns = [
  'requests',
  'answered',
  'missed',
  'abandoned',
  'declined',
  'rangOut',
  'leftMessage',
  'answerRate',
  'waitP50',
  'waitP90',
  'handleP50',
  'handleP90',
  'video',
  'audio',
  'text',
  'transfers',
  'invitationsSent',
  'invitationsAccepted',
] as const;
export type ReportColumn = (typeof reportColumns)[number];

/** [RP7] A cell as the table and the CSV show it: seconds (one decimal), a rate in percent, or a count. */
export function cellOf(numbers: ReportNumbers, column: ReportColumn): string {
  switch (column) {
    case 'answerRate':
      return numbers.answerRate === null ? '' : (numbers.answerRate * 100).toFixed(1);
    case 'waitP50':
      return seconds(numbers.waitP50Ms);
    case 'waitP90':
      return seconds(numbers.waitP90Ms);
    case 'handleP50':
      return seconds(numbers.handleP50Ms);
    case 'handleP90':
      return seconds(numbers.handleP90Ms);
    default:
      return String(numbers[column]);
  }
}

function seconds(ms: number | null): string {
  return ms === null ? '' : (ms / 1000).toFixed(1);
}

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

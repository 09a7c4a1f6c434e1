import { z } from 'zod';

/**
 * [RP1]–[RP9] Reports (issue 15 item 5): requests, answers, misses, waiting and handling times,
 * modes, transfers, invitations and dispositions of a tenant over a range of local days, by
 * day, week or month and by link, department or consultant.
 */

export const ReportGranularity = z.enum(['day', 'week', 'month']);
export type ReportGranularity = z.infer<typeof ReportGranularity>;

/** `period`: one row per day/week/month; otherwise one row per link, department or consultant. */
export const ReportGroupBy = z.enum(['period', 'link', 'department', 'consultant']);
export type ReportGroupBy = z.infer<typeof ReportGroupBy>;

/** [RP7] At most this many local days in one report (two years). */
export const MAX_REPORT_DAYS = 731;

const LocalDate = z.iso.date();
const Id = z.string().min(1).max(100);

/** The query string of `GET /api/v1/reports` and `GET /api/v1/reports.csv`. */
export const ReportQuery = z
  .object({
    /** First local day (YYYY-MM-DD, in the tenant's time zone), included. */
    from: LocalDate,
    /** Last local day, included. */
    to: LocalDate,
    granularity: ReportGranularity.default('day'),
    groupBy: ReportGroupBy.default('period'),
    linkId: Id.optional(),
    departmentId: Id.optional(),
    consultantId: Id.optional(),
    /** CSV only: the language of the header row. */
    locale: z.enum(['en', 'pl', 'nl', 'pt']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

/** The numbers of one row (one period or one group, or the total). Times in ms; null: no sample. */
export const ReportNumbers = z.object({
  requests: z.number(),
  answered: z.number(),
  /** [RP3] Closed without an answer: the sum of the four below. */
  missed: z.number(),
  abandoned: z.number(),
  declined: z.number(),
  rangOut: z.number(),
  leftMessage: z.number(),
  /** [RP5] answered / (answered + missed); null when neither. */
  answerRate: z.number().nullable(),
  waitP50Ms: z.number().nullable(),
  waitP90Ms: z.number().nullable(),
  handleP50Ms: z.number().nullable(),
  handleP90Ms: z.number().nullable(),
  video: z.number(),
  audio: z.number(),
  text: z.number(),
  transfers: z.number(),
  invitationsSent: z.number(),
  invitationsAccepted: z.number(),
});
export type ReportNumbers = z.infer<typeof ReportNumbers>;

export const ReportRow = ReportNumbers.extend({
  /** A local date (first day of the period) or the group's id (`''`: none, e.g. no department). */
  key: z.string(),
  label: z.string(),
});
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportView = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  granularity: ReportGranularity,
  groupBy: ReportGroupBy,
  rows: z.array(ReportRow),
  total: ReportNumbers,
  /** Per period for the chart, whatever the grouping: requests, answered, missed. */
  series: z.array(z.object({ key: z.string(), requests: z.number(), answered: z.number(), missed: z.number() })),
  /** [RP8] Requests by local weekday (Monday first) and hour: 7 × 24. */
  heatMap: z.array(z.array(z.number())),
  /** Dispositions chosen at wrap-up, most used first. */
  dispositions: z.array(z.object({ code: z.string(), count: z.number() })),
  /** What the caller may filter by (a supervisor: their department's only). */
  choices: z.object({
    links: z.array(z.object({ id: z.string(), name: z.string() })),
    departments: z.array(z.object({ id: z.string(), name: z.string() })),
    consultants: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
});
export type ReportView = z.infer<typeof ReportView>;

/** [RP6] The tenant's report time zone (an IANA name); admins change it. */
export const ReportSettingsBody = z.object({ timeZone: z.string().min(1).max(64) });
export type ReportSettingsBody = z.infer<typeof ReportSettingsBody>;

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

import type { OffsetSegment } from '../reports/timeZone.ts';

/** How a report's rows are keyed: by local period, or by a group. */
export type ReportPeriod = 'day' | 'week' | 'month';
export type ReportGroup = 'link' | 'department' | 'consultant';

/**
 * [RP1]–[RP9] One report's question to storage, as plain data: a range of one tenant's queue
 * times cut into constant-offset segments ([RP6]), how to bucket and group, and what to keep.
 */
export interface ReportPlan {
  tenantId: string;
  from: number;
  until: number;
  segments: readonly OffsetSegment[];
  /** [RP10] The range as local day numbers, both included (what the rollups are keyed by). */
  firstDay: number;
  lastDay: number;
  period: ReportPeriod;
  /** Local day numbers on which months start, ascending, covering the range (period 'month'). */
  monthStarts: readonly number[];
  /** null: rows are periods; otherwise one row per value of that column. */
  group: ReportGroup | null;
  filters: { linkId?: string | undefined; departmentId?: string | undefined; consultantId?: string | undefined };
  /** [RP9] Only these departments' requests (a supervisor's); null: every one. */
  departmentIds: readonly string[] | null;
  /** [RP4] Nearest-rank percentiles to compute, e.g. [50, 90]. */
  percentiles: readonly number[];
}

/** Counts of one (period, group) cell; `period` is the local day, week or month number. */
export interface ReportCountsRow {
  period: number;
  /** The group's id; null when rows are periods or the request has none (e.g. no department). */
  group: string | null;
  requests: number;
  answered: number;
  abandoned: number;
  declined: number;
  rangOut: number;
  leftMessage: number;
  video: number;
  audio: number;
  text: number;
  transfers: number;
}

export interface ReportPercentileRow {
  /** The row: a period number or group id as text (`''`: no group); null: the whole report. */
  row: string | null;
  metric: 'wait' | 'handle';
  percentile: number;
  valueMs: number;
}

export interface ReportInvitationRow {
  period: number;
  group: string | null;
  sent: number;
  accepted: number;
}

export interface ReportStore {
  counts(plan: ReportPlan): Promise<ReportCountsRow[]>;
  percentiles(plan: ReportPlan): Promise<ReportPercentileRow[]>;
  /** [RP8] Requests per hour of the local week (0 = Monday 00:00 … 167). */
  heatMap(plan: ReportPlan): Promise<{ weekHour: number; requests: number }[]>;
  dispositions(plan: ReportPlan): Promise<{ code: string; count: number }[]>;
  invitations(plan: ReportPlan): Promise<ReportInvitationRow[]>;
  /** [RP6] null: never set (UTC). */
  timeZone(tenantId: string): Promise<string | null>;
  setTimeZone(tenantId: string, timeZone: string): Promise<void>;
}

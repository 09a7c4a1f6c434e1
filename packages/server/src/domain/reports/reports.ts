import {
  canOversee,
  ParleyError,
  type ReportNumbers,
  type ReportQuery,
  type ReportRow,
  type ReportView,
} from '@parley/protocol';
import type { Consultant, Directory } from '../tenants/directory.ts';
import type { ReportCountsRow, ReportPlan, ReportStore } from '../ports/reportStore.ts';
import {
  dayNumber,
  firstDayOfMonth,
  isoDateOf,
  isTimeZone,
  localMidnight,
  monthOf,
  offsetSegments,
} from './timeZone.ts';

/** [RP6] A tenant that never chose a time zone reports in UTC. */
export const DEFAULT_TIME_ZONE = 'UTC';
const PERCENTILES = [50, 90] as const;

function zeroCounts(): Omit<ReportCountsRow, 'period' | 'group'> {
  return {
    requests: 0,
    answered: 0,
    abandoned: 0,
    declined: 0,
    rangOut: 0,
    leftMessage: 0,
    video: 0,
    audio: 0,
    text: 0,
    transfers: 0,
  };
}

type Counts = ReturnType<typeof zeroCounts> & { invitationsSent: number; invitationsAccepted: number };

function add(into: Counts, row: Partial<Counts>): void {
  for (const key of Object.keys(into) as (keyof Counts)[]) into[key] += row[key] ?? 0;
}

type Percentiles = Map<string, number>;

/** [RP3][RP5] The numbers of a row from its counts and the percentiles found for it. */
function numbersOf(counts: Counts, percentiles: Percentiles | undefined): ReportNumbers {
  const missed = counts.abandoned + counts.declined + counts.rangOut + counts.leftMessage;
  const decided = counts.answered + missed;
  return {
    requests: counts.requests,
    answered: counts.answered,
    missed,
    abandoned: counts.abandoned,
    declined: counts.declined,
    rangOut: counts.rangOut,
    leftMessage: counts.leftMessage,
    answerRate: decided === 0 ? null : counts.answered / decided,
    waitP50Ms: percentiles?.get('wait50') ?? null,
    waitP90Ms: percentiles?.get('wait90') ?? null,
    handleP50Ms: percentiles?.get('handle50') ?? null,
    handleP90Ms: percentiles?.get('handle90') ?? null,
    video: counts.video,
    audio: counts.audio,
    text: counts.text,
    transfers: counts.transfers,
    invitationsSent: counts.invitationsSent,
    invitationsAccepted: counts.invitationsAccepted,
  };
}

/** Every period start (a local day number) from the first day to the last, for rows without gaps. */
function periodStarts(first: number, last: number, period: ReportQuery['granularity']): number[] {
  const starts: number[] = [];
  if (period === 'day') for (let d = first; d <= last; d++) starts.push(d);
  else if (period === 'week') for (let d = Math.floor((first + 3) / 7) * 7 - 3; d <= last; d += 7) starts.push(d);
  else for (let m = monthOf(first); firstDayOfMonth(m) <= last; m++) starts.push(firstDayOfMonth(m));
  return starts;
}

/**
 * [RP1]–[RP9] Reports: who may see what, the plan storage answers, and the rows put together
 * from its counts, percentiles, invitations, heat map and dispositions.
 */
export class ReportService {
  constructor(
    private readonly store: ReportStore,
    private readonly directory: Pick<Directory, 'links' | 'departments' | 'consultants'>,
  ) {}

  async timeZone(tenantId: string): Promise<string> {
    return (await this.store.timeZone(tenantId)) ?? DEFAULT_TIME_ZONE;
  }

  /** [RP6] An admin sets the tenant's time zone; an unknown name is refused. */
  async setTimeZone(caller: Consultant, timeZone: string): Promise<void> {
    if (caller.role !== 'admin') throw new ParleyError('forbidden', 'only an admin may do this');
    if (!isTimeZone(timeZone)) throw new ParleyError('invalid_message', `unknown time zone: ${timeZone}`);
    await this.store.setTimeZone(caller.tenantId, timeZone);
  }

  /**
   * [RP9] Admins see the whole tenant; a supervisor sees their department's requests (the whole
   * tenant when they belong to none, as in the overview); a consultant sees no reports.
   */
  private scopeOf(caller: Consultant): readonly string[] | null {
    if (!canOversee(caller.role)) throw new ParleyError('forbidden', 'reports are for supervisors and admins');
    if (caller.role === 'admin' || caller.departmentId === null) return null;
    return [caller.departmentId];
  }

  async report(caller: Consultant, query: ReportQuery): Promise<ReportView> {
    const departmentIds = this.scopeOf(caller);
    const timeZone = await this.timeZone(caller.tenantId);
    const first = dayNumber(query.from);
    const last = dayNumber(query.to);
    const from = localMidnight(timeZone, first);
    const until = localMidnight(timeZone, last + 1);
    const starts = periodStarts(first, last, query.granularity);
    const plan: ReportPlan = {
      tenantId: caller.tenantId,
      from,
      until,
      segments: offsetSegments(timeZone, from, until),
      firstDay: first,
      lastDay: last,
      period: query.granularity,
      monthStarts: query.granularity === 'month' ? starts : [],
      group: query.groupBy === 'period' ? null : query.groupBy,
      filters: { linkId: query.linkId, departmentId: query.departmentId, consultantId: query.consultantId },
      departmentIds,
      percentiles: PERCENTILES,
    };
    const [counts, percentiles, invitations, heat, dispositions, choices] = await Promise.all([
      this.store.counts(plan),
      this.store.percentiles(plan),
      this.store.invitations(plan),
      this.store.heatMap(plan),
      this.store.dispositions(plan),
      this.choices(caller.tenantId, departmentIds),
    ]);
    const blank = (): Counts => ({ ...zeroCounts(), invitationsSent: 0, invitationsAccepted: 0 });
    const byPeriod = new Map<number, Counts>(starts.map((start) => [start, blank()]));
    const byGroup = new Map<string, Counts>();
    const total = blank();
    const groupCounts = (group: string | null): Counts => {
      const key = group ?? '';
      let cell = byGroup.get(key);
      if (!cell) byGroup.set(key, (cell = blank()));
      return cell;
    };
    for (const row of counts) {
      const { period, group, ...numbers } = row;
      add(total, numbers);
      const cell = byPeriod.get(period);
      if (cell) add(cell, numbers);
      if (plan.group) add(groupCounts(group), numbers);
    }
    for (const row of invitations) {
      const numbers = { invitationsSent: row.sent, invitationsAccepted: row.accepted };
      add(total, numbers);
      const cell = byPeriod.get(row.period);
      if (cell) add(cell, numbers);
      if (plan.group) add(groupCounts(row.group), numbers);
    }
    const found = new Map<string | null, Percentiles>();
    for (const p of percentiles) {
      const map = found.get(p.row) ?? new Map<string, number>();
      map.set(`${p.metric}${p.percentile}`, p.valueMs);
      found.set(p.row, map);
    }
    const names = new Map<string, string>(
      [...choices.links, ...choices.departments, ...choices.consultants].map((c) => [c.id, c.name]),
    );
    const rows: ReportRow[] = plan.group
      ? [...byGroup.entries()]
          .map(([key, cell]) => ({ key, label: names.get(key) ?? key, ...numbersOf(cell, found.get(key)) }))
          .sort((a, b) => b.requests - a.requests || a.label.localeCompare(b.label))
      : [...byPeriod.entries()].map(([start, cell]) => ({
          key: isoDateOf(start),
          label: isoDateOf(start),
          ...numbersOf(cell, found.get(String(start))),
        }));
    const heatMap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const { weekHour, requests } of heat) {
      const day = heatMap[Math.floor(weekHour / 24)];
      if (day) day[weekHour % 24] = requests;
    }
    return {
      timeZone,
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      groupBy: query.groupBy,
      rows,
      total: numbersOf(total, found.get(null)),
      series: [...byPeriod.entries()].map(([start, cell]) => {
        const numbers = numbersOf(cell, undefined);
        return {
          key: isoDateOf(start),
          requests: numbers.requests,
          answered: numbers.answered,
          missed: numbers.missed,
        };
      }),
      heatMap,
      dispositions,
      choices,
    };
  }

  /** The links, departments and consultants the caller may filter by, for the console's selects. */
  private async choices(tenantId: string, departmentIds: readonly string[] | null): Promise<ReportView['choices']> {
    const [links, departments, consultants] = await Promise.all([
      this.directory.links.listLinks(tenantId),
      this.directory.departments.listDepartments(tenantId),
      this.directory.consultants.listConsultants(tenantId),
    ]);
    const mine = (departmentId: string | null): boolean =>
      departmentIds === null || (departmentId !== null && departmentIds.includes(departmentId));
    const named = (items: { id: string; name: string }[]) =>
      items.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    return {
      links: named(links.filter((l) => mine(l.departmentId))),
      departments: named(departments.filter((d) => mine(d.id))),
      consultants: named(consultants.filter((c) => mine(c.departmentId))),
    };
  }
}

import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  ReportCountsRow,
  ReportInvitationRow,
  ReportPercentileRow,
  ReportPlan,
  ReportStore,
} from '../domain/ports/reportStore.ts';
import { COUNT_NAMES, grainFor, HistogramSum, type Counts, type Grain } from '../domain/reports/rollup.ts';
import { countColumns, hourColumns, MONTHLY, rebuildRollups, rollupTimeZone } from './rollupRows.ts';
import { inTransaction } from './transaction.ts';
import { firstDayOfMonth, monthOf } from '../domain/reports/timeZone.ts';
import type { Database } from './schema.ts';

type Sql = RawBuilder<unknown>;

/**
 * [RP6] A column's local day number: `(t + offset) / day`, the offset chosen by the segment the
 * instant falls in. Integer arithmetic only, so SQLite and PostgreSQL agree to the millisecond.
 */
function offsetOf(column: Sql, plan: ReportPlan): Sql {
  const [first, ...rest] = plan.segments;
  if (!first) return sql.lit(0);
  if (rest.length === 0) return sql.lit(first.offsetMs);
  const branches = plan.segments
    .slice(0, -1)
    .map((segment) => sql`when ${column} < ${sql.lit(segment.until)} then ${sql.lit(segment.offsetMs)}`);
  return sql`(case ${sql.join(branches, sql` `)} else ${sql.lit(plan.segments.at(-1)?.offsetMs ?? 0)} end)`;
}

function localDay(column: Sql, plan: ReportPlan): Sql {
  return sql`((${column} + ${offsetOf(column, plan)}) / 86400000)`;
}

/** The first local day of a local day's period: the day, the Monday of its week, or the 1st of its month. */
function periodOf(day: Sql, plan: ReportPlan): Sql {
  if (plan.period === 'day') return day;
  if (plan.period === 'week') return sql`(((${day} + 3) / 7) * 7 - 3)`;
  const starts = plan.monthStarts;
  if (starts.length <= 1) return sql.lit(starts[0] ?? 0);
  const branches = starts
    .slice(1)
    .map((next, i) => sql`when ${day} < ${sql.lit(next)} then ${sql.lit(starts[i] ?? 0)}`);
  return sql`(case ${sql.join(branches, sql` `)} else ${sql.lit(starts.at(-1) ?? 0)} end)`;
}

const groupColumns = { link: 'link_id', department: 'department_id', consultant: 'consultant_id' } as const;

/** [RP10] The rollup grain a report reads: the one that keeps what it groups and filters by. */
function grainOf(plan: ReportPlan): Grain {
  return grainFor(
    plan.group === 'link' || plan.filters.linkId !== undefined,
    plan.group === 'consultant' || plan.filters.consultantId !== undefined,
  );
}

/** Days `first`–`last` (both included) of rollup rows of grain `grain`. */
interface Span {
  grain: number;
  first: number;
  last: number;
}

/**
 * [RP10] Where a report's samples and dispositions are read: its whole local months from month
 * rows, the days before and after them from day rows — when its rows are groups or months (a
 * group's percentiles span the whole range). Rows of days or weeks read day rows only.
 */
function sampleSpans(plan: ReportPlan): Span[] {
  const grain = grainOf(plan);
  const days: Span = { grain, first: plan.firstDay, last: plan.lastDay };
  if (plan.group === null && plan.period !== 'month') return [days];
  let month = monthOf(plan.firstDay);
  if (firstDayOfMonth(month) < plan.firstDay) month++;
  let lastMonth = monthOf(plan.lastDay);
  if (firstDayOfMonth(lastMonth + 1) - 1 > plan.lastDay) lastMonth--;
  if (month > lastMonth) return [days];
  const wholeFrom = firstDayOfMonth(month);
  const wholeUntil = firstDayOfMonth(lastMonth + 1);
  const spans: Span[] = [{ grain: grain + MONTHLY, first: wholeFrom, last: firstDayOfMonth(lastMonth) }];
  if (plan.firstDay < wholeFrom) spans.push({ grain, first: plan.firstDay, last: wholeFrom - 1 });
  if (wholeUntil <= plan.lastDay) spans.push({ grain, first: wholeUntil, last: plan.lastDay });
  return spans;
}

/** The rollup rows of a span: the tenant, the grain, the days, the filters, [RP9] the departments. */
function spanWhere(plan: ReportPlan, span: Span): Sql {
  const conditions: Sql[] = [
    sql`tenant_id = ${plan.tenantId}`,
    sql`grain = ${span.grain}`,
    sql`day >= ${span.first}`,
    sql`day <= ${span.last}`,
  ];
  if (plan.filters.linkId !== undefined) conditions.push(sql`link_id = ${plan.filters.linkId}`);
  if (plan.filters.departmentId !== undefined) conditions.push(sql`department_id = ${plan.filters.departmentId}`);
  if (plan.filters.consultantId !== undefined) conditions.push(sql`consultant_id = ${plan.filters.consultantId}`);
  if (plan.departmentIds) {
    conditions.push(
      plan.departmentIds.length === 0
        ? sql`1 = 0`
        : sql`department_id in (${sql.join(plan.departmentIds.map((id) => sql`${id}`))})`,
    );
  }
  return sql.join(conditions, sql` and `);
}

/** The day rows of the whole report (counts and the heat map, which need every day). */
function daysWhere(plan: ReportPlan): Sql {
  return spanWhere(plan, { grain: grainOf(plan), first: plan.firstDay, last: plan.lastDay });
}

/** A row's key as the domain names it: its period or its group ('' for none). */
function rowKeyOf(plan: ReportPlan): Sql {
  return plan.group ? sql.ref(groupColumns[plan.group]) : periodOf(sql.ref('day'), plan);
}

const toBytes = (value: unknown): Uint8Array | null => (value instanceof Uint8Array ? value : null);

/**
 * [RP1]–[RP12] Reports over the per-day rollups (`report_days`, 0019): sums of at most a year of
 * rows per group, and percentiles read off the merged one-second histograms. Invitations, which
 * have no rollup, are counted from `site_invitations`.
 */
export class SqlReportStore implements ReportStore {
  constructor(private readonly db: Kysely<Database>) {}

  async counts(plan: ReportPlan): Promise<ReportCountsRow[]> {
    const sums = COUNT_NAMES.map((name) => sql`sum(${sql.ref(countColumns[name])}) as ${sql.ref(name)}`);
    const group = plan.group ? sql`nullif(${sql.ref(groupColumns[plan.group])}, '')` : sql`cast(null as text)`;
    const { rows } = await sql<Record<string, string | number | null>>`
      select ${periodOf(sql.ref('day'), plan)} as period, ${group} as grp, ${sql.join(sums)}
      from report_days where ${daysWhere(plan)}
      group by period, grp`.execute(this.db);
    return rows.map((row) => {
      const counts = Object.fromEntries(COUNT_NAMES.map((name) => [name, Number(row[name] ?? 0)])) as Counts;
      return { period: Number(row.period), group: row.grp === null ? null : String(row.grp), ...counts };
    });
  }

  /**
   * [RP4][RP11] Nearest-rank percentiles, exact at one-second resolution: each row's histograms
   * (and the whole report's) merged from its days' rollups, then read at rank ⌈p·n/100⌉.
   */
  async percentiles(plan: ReportPlan): Promise<ReportPercentileRow[]> {
    const rows: { k: string | number; wait_hist: unknown; handle_hist: unknown }[] = [];
    for (const span of sampleSpans(plan)) {
      const found = await sql<{ k: string | number; wait_hist: unknown; handle_hist: unknown }>`
        select ${rowKeyOf(plan)} as k, wait_hist, handle_hist from report_days
        where ${spanWhere(plan, span)} and (wait_hist is not null or handle_hist is not null)`.execute(this.db);
      rows.push(...found.rows);
    }
    // Each row's samples are added to its key's sums once; the report's total is the sum of the
    // keys' (a few hundred flat arrays), not a second pass over every row.
    const sums = new Map<string, { wait: HistogramSum; handle: HistogramSum }>();
    for (const row of rows) {
      const key = String(row.k);
      let sum = sums.get(key);
      if (!sum) sums.set(key, (sum = { wait: new HistogramSum(), handle: new HistogramSum() }));
      const wait = toBytes(row.wait_hist);
      const handle = toBytes(row.handle_hist);
      if (wait) sum.wait.addEncoded(wait);
      if (handle) sum.handle.addEncoded(handle);
    }
    const total = { wait: new HistogramSum(), handle: new HistogramSum() };
    for (const sum of sums.values()) {
      total.wait.addSum(sum.wait);
      total.handle.addSum(sum.handle);
    }
    const keyed: [string | null, { wait: HistogramSum; handle: HistogramSum }][] = [...sums.entries(), [null, total]];
    const result: ReportPercentileRow[] = [];
    for (const [row, sum] of keyed) {
      for (const metric of ['wait', 'handle'] as const) {
        for (const [percentile, valueMs] of sum[metric].nearestRanks(plan.percentiles))
          result.push({ row, metric, percentile, valueMs });
      }
    }
    return result;
  }

  /** [RP8] Requests by local weekday (day 0, 1970-01-01, was a Thursday: Monday first is +3) and hour. */
  async heatMap(plan: ReportPlan): Promise<{ weekHour: number; requests: number }[]> {
    const sums = hourColumns.map((column) => sql`sum(${sql.ref(column)}) as ${sql.ref(column)}`);
    // The heat map is the whole report's, whatever its rows: only the filters choose the grain.
    const { rows } = await sql<Record<string, string | number | null>>`
      select ((day + 3) % 7) as weekday, ${sql.join(sums)}
      from report_days where ${daysWhere({ ...plan, group: null })}
      group by weekday`.execute(this.db);
    return rows.flatMap((row) =>
      hourColumns
        .map((column, hour) => ({ weekHour: Number(row.weekday) * 24 + hour, requests: Number(row[column] ?? 0) }))
        .filter((cell) => cell.requests > 0),
    );
  }

  async dispositions(plan: ReportPlan): Promise<{ code: string; count: number }[]> {
    const rows: { dispositions: string }[] = [];
    for (const span of sampleSpans({ ...plan, group: plan.group ?? 'department' })) {
      const found = await sql<{ dispositions: string }>`
        select dispositions from report_days
        where ${spanWhere(plan, span)} and dispositions is not null`.execute(this.db);
      rows.push(...found.rows);
    }
    const uses = new Map<string, number>();
    for (const row of rows) {
      for (const [code, n] of Object.entries(JSON.parse(row.dispositions) as Record<string, number>))
        uses.set(code, (uses.get(code) ?? 0) + n);
    }
    return [...uses.entries()]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /**
   * [RP8] Invitations by the day they were sent and the consultant (or their department) who sent
   * them; an invitation belongs to no link, so a link filter or grouping finds none for a link.
   */
  async invitations(plan: ReportPlan): Promise<ReportInvitationRow[]> {
    if (plan.filters.linkId) return [];
    const sent = sql.ref('i.sent_at');
    const conditions: Sql[] = [
      sql`i.tenant_id = ${plan.tenantId}`,
      sql`i.sent_at >= ${plan.from}`,
      sql`i.sent_at < ${plan.until}`,
    ];
    if (plan.filters.consultantId) conditions.push(sql`i.consultant_id = ${plan.filters.consultantId}`);
    if (plan.filters.departmentId) conditions.push(sql`c.department_id = ${plan.filters.departmentId}`);
    if (plan.departmentIds) {
      conditions.push(
        plan.departmentIds.length === 0
          ? sql`1 = 0`
          : sql`c.department_id in (${sql.join(plan.departmentIds.map((id) => sql`${id}`))})`,
      );
    }
    const group =
      plan.group === 'consultant'
        ? sql`i.consultant_id`
        : plan.group === 'department'
          ? sql`c.department_id`
          : sql`cast(null as text)`;
    const { rows } = await sql<{
      period: string | number;
      grp: string | null;
      sent: string | number;
      accepted: string | number;
    }>`
      select ${periodOf(localDay(sent, plan), plan)} as period, ${group} as grp, count(*) as sent,
        sum(case when i.state = 'accepted' then 1 else 0 end) as accepted
      from site_invitations i left join consultants c on c.id = i.consultant_id
      where ${sql.join(conditions, sql` and `)}
      group by period, grp`.execute(this.db);
    return rows.map((row) => ({
      period: Number(row.period),
      group: row.grp,
      sent: Number(row.sent),
      accepted: Number(row.accepted),
    }));
  }

  async timeZone(tenantId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('report_settings')
      .select('time_zone')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.time_zone ?? null;
  }

  /**
   * [RP12] A new time zone moves every local day, so the tenant's rollups are recounted from its
   * fact rows in the same transaction: reports never mix two zones' days.
   */
  async setTimeZone(tenantId: string, timeZone: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const before = await rollupTimeZone(trx, tenantId, true);
      await trx
        .insertInto('report_settings')
        .values({ tenant_id: tenantId, time_zone: timeZone })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ time_zone: timeZone }))
        .execute();
      if (before !== timeZone) await rebuildRollups(trx, tenantId, timeZone);
    });
  }
}

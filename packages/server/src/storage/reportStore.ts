import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  ReportCountsRow,
  ReportInvitationRow,
  ReportPercentileRow,
  ReportPlan,
  ReportStore,
} from '../domain/ports/reportStore.ts';
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

/** The first local day of the column's period: the day, the Monday of its week, or the 1st of its month. */
function periodOf(column: Sql, plan: ReportPlan): Sql {
  const day = localDay(column, plan);
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

function groupOf(plan: ReportPlan): Sql {
  return plan.group ? sql.ref(groupColumns[plan.group]) : sql`cast(null as text)`;
}

/** The rows of the report: the tenant, the range of queue times, the filters, [RP9] the departments. */
function factsWhere(plan: ReportPlan): Sql {
  const conditions: Sql[] = [
    sql`tenant_id = ${plan.tenantId}`,
    sql`queued_at >= ${plan.from}`,
    sql`queued_at < ${plan.until}`,
  ];
  if (plan.filters.linkId) conditions.push(sql`link_id = ${plan.filters.linkId}`);
  if (plan.filters.departmentId) conditions.push(sql`department_id = ${plan.filters.departmentId}`);
  if (plan.filters.consultantId) conditions.push(sql`consultant_id = ${plan.filters.consultantId}`);
  if (plan.departmentIds) {
    conditions.push(
      plan.departmentIds.length === 0
        ? sql`1 = 0`
        : sql`department_id in (${sql.join(plan.departmentIds.map((id) => sql`${id}`))})`,
    );
  }
  return sql.join(conditions, sql` and `);
}

const count = (outcome: string): Sql => sql`sum(case when outcome = ${outcome} then 1 else 0 end)`;
const modeCount = (mode: string): Sql => sql`sum(case when mode = ${mode} then 1 else 0 end)`;

/** [RP1]–[RP9] Reports as a few aggregate queries over `conversation_facts` (0016_reports). */
export class SqlReportStore implements ReportStore {
  constructor(private readonly db: Kysely<Database>) {}

  async counts(plan: ReportPlan): Promise<ReportCountsRow[]> {
    const queued = sql.ref('queued_at');
    const { rows } = await sql<Record<string, string | number | null>>`
      select ${periodOf(queued, plan)} as period, ${groupOf(plan)} as grp, count(*) as requests,
        ${count('answered')} as answered, ${count('abandoned')} as abandoned, ${count('declined')} as declined,
        ${count('rang_out')} as rang_out, ${count('left_message')} as left_message,
        ${modeCount('video')} as video, ${modeCount('audio')} as audio, ${modeCount('text')} as text_mode,
        sum(transfers) as transfers
      from conversation_facts where ${factsWhere(plan)}
      group by period, grp`.execute(this.db);
    return rows.map((row) => ({
      period: Number(row.period),
      group: row.grp === null ? null : String(row.grp),
      requests: Number(row.requests),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      declined: Number(row.declined),
      rangOut: Number(row.rang_out),
      leftMessage: Number(row.left_message),
      video: Number(row.video),
      audio: Number(row.audio),
      text: Number(row.text_mode),
      transfers: Number(row.transfers),
    }));
  }

  /**
   * [RP4] Nearest-rank percentiles: the value at rank ⌈p·n/100⌉ of the n sorted samples, picked
   * with the window functions both engines have (row_number, count over a partition). Exact, and
   * the same on SQLite and PostgreSQL: no interpolation, no engine-specific percentile function.
   */
  async percentiles(plan: ReportPlan): Promise<ReportPercentileRow[]> {
    const queued = sql.ref('queued_at');
    const rowKey = plan.group ? sql`coalesce(${sql.ref(groupColumns[plan.group])}, '')` : periodOf(queued, plan);
    const result: ReportPercentileRow[] = [];
    // One sort per metric and key, the rows' own and the whole report's; the key is computed once
    // per row (materialized), not again by every window and filter that names it.
    for (const metric of ['wait', 'handle'] as const) {
      result.push(...(await this.ranked(plan, rowKey, metric)));
      const total = await this.ranked(plan, sql.lit(0), metric);
      result.push(...total.map((row) => ({ ...row, row: null })));
    }
    return result;
  }

  private async ranked(plan: ReportPlan, rowKey: Sql, metric: 'wait' | 'handle'): Promise<ReportPercentileRow[]> {
    const column = sql.ref(metric === 'wait' ? 'wait_ms' : 'handle_ms');
    const ranks = plan.percentiles.map((p) => sql`rn = (n * ${sql.lit(p)} + 99) / 100`);
    const { rows } = await sql<{ k: string | number; v: string | number; n: string | number; rn: string | number }>`
      with keyed as materialized (
        select ${rowKey} as k, ${column} as v
        from conversation_facts where ${factsWhere(plan)} and ${column} is not null
      ), ranked as (
        select k, v, row_number() over (partition by k order by v) as rn, count(*) over (partition by k) as n
        from keyed
      )
      select k, v, n, rn from ranked where ${sql.join(ranks, sql` or `)}`.execute(this.db);
    const result: ReportPercentileRow[] = [];
    for (const row of rows) {
      const n = Number(row.n);
      for (const p of plan.percentiles) {
        if (Math.ceil((n * p) / 100) !== Number(row.rn)) continue;
        result.push({ row: String(row.k), metric, percentile: p, valueMs: Number(row.v) });
      }
    }
    return result;
  }

  async heatMap(plan: ReportPlan): Promise<{ weekHour: number; requests: number }[]> {
    const queued = sql.ref('queued_at');
    // Local hour 0 (1970-01-01 00:00) was a Thursday, 72 hours into its Monday-first week.
    const { rows } = await sql<{ wh: string | number; requests: string | number }>`
      select ((((queued_at + ${offsetOf(queued, plan)}) / 3600000) + 72) % 168) as wh, count(*) as requests
      from conversation_facts where ${factsWhere(plan)}
      group by wh`.execute(this.db);
    return rows.map((row) => ({ weekHour: Number(row.wh), requests: Number(row.requests) }));
  }

  async dispositions(plan: ReportPlan): Promise<{ code: string; count: number }[]> {
    const { rows } = await sql<{ disposition: string; uses: string | number }>`
      select disposition, count(*) as uses from conversation_facts
      where ${factsWhere(plan)} and disposition is not null
      group by disposition order by uses desc, disposition`.execute(this.db);
    return rows.map((row) => ({ code: row.disposition, count: Number(row.uses) }));
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
      select ${periodOf(sent, plan)} as period, ${group} as grp, count(*) as sent,
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

  async setTimeZone(tenantId: string, timeZone: string): Promise<void> {
    await this.db
      .insertInto('report_settings')
      .values({ tenant_id: tenantId, time_zone: timeZone })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ time_zone: timeZone }))
      .execute();
  }
}

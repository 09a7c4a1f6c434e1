import { PostgresAdapter, type Insertable, type Kysely, type Selectable } from 'kysely';
import {
  COUNT_NAMES,
  decodeHistogramInto,
  emptyCell,
  encodeHistogram,
  GRAINS,
  keyOf,
  keyText,
  addFact,
  mergeCell,
  type CountName,
  type RollupCell,
  type RollupFact,
  type RollupKey,
} from '../domain/reports/rollup.ts';
import {
  firstDayOfMonth,
  localDayAndHour,
  localMidnight,
  monthOf,
  offsetAt,
  offsetIn,
  offsetSegments,
} from '../domain/reports/timeZone.ts';
import { num, numOrNull } from './rows.ts';
import type { Database, RollupCountColumn, RollupHourColumn } from './schema.ts';

/** [RP6] A tenant that never chose a time zone reports in UTC (as domain/reports/reports.ts). */
const DEFAULT_TIME_ZONE = 'UTC';
type RollupRow = Selectable<Database['report_days']>;

/** Count names in the domain → columns of `report_days`. */
export const countColumns: Record<CountName, RollupCountColumn> = {
  requests: 'requests',
  answered: 'answered',
  abandoned: 'abandoned',
  declined: 'declined',
  rangOut: 'rang_out',
  leftMessage: 'left_message',
  video: 'video',
  audio: 'audio',
  text: 'text_mode',
  transfers: 'transfers',
};
export const hourColumns = Array.from({ length: 24 }, (_, h) => `h${h}` as RollupHourColumn);

/** A cell with its requests per local hour, as one row holds them. */
interface RollupData {
  cell: RollupCell;
  hours: number[];
}

function dataOf(row: RollupRow | undefined): RollupData {
  const cell = emptyCell();
  const hours = hourColumns.map((column) => (row ? row[column] : 0));
  if (!row) return { cell, hours };
  for (const name of COUNT_NAMES) cell.counts[name] = row[countColumns[name]];
  if (row.wait_hist) decodeHistogramInto(row.wait_hist, cell.wait);
  if (row.handle_hist) decodeHistogramInto(row.handle_hist, cell.handle);
  if (row.dispositions)
    for (const [code, n] of Object.entries(JSON.parse(row.dispositions) as Record<string, number>))
      cell.dispositions.set(code, n);
  return { cell, hours };
}

type RollupKeyColumns = Pick<
  Insertable<Database['report_days']>,
  'tenant_id' | 'grain' | 'day' | 'department_id' | 'link_id' | 'consultant_id'
>;
type RollupValues = Omit<Insertable<Database['report_days']>, keyof RollupKeyColumns>;

/**
 * [RP10] Where a cell is stored: a day row (grain 0–3, `day` the local day) or, for a report's
 * whole months, a month row (grain + {@link MONTHLY}, `day` the month's first local day).
 */
interface Place {
  grain: number;
  day: number;
}

/** Added to a grain for its month rows. */
export const MONTHLY = 4;

export function placesOf(grain: number, day: number): [Place, Place] {
  return [
    { grain, day },
    { grain: grain + MONTHLY, day: firstDayOfMonth(monthOf(day)) },
  ];
}

function keyColumnsOf(tenantId: string, { grain, day }: Place, key: RollupKey): RollupKeyColumns {
  return {
    tenant_id: tenantId,
    grain,
    day,
    department_id: key.departmentId,
    link_id: key.linkId,
    consultant_id: key.consultantId,
  };
}

function valuesOf({ cell, hours }: RollupData): RollupValues {
  const row: RollupValues = {
    wait_hist: encodeHistogram(cell.wait),
    handle_hist: encodeHistogram(cell.handle),
    dispositions: cell.dispositions.size === 0 ? null : JSON.stringify(Object.fromEntries(cell.dispositions)),
  };
  for (const name of COUNT_NAMES) row[countColumns[name]] = cell.counts[name];
  hourColumns.forEach((column, h) => (row[column] = hours[h] ?? 0));
  return row;
}

const isPostgres = (db: Kysely<Database>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * [RP6][RP10] The tenant's report time zone, read inside the writing transaction. On PostgreSQL
 * the tenant row is key-share locked: a time zone change (which locks it for update, then
 * rebuilds) waits for writes in flight, and writes after it see the new zone and new rollups.
 */
export async function rollupTimeZone(db: Kysely<Database>, tenantId: string, forChange = false): Promise<string> {
  let query = db
    .selectFrom('tenants')
    .leftJoin('report_settings', 'report_settings.tenant_id', 'tenants.id')
    .select('report_settings.time_zone')
    .where('tenants.id', '=', tenantId);
  if (isPostgres(db)) query = forChange ? query.forUpdate('tenants') : query.forKeyShare('tenants');
  const row = await query.executeTakeFirst();
  return row?.time_zone ?? DEFAULT_TIME_ZONE;
}

/**
 * [RP10] Applies a fact write's delta to its day's rollup rows, in the caller's transaction.
 * Cells are visited in key order, and on PostgreSQL each is created if missing and then locked,
 * so concurrent writes to one cell queue instead of losing an update, and never deadlock.
 */
export async function applyRollupDelta(
  db: Kysely<Database>,
  tenantId: string,
  queuedAt: number,
  deltas: readonly { key: RollupKey; delta: RollupCell }[],
): Promise<void> {
  if (deltas.length === 0) return;
  const timeZone = await rollupTimeZone(db, tenantId);
  const { day, hour } = localDayAndHour(queuedAt, offsetAt(timeZone, queuedAt));
  const postgres = isPostgres(db);
  // Day rows first, then month rows, each in key order: every writer locks in the same order.
  const targets = [0, 1].flatMap((which) =>
    deltas.map(({ key, delta }) => ({
      key,
      delta,
      place: placesOf(key.grain, day)[which] ?? { grain: key.grain, day },
    })),
  );
  for (const { key, delta, place } of targets) {
    const where = db
      .selectFrom('report_days')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('grain', '=', place.grain)
      .where('day', '=', place.day)
      .where('department_id', '=', key.departmentId)
      .where('link_id', '=', key.linkId)
      .where('consultant_id', '=', key.consultantId);
    if (postgres) {
      await db
        .insertInto('report_days')
        .values({ ...keyColumnsOf(tenantId, place, key), ...valuesOf({ cell: emptyCell(), hours: [] }) })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const current = dataOf(await (postgres ? where.forUpdate() : where).executeTakeFirst());
    mergeCell(current.cell, delta);
    current.hours[hour] = (current.hours[hour] ?? 0) + delta.counts.requests;
    if (current.cell.counts.requests === 0) {
      await db
        .deleteFrom('report_days')
        .where('tenant_id', '=', tenantId)
        .where('grain', '=', place.grain)
        .where('day', '=', place.day)
        .where('department_id', '=', key.departmentId)
        .where('link_id', '=', key.linkId)
        .where('consultant_id', '=', key.consultantId)
        .execute();
      continue;
    }
    const values = valuesOf(current);
    await db
      .insertInto('report_days')
      .values({ ...keyColumnsOf(tenantId, place, key), ...values })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'grain', 'day', 'department_id', 'link_id', 'consultant_id']).doUpdateSet(values),
      )
      .execute();
  }
}

/** The fact columns a rollup reads, as stored. */
export const rollupFactColumns = [
  'link_id',
  'department_id',
  'consultant_id',
  'mode',
  'outcome',
  'wait_ms',
  'handle_ms',
  'transfers',
  'disposition',
  'queued_at',
] as const;

type StoredFact = Pick<Selectable<Database['conversation_facts']>, (typeof rollupFactColumns)[number]>;

export function rollupFactOf(row: StoredFact): RollupFact {
  return {
    linkId: row.link_id,
    departmentId: row.department_id ?? '',
    consultantId: row.consultant_id ?? '',
    mode: row.mode,
    outcome: row.outcome,
    waitMs: numOrNull(row.wait_ms),
    handleMs: numOrNull(row.handle_ms),
    transfers: row.transfers,
    disposition: row.disposition,
  };
}

/** Rows per insert: 40 columns each stays under both engines' bound-parameter limits. */
const INSERT_BATCH = 400;

/**
 * [RP12] Recounts a tenant's rollups from its fact rows in its time zone: the migration's
 * backfill and a time zone change. A month of local days at a time (bounded memory); the caller
 * chooses the transaction.
 */
export async function rebuildRollups(db: Kysely<Database>, tenantId: string, timeZone: string): Promise<void> {
  await db.deleteFrom('report_days').where('tenant_id', '=', tenantId).execute();
  const span = await db
    .selectFrom('conversation_facts')
    .select((eb) => [eb.fn.min('queued_at').as('first'), eb.fn.max('queued_at').as('last')])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const first = numOrNull(span?.first ?? null);
  const last = numOrNull(span?.last ?? null);
  if (first === null || last === null) return;
  const firstDay = localDayAndHour(first, offsetAt(timeZone, first)).day;
  const lastDay = localDayAndHour(last, offsetAt(timeZone, last)).day;
  // A local month at a time: its month rows are whole, and a large tenant's month fits in memory.
  for (let month = monthOf(firstDay); month <= monthOf(lastDay); month++) {
    const from = localMidnight(timeZone, firstDayOfMonth(month));
    const until = localMidnight(timeZone, firstDayOfMonth(month + 1));
    const segments = offsetSegments(timeZone, from, until);
    const facts = await db
      .selectFrom('conversation_facts')
      .select(rollupFactColumns)
      .where('tenant_id', '=', tenantId)
      .where('queued_at', '>=', from)
      .where('queued_at', '<', until)
      .execute();
    const cells = new Map<string, { place: Place; key: RollupKey; data: RollupData }>();
    for (const stored of facts) {
      const queuedAt = num(stored.queued_at);
      const local = localDayAndHour(queuedAt, offsetIn(segments, queuedAt));
      const fact = rollupFactOf(stored);
      for (const grain of GRAINS) {
        const key = keyOf(fact, grain);
        for (const place of placesOf(grain, local.day)) {
          const text = `${place.grain}\u0000${place.day}\u0000${keyText(key)}`;
          let entry = cells.get(text);
          if (!entry) {
            entry = { place, key, data: { cell: emptyCell(), hours: hourColumns.map(() => 0) } };
            cells.set(text, entry);
          }
          addFact(entry.data.cell, fact, 1);
          entry.data.hours[local.hour] = (entry.data.hours[local.hour] ?? 0) + 1;
        }
      }
    }
    const rows = [...cells.values()].map(({ place, key, data }) => ({
      ...keyColumnsOf(tenantId, place, key),
      ...valuesOf(data),
    }));
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await db
        .insertInto('report_days')
        .values(rows.slice(i, i + INSERT_BATCH))
        .execute();
    }
  }
}

import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from '../dialect.ts';
import { rebuildRollups } from '../rollupRows.ts';
import type { Database } from '../schema.ts';

const COUNT_COLUMNS = [
  'requests',
  'answered',
  'abandoned',
  'declined',
  'rang_out',
  'left_message',
  'video',
  'audio',
  'text_mode',
  'transfers',
] as const;

/**
 * [RP10]–[RP12] Per-day report rollups (issue 15): a year's report merges at most 365 rows per
 * group instead of sorting every conversation's times. One row per tenant, grain (which of link
 * and consultant it keeps apart; the department always), local day in the tenant's report time
 * zone, and those dimensions ('' for rolled up or none): counts, requests per local hour for the
 * heat map, one-second histograms of wait and handling times, and dispositions; each day row has
 * a month row too (grain + 4, keyed by the month's first local day), from which a grouped report
 * reads its whole months' samples (12 rows a year per group, not 365). Existing fact
 * rows are counted in, each tenant in its time zone. The primary key leads with (tenant, grain,
 * day): every report reads one grain's range of days.
 */
export function reportRollups(dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      let table = db.schema
        .createTable('report_days')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('grain', 'integer', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'text', (c) => c.notNull())
        .addColumn('link_id', 'text', (c) => c.notNull())
        .addColumn('consultant_id', 'text', (c) => c.notNull());
      for (const column of COUNT_COLUMNS) table = table.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
      for (let h = 0; h < 24; h++) table = table.addColumn(`h${h}`, 'integer', (c) => c.notNull().defaultTo(0));
      await table
        .addColumn('wait_hist', dialect === 'postgres' ? 'bytea' : 'blob')
        .addColumn('handle_hist', dialect === 'postgres' ? 'bytea' : 'blob')
        .addColumn('dispositions', 'text')
        .addPrimaryKeyConstraint('report_days_pk', [
          'tenant_id',
          'grain',
          'day',
          'department_id',
          'link_id',
          'consultant_id',
        ])
        // SQLite keeps the rows in key order, so a report's range of days is read page after page
        // (a rowid table would cost a lookup per row: seconds for a year of one grain's rows).
        .modifyEnd(dialect === 'sqlite' ? sql`without rowid` : sql``)
        .execute();
      // The backfill uses today's rollup code: a later change of the rollup format brings its own
      // migration that rebuilds, so this one never meets rows it does not understand.
      const typed = db as Kysely<Database>;
      const tenants = await typed
        .selectFrom('conversation_facts')
        .leftJoin('report_settings', 'report_settings.tenant_id', 'conversation_facts.tenant_id')
        .select(['conversation_facts.tenant_id', 'report_settings.time_zone'])
        .distinct()
        .execute();
      for (const { tenant_id, time_zone } of tenants) await rebuildRollups(typed, tenant_id, time_zone ?? 'UTC');
    },
  };
}

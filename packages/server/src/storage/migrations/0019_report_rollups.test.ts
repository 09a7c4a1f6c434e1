import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportService } from '../../domain/reports/reports.ts';
import type { Consultant } from '../../domain/tenants/directory.ts';
import { migrateToLatest, openSqlite, type OpenDatabase } from '../database.ts';
import { SqlReportStore } from '../reportStore.ts';
import { sqlStores } from '../stores.ts';
import { migrationProvider } from './index.ts';

const S = 1000;
const tenantId = 'ten_upgrade';

/** A fact row as 0016_reports stores it. */
function fact(id: string, queuedAt: string, outcome: string | null, waitMs: number | null, handleMs: number | null) {
  return {
    conversation_id: id,
    tenant_id: tenantId,
    link_id: 'link_u',
    department_id: null,
    consultant_id: outcome === 'answered' ? 'con_u' : null,
    mode: 'video',
    queued_at: Date.parse(queuedAt),
    answered_at: null,
    closed_at: null,
    outcome,
    wait_ms: waitMs,
    handle_ms: handleMs,
    disposition: outcome === 'answered' ? 'sale' : null,
  };
}

/**
 * [RP10][RP12] A database with fact rows from before the rollups (migrated up to 0018) gets them
 * counted in by 0019, in its tenant's time zone: the reports read the same numbers as before.
 */
describe('0019_report_rollups backfill', () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = openSqlite(':memory:');
    const migrator = new Migrator({ db: database.db, provider: migrationProvider('sqlite') });
    const { error } = await migrator.migrateTo('0018_auto_invitations');
    if (error) throw error instanceof Error ? error : new Error('migrating to 0018 failed');
    await database.db.insertInto('tenants').values({ id: tenantId, name: 'U', slug: 'u', created_at: 0 }).execute();
    await database.db
      .insertInto('report_settings')
      .values({ tenant_id: tenantId, time_zone: 'Europe/Warsaw' })
      .execute();
    await database.db
      .insertInto('conversation_facts')
      .values([
        // 23:30 UTC on 1 June is 2 June in Warsaw.
        fact('c1', '2026-06-01T23:30:00Z', 'answered', 12_400, 61_900),
        fact('c2', '2026-06-02T09:00:00Z', 'answered', 30_000, 100_000),
        fact('c3', '2026-06-02T10:00:00Z', 'abandoned', null, null),
        fact('c4', '2026-06-03T10:00:00Z', null, null, null),
      ])
      .execute();
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database.db.destroy();
  });

  it('[RP10][RP11] counts existing fact rows into per-day rollups in the tenant’s zone', async () => {
    const admin = { id: 'con_admin', tenantId, role: 'admin', departmentId: null } as Consultant;
    const reports = new ReportService(
      new SqlReportStore(database.db),
      sqlStores(database.db, () => 0),
    );
    const report = await reports.report(admin, {
      from: '2026-06-01',
      to: '2026-06-03',
      granularity: 'day',
      groupBy: 'period',
    });
    expect(report.rows.map((r) => [r.key, r.requests, r.answered, r.missed])).toEqual([
      ['2026-06-01', 0, 0, 0],
      ['2026-06-02', 3, 2, 1],
      ['2026-06-03', 1, 0, 0],
    ]);
    // [RP11] Whole seconds, truncated: 12.4 s waits count as 12 s, 61.9 s of handling as 61 s.
    expect([report.total.waitP50Ms, report.total.waitP90Ms, report.total.handleP50Ms]).toEqual([
      12 * S,
      30 * S,
      61 * S,
    ]);
    expect(report.dispositions).toEqual([{ code: 'sale', count: 2 }]);
    expect(report.heatMap[1]?.[1]).toBe(1);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { ReportQuery } from '@parley/protocol';
import {
  migrateToLatest,
  openPostgres,
  openSqliteOnWorker,
  type OpenDatabase,
} from '../packages/server/src/storage/database.ts';
import { sqlStores } from '../packages/server/src/storage/stores.ts';
import { ReportService } from '../packages/server/src/domain/reports/reports.ts';
import { rebuildRollups } from '../packages/server/src/storage/rollupRows.ts';
import type { Consultant } from '../packages/server/src/domain/tenants/directory.ts';

/**
 * [RP1]–[RP9] `npm run bench reports` (or `node --import tsx bench/reports.ts [count]`): fills a
 * database with a year of generated conversations (1,000,000 by default; BENCH_REPORTS sets
 * it) for one tenant in Europe/Warsaw — 20 links, 5 departments, 50 consultants, busy hours by
 * day — and times the reports the console asks for, as the server runs them (SQLite on its
 * worker thread). With BENCH_PG_URL it does the same on PostgreSQL. The fact rows are written
 * directly, then the per-day rollups ([RP10]) are counted from them as a time zone change does
 * ([RP12]), which is timed too. Prints figures, asserts nothing.
 */
const YEAR_START = Date.parse('2025-01-01T00:00:00+01:00');
const DAY = 86_400_000;
const tenantId = 'ten_bench';

/** A small deterministic generator, so every run fills the same data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type FactRow = [
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number,
  number | null,
  number | null,
  string | null,
  number | null,
  number | null,
  number,
  number,
  number,
  string | null,
];

function* facts(count: number): Generator<FactRow> {
  const next = random(42);
  const modes = ['video', 'video', 'audio', 'text'];
  for (let i = 0; i < count; i++) {
    // Office hours are busier: two draws of the hour, keep the one nearer to 13:00.
    const day = Math.floor(next() * 365);
    const h1 = next() * 24;
    const h2 = next() * 24;
    const hour = Math.abs(h1 - 13) < Math.abs(h2 - 13) ? h1 : h2;
    const queuedAt = YEAR_START + day * DAY + Math.floor(hour * 3_600_000);
    const link = Math.floor(next() * 20);
    const consultant = `con_${Math.floor(next() * 50)}`;
    const roll = next();
    const mode = modes[Math.floor(next() * 4)] ?? 'video';
    const outcome =
      roll < 0.78
        ? 'answered'
        : roll < 0.86
          ? 'abandoned'
          : roll < 0.9
            ? 'declined'
            : roll < 0.96
              ? 'rang_out'
              : 'left_message';
    const waitMs = Math.floor(-Math.log(1 - next()) * 25_000);
    const handleMs = Math.floor(-Math.log(1 - next()) * 420_000);
    const answered = outcome === 'answered';
    yield [
      `conv_${i}`,
      tenantId,
      `link_${link}`,
      `dep_${link % 5}`,
      answered || outcome === 'declined' ? consultant : null,
      mode,
      queuedAt,
      answered ? queuedAt + waitMs : null,
      queuedAt + waitMs + (answered ? handleMs : 0),
      outcome,
      answered ? waitMs : null,
      answered ? handleMs : null,
      answered && next() < 0.05 ? 1 : 0,
      outcome === 'rang_out' ? 1 : 0,
      outcome === 'left_message' ? 1 : 0,
      answered && next() < 0.3 ? `code_${Math.floor(next() * 6)}` : null,
    ];
  }
}

const columns =
  'conversation_id, tenant_id, link_id, department_id, consultant_id, mode, queued_at, answered_at, closed_at, outcome, wait_ms, handle_ms, transfers, unanswered_rings, left_message, disposition';

async function directory(database: OpenDatabase): Promise<Consultant> {
  const stores = sqlStores(database.db, () => YEAR_START);
  await stores.tenants.createTenant({ id: tenantId, name: 'Bench', slug: `bench-${Date.now()}` });
  for (let d = 0; d < 5; d++)
    await stores.departments.createDepartment({ id: `dep_${d}`, tenantId, name: `Department ${d}` });
  const admin: Consultant = {
    id: 'con_admin',
    tenantId,
    email: `admin-${Date.now()}@bench.test`,
    name: 'Admin',
    role: 'admin',
    passwordHash: 'x',
    departmentId: null,
    active: true,
    maxConversations: 1,
    mustChangePassword: false,
  };
  await stores.consultants.createConsultant(admin);
  await stores.reports.setTimeZone(tenantId, 'Europe/Warsaw');
  return admin;
}

/** [RP12] Counts the rollups from the fact rows in one transaction, as a time zone change does. */
async function timeRebuild(name: string, database: OpenDatabase): Promise<void> {
  const start = performance.now();
  await database.db.transaction().execute((trx) => rebuildRollups(trx, tenantId, 'Europe/Warsaw'));
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from report_days`.execute(database.db);
  process.stdout.write(
    `  rollups counted from the facts (a time zone change) in ${((performance.now() - start) / 1000).toFixed(1)} s: ${Number(rows[0]?.n ?? 0)} rows\n`,
  );
}

async function timeReports(name: string, database: OpenDatabase, admin: Consultant): Promise<void> {
  const stores = sqlStores(database.db, () => YEAR_START);
  const reports = new ReportService(stores.reports, stores);
  const supervisor: Consultant = { ...admin, role: 'supervisor', departmentId: 'dep_1' };
  const cases: [string, Consultant, ReportQuery][] = [
    ['year by month', admin, { from: '2025-01-01', to: '2025-12-31', granularity: 'month', groupBy: 'period' }],
    ['year by day (365 rows)', admin, { from: '2025-01-01', to: '2025-12-31', granularity: 'day', groupBy: 'period' }],
    ['year by consultant', admin, { from: '2025-01-01', to: '2025-12-31', granularity: 'week', groupBy: 'consultant' }],
    [
      'year, one department (supervisor)',
      supervisor,
      { from: '2025-01-01', to: '2025-12-31', granularity: 'month', groupBy: 'link' },
    ],
    ['one month by day', admin, { from: '2025-06-01', to: '2025-06-30', granularity: 'day', groupBy: 'period' }],
    ['one week by link', admin, { from: '2025-06-02', to: '2025-06-08', granularity: 'day', groupBy: 'link' }],
  ];
  process.stdout.write(`\nreports on ${name}: median of 3 runs (ms)\n`);
  for (const [label, caller, query] of cases) {
    const times: number[] = [];
    // CPU time of the whole process (the SQLite worker thread included): on a shared machine the
    // wall time grows with everyone else's load, the CPU time much less.
    const cpu: number[] = [];
    let requests = 0;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const used = process.cpuUsage();
      requests = (await reports.report(caller, query)).total.requests;
      times.push(performance.now() - start);
      const { user, system } = process.cpuUsage(used);
      cpu.push((user + system) / 1000);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    process.stdout.write(
      `  ${label.padEnd(36)} ${(times[1] ?? 0).toFixed(0).padStart(6)} ms  (CPU ${(cpu[1] ?? 0).toFixed(0)} ms, ${requests} requests)\n`,
    );
  }
}

/** Writes the fact rows through a direct connection in one transaction (the bench times reports, not inserts), then counts the rollups. */
async function fill(database: OpenDatabase, file: string, count: number): Promise<void> {
  const start = performance.now();
  const sqlite = new SQLite(file);
  const insert = sqlite.prepare(
    `insert into conversation_facts (${columns}) values (${columns
      .split(',')
      .map(() => '?')
      .join(', ')})`,
  );
  sqlite.transaction(() => {
    for (const row of facts(count)) insert.run(...row);
  })();
  sqlite.close();
  process.stdout.write(
    `\nreports: ${count} conversations over 2025 written to SQLite in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
  );
  await timeRebuild('SQLite', database);
  await sql`analyze`.execute(database.db);
}

async function benchAdmin(database: OpenDatabase): Promise<Consultant> {
  const admin = await sqlStores(database.db, () => 0).consultants.getConsultant('con_admin');
  if (!admin) throw new Error('the kept bench database has no admin');
  return admin;
}

export async function benchReports(count: number): Promise<void> {
  // BENCH_REPORTS_DIR keeps the SQLite file there, and a second run reuses it (reports only).
  const kept = process.env.BENCH_REPORTS_DIR;
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'parley-bench-reports-'));
  try {
    const file = join(dir, 'parley.sqlite');
    const reuse = kept !== undefined && existsSync(file);
    const database = openSqliteOnWorker(file);
    await migrateToLatest(database);
    const admin = reuse ? await benchAdmin(database) : await directory(database);
    if (!reuse) await fill(database, file, count);
    await timeReports('SQLite (worker thread, as the server)', database, admin);
    await database.db.destroy();
    const url = process.env.BENCH_PG_URL;
    if (url) {
      const pg = openPostgres(url);
      await migrateToLatest(pg);
      await pg.db.deleteFrom('conversation_facts').where('tenant_id', '=', tenantId).execute();
      await pg.db.deleteFrom('report_days').where('tenant_id', '=', tenantId).execute();
      const pgAdmin = await directory(pg);
      const start = performance.now();
      let batch: FactRow[] = [];
      const flush = async () => {
        const keys = columns.split(', ');
        await pg.db
          .insertInto('conversation_facts')
          .values(batch.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i]])) as never))
          .execute();
        batch = [];
      };
      for (const row of facts(count)) {
        batch.push(row);
        if (batch.length === 2000) await flush();
      }
      if (batch.length > 0) await flush();
      process.stdout.write(
        `\nreports: ${count} conversations written to PostgreSQL in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
      );
      await timeRebuild('PostgreSQL', pg);
      await sql`analyze report_days`.execute(pg.db);
      await timeReports('PostgreSQL', pg, pgAdmin);
      await pg.db.destroy();
    }
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchReports(Number(process.argv[2] ?? process.env.BENCH_REPORTS ?? 1_000_000));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMode } from '@parley/protocol';
import { initialState, transition, type ConversationEvent } from '../domain/conversations/lifecycle.ts';
import type { ConversationRecord } from '../domain/ports/conversationStore.ts';
import { nextFacts, noFacts } from '../domain/reports/facts.ts';
import { decodeHistogramInto } from '../domain/reports/rollup.ts';
import { dayNumber, firstDayOfMonth, localMidnight, monthOf, offsetAt } from '../domain/reports/timeZone.ts';
import { ReportService } from '../domain/reports/reports.ts';
import { consultantDefaults, linkDefaults, type Consultant } from '../domain/tenants/directory.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { num } from './rows.ts';
import { sqlStores, type SqlStores } from './stores.ts';

/** A small deterministic generator: a failing seed replays the same lifecycles. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fact = {
  link_id: string;
  department_id: string | null;
  consultant_id: string | null;
  mode: string | null;
  queued_at: number | string;
  outcome: string | null;
  wait_ms: number | string | null;
  handle_ms: number | string | null;
  transfers: number;
  disposition: string | null;
};

/**
 * What `report_days` must hold, counted here from scratch with nothing of the rollup code: per
 * grain, local day (and month) and kept dimensions, the counts, requests per hour, the samples in whole
 * seconds (sorted) and the dispositions.
 */
function recount(facts: Fact[], timeZone: string): Record<string, unknown> {
  const cells: Record<string, Record<string, unknown> & { wait: number[]; handle: number[] }> = {};
  for (const f of facts) {
    const queuedAt = Number(f.queued_at);
    const local = queuedAt + offsetAt(timeZone, queuedAt);
    const day = Math.floor(local / 86_400_000);
    const hour = Math.floor(local / 3_600_000) % 24;
    for (const grain of [0, 1, 2, 3]) {
      const link = grain === 1 || grain === 3 ? f.link_id : '';
      const consultant = grain >= 2 ? (f.consultant_id ?? '') : '';
      // [RP10] Each day row has its month row (grain + 4, keyed by the month's first local day).
      for (const key of [
        [grain, day, f.department_id ?? '', link, consultant].join('|'),
        [grain + 4, firstDayOfMonth(monthOf(day)), f.department_id ?? '', link, consultant].join('|'),
      ]) {
        const cell = (cells[key] ??= { wait: [], handle: [] });
        const add = (name: string, by = 1): void => {
          cell[name] = ((cell[name] as number | undefined) ?? 0) + by;
        };
        add('requests');
        if (f.outcome) add(f.outcome);
        if (f.mode) add(f.mode);
        if (f.transfers > 0) add('transfers', f.transfers);
        add(`h${hour}`);
        if (f.wait_ms !== null) cell.wait.push(Math.max(0, Math.floor(Number(f.wait_ms) / 1000)));
        if (f.handle_ms !== null) cell.handle.push(Math.max(0, Math.floor(Number(f.handle_ms) / 1000)));
        if (f.disposition) add(`disposition:${f.disposition}`);
      }
    }
  }
  for (const cell of Object.values(cells)) {
    cell.wait.sort((a, b) => a - b);
    cell.handle.sort((a, b) => a - b);
  }
  return cells;
}

const stored = { rang_out: 'rang_out', left_message: 'left_message', text_mode: 'text' } as Record<string, string>;

/** The rollup rows as {@link recount} shapes its cells (zero counts left out, histograms expanded). */
function asCells(rows: Record<string, unknown>[]): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  for (const row of rows) {
    const key = [Number(row.grain), Number(row.day), row.department_id, row.link_id, row.consultant_id].join('|');
    const cell: Record<string, unknown> & { wait: number[]; handle: number[] } = { wait: [], handle: [] };
    for (const [column, value] of Object.entries(row)) {
      if (['tenant_id', 'grain', 'day', 'department_id', 'link_id', 'consultant_id'].includes(column)) continue;
      if (column === 'wait_hist' || column === 'handle_hist' || column === 'dispositions') continue;
      if (Number(value) !== 0) cell[stored[column] ?? column] = Number(value);
    }
    for (const metric of ['wait', 'handle'] as const) {
      const bytes = row[`${metric}_hist`];
      if (!(bytes instanceof Uint8Array)) continue;
      const histogram = new Map<number, number>();
      decodeHistogramInto(bytes, histogram);
      for (const [s, n] of [...histogram].sort(([a], [b]) => a - b)) for (let i = 0; i < n; i++) cell[metric].push(s);
    }
    if (typeof row.dispositions === 'string')
      for (const [code, n] of Object.entries(JSON.parse(row.dispositions) as Record<string, number>))
        cell[`disposition:${code}`] = n;
    cells[key] = cell;
  }
  return cells;
}

/**
 * [RP10][RP12] The per-day rollups stay equal to a recount of the fact rows: random lifecycles
 * (rings, declines, picks, transfers to a colleague or a queue, hand-overs, requeues, ends, done
 * with a disposition), interleaved across conversations and saved at every step as the live core
 * does, then a time zone change and more of them.
 */
export function rollupsContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (report rollups): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_u${run}`;
    const tenant = id('t');
    const consultants = ['a', 'b', 'c', 'd'].map(id);
    const links = ['l1', 'l2', 'l3'].map(id);

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => 0);
      await store.tenants.createTenant({ id: tenant, name: 'Rollups', slug: id('rollups') });
      for (const d of ['d1', 'd2']) await store.departments.createDepartment({ id: id(d), tenantId: tenant, name: d });
      for (const [i, link] of links.entries()) {
        // The third link has no department: its requests have none unless the visitor chose one.
        const departmentId = i === 2 ? null : id(`d${i + 1}`);
        await store.links.createLink({
          ...linkDefaults,
          id: link,
          tenantId: tenant,
          key: `k${link}`,
          name: link,
          departmentId,
        });
      }
      for (const [i, consultant] of consultants.entries()) {
        await store.consultants.createConsultant({
          ...consultantDefaults,
          id: consultant,
          tenantId: tenant,
          email: `${consultant}@rollups.test`,
          name: consultant,
          role: i === 0 ? 'admin' : 'consultant',
          passwordHash: 'h',
          departmentId: i % 2 === 0 ? id('d1') : id('d2'),
        });
      }
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    /** Plays `count` random lifecycles, interleaved, saving after every step. */
    async function playRandom(seed: number, count: number, start: number): Promise<void> {
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
      const modes: (CallMode | null)[] = ['video', 'audio', 'text', null];
      const live: ConversationRecord[] = [];
      for (let i = 0; i < count; i++) {
        const queuedAt = start + Math.floor(next() * 3 * 86_400_000) + Math.floor(next() * 1000);
        const mode = pick(modes);
        const visitorId = id(`v${seed}-${i}`);
        const linkId = pick(links);
        await store.visitors.createVisitor({ id: visitorId, tenantId: tenant, linkId, name: '' }, id(`h${seed}-${i}`));
        live.push({
          id: id(`c${seed}-${i}`),
          tenantId: tenant,
          linkId,
          visitorId,
          visitorName: 'V',
          state: initialState(queuedAt),
          facts: noFacts,
          visitorSetup: mode ? { mediaCheck: 'passed', mode, webrtc: true, client: null } : null,
          departmentId: next() < 0.2 ? id('d2') : null,
        });
      }
      for (const record of live) await store.conversations.saveConversation(record);
      // Each conversation's own clock only moves forward.
      const clocks = live.map((record) => record.state.queuedAt);
      for (let step = 0; step < count * 12; step++) {
        const index = Math.floor(next() * live.length);
        const record = live[index];
        if (!record) continue;
        const at = (clocks[index] ?? 0) + 1000 + Math.floor(next() * 900_000);
        clocks[index] = at;
        const who = pick(consultants);
        const holder = 'consultantId' in record.state ? record.state.consultantId : who;
        const event = pick<ConversationEvent>([
          { type: 'offer', consultantId: who, at },
          { type: 'offer', consultantId: who, at },
          { type: 'withdraw_offer', at },
          { type: 'accept', consultantId: holder, at },
          { type: 'accept', consultantId: holder, at },
          { type: 'decline', consultantId: holder, others: next() < 0.5, at },
          { type: 'pick', consultantId: who, at },
          { type: 'abandon', reason: 'visitor_left', at },
          { type: 'end', reason: 'visitor_ended', at },
          { type: 'end', reason: 'consultant_ended', at },
          { type: 'transfer', consultantId: holder, to: who === holder ? null : who, at },
          { type: 'hand_over', consultantId: holder, to: who, at },
          { type: 'requeue', at },
          { type: 'mark_done', consultantId: holder, disposition: pick([null, 'sale', 'support']), at },
        ]);
        let state;
        try {
          state = transition(record.state, event);
        } catch {
          continue;
        }
        // Now and then the visitor leaves a message while waiting ([Q6]).
        const facts = nextFacts(record.facts ?? noFacts, record.state, event);
        const leftMessage = facts.leftMessage || (state.name === 'queued' && next() < 0.1);
        const updated = { ...record, state, facts: { ...facts, leftMessage } };
        live[index] = updated;
        await store.conversations.saveConversation(updated);
      }
    }

    async function expectRollupsEqualRecount(timeZone: string): Promise<number> {
      const facts = await database.db
        .selectFrom('conversation_facts')
        .select([
          'link_id',
          'department_id',
          'consultant_id',
          'mode',
          'queued_at',
          'outcome',
          'wait_ms',
          'handle_ms',
          'transfers',
          'disposition',
        ])
        .where('tenant_id', '=', tenant)
        .execute();
      const rows = await database.db.selectFrom('report_days').selectAll().where('tenant_id', '=', tenant).execute();
      expect(asCells(rows as unknown as Record<string, unknown>[])).toEqual(recount(facts, timeZone));
      return facts.length;
    }

    it('[RP10] random lifecycles keep the rollups equal to a recount of the fact rows', async () => {
      await store.reports.setTimeZone(tenant, 'Europe/Warsaw');
      // Across the spring DST change in Warsaw (29 March 2026).
      await playRandom(1, 30, Date.parse('2026-03-28T00:00:00Z'));
      expect(await expectRollupsEqualRecount('Europe/Warsaw')).toBe(30);
    }, 90_000);

    /**
     * [RP4][RP10][RP11] A report whose rows are groups reads whole months from month rows and the
     * edge days from day rows: its percentiles equal nearest ranks over the fact rows themselves.
     */
    async function expectGroupPercentilesFromFacts(timeZone: string): Promise<void> {
      const admin = {
        ...consultantDefaults,
        id: consultants[0] ?? '',
        tenantId: tenant,
        role: 'admin',
        departmentId: null,
      };
      const reports = new ReportService(store.reports, store);
      // 20 February to 5 April, local: March from its month rows, the days around it from day rows.
      const report = await reports.report(admin as Consultant, {
        from: '2026-02-20',
        to: '2026-04-05',
        granularity: 'week',
        groupBy: 'consultant',
      });
      const from = localMidnight(timeZone, dayNumber('2026-02-20'));
      const until = localMidnight(timeZone, dayNumber('2026-04-06'));
      const facts = await database.db
        .selectFrom('conversation_facts')
        .select(['consultant_id', 'wait_ms', 'handle_ms'])
        .where('tenant_id', '=', tenant)
        .where('queued_at', '>=', from)
        .where('queued_at', '<', until)
        .execute();
      const rank = (values: number[], p: number): number | null => {
        const sorted = values.map((v) => Math.max(0, Math.floor(v / 1000)) * 1000).sort((a, b) => a - b);
        return sorted.length === 0 ? null : (sorted[Math.ceil((sorted.length * p) / 100) - 1] ?? null);
      };
      const expected = [...new Set(facts.map((f) => f.consultant_id ?? ''))].sort().map((key) => {
        const mine = facts.filter((f) => (f.consultant_id ?? '') === key);
        const waits = mine.flatMap((f) => (f.wait_ms === null ? [] : [num(f.wait_ms)]));
        const handles = mine.flatMap((f) => (f.handle_ms === null ? [] : [num(f.handle_ms)]));
        return [key, mine.length, rank(waits, 50), rank(waits, 90), rank(handles, 50), rank(handles, 90)];
      });
      const rows = report.rows
        .map((r) => [r.key, r.requests, r.waitP50Ms, r.waitP90Ms, r.handleP50Ms, r.handleP90Ms])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(rows).toEqual(expected.sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    }

    it('[RP10] a grouped report over whole months reads month rows: the same percentiles as the facts', async () => {
      await expectGroupPercentilesFromFacts('Europe/Warsaw');
    });

    it('[RP12] a time zone change recounts the rollups in the new zone, and deltas go on from there', async () => {
      await store.reports.setTimeZone(tenant, 'America/New_York');
      await expectRollupsEqualRecount('America/New_York');
      await playRandom(2, 20, Date.parse('2026-03-07T12:00:00Z'));
      expect(await expectRollupsEqualRecount('America/New_York')).toBe(50);
      await expectGroupPercentilesFromFacts('America/New_York');
    }, 90_000);
  });
}

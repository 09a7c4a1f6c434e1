import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallMode, ReportQuery } from '@parley/protocol';
import { initialState, transition, type ConversationEvent } from '../domain/conversations/lifecycle.ts';
import type { ConversationRecord } from '../domain/ports/conversationStore.ts';
import { nextFacts, noFacts } from '../domain/reports/facts.ts';
import { ReportService } from '../domain/reports/reports.ts';
import { consultantDefaults, linkDefaults, type Consultant } from '../domain/tenants/directory.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { SqlReportStore } from './reportStore.ts';
import { sqlStores, type SqlStores } from './stores.ts';

const S = 1000;
/** Warsaw: CET (+1) until 2026-03-29 02:00 local, CEST (+2) after. */
const cet = (date: string, time: string): number => Date.parse(`${date}T${time}+01:00`);
const cest = (date: string, time: string): number => Date.parse(`${date}T${time}+02:00`);

/**
 * [RP1]–[RP9] Report numbers over a fixture of known conversations, played through the lifecycle
 * and stored as the live core stores them, on SQLite and PostgreSQL alike. The tenant reports in
 * Europe/Warsaw across the spring DST change; one request falls on another day in UTC.
 */
export function reportsContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (reports): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    let reports: ReportService;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_r${run}`;
    const tenant = id('t');
    const people: Record<string, Consultant> = {};
    const who = (key: string): Consultant => {
      const found = people[key];
      if (!found) throw new Error(`no consultant ${key}`);
      return found;
    };

    async function person(key: string, role: Consultant['role'], departmentId: string | null): Promise<void> {
      const consultant = {
        ...consultantDefaults,
        id: id(key),
        tenantId: tenant,
        email: `${key}.${run}@reports.test`,
        name: key.toUpperCase(),
        role,
        passwordHash: 'h',
        departmentId,
      };
      await store.consultants.createConsultant(consultant);
      people[key] = consultant;
    }

    /** Stores a conversation after each event, as the live core does, facts and all. */
    async function play(
      key: string,
      link: 'l1' | 'l2' | 'lo',
      mode: CallMode | null,
      queuedAt: number,
      steps: ((at: number) => ConversationEvent)[],
      gaps: number[],
      extra: { leftMessageBefore?: number; tenantId?: string } = {},
    ): Promise<void> {
      const tenantId = extra.tenantId ?? tenant;
      const visitorId = id(`v-${key}`);
      await store.visitors.createVisitor({ id: visitorId, tenantId, linkId: id(link), name: '' }, id(`h-${key}`));
      let record: ConversationRecord = {
        id: id(key),
        tenantId,
        linkId: id(link),
        visitorId,
        visitorName: 'V',
        state: initialState(queuedAt),
        facts: noFacts,
        visitorSetup: mode ? { mediaCheck: 'passed', mode, webrtc: true, client: null } : null,
      };
      await store.conversations.saveConversation(record);
      let at = queuedAt;
      for (const [index, step] of steps.entries()) {
        at += gaps[index] ?? 0;
        if (extra.leftMessageBefore === index)
          record = { ...record, facts: { ...noFacts, ...record.facts, leftMessage: true } };
        const event = step(at);
        const state = transition(record.state, event);
        record = { ...record, state, facts: nextFacts(record.facts ?? noFacts, record.state, event) };
        if (event.type === 'mark_done') {
          // Wrap-up works on the stored record, as markDone does: the facts come back from storage.
          const stored = await store.conversations.getConversation(tenantId, record.id);
          record = { ...(stored ?? record), state };
        }
        await store.conversations.saveConversation(record);
      }
    }

    const offer = (who: string) => (at: number) => ({ type: 'offer' as const, consultantId: id(who), at });
    const accept = (who: string) => (at: number) => ({ type: 'accept' as const, consultantId: id(who), at });
    const end = (at: number) => ({ type: 'end' as const, reason: 'visitor_ended' as const, at });

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => 0);
      reports = new ReportService(new SqlReportStore(database.db), store);
      await store.tenants.createTenant({ id: tenant, name: 'Reports', slug: id('reports') });
      await store.tenants.createTenant({ id: id('other'), name: 'Other', slug: id('other') });
      await store.departments.createDepartment({ id: id('d1'), tenantId: tenant, name: 'Sales' });
      await store.departments.createDepartment({ id: id('d2'), tenantId: tenant, name: 'Support' });
      for (const [key, departmentId] of [
        ['l1', id('d1')],
        ['l2', id('d2')],
      ] as const) {
        await store.links.createLink({
          ...linkDefaults,
          id: id(key),
          tenantId: tenant,
          key: id(`k${key}`),
          name: key,
          departmentId,
        });
      }
      await store.links.createLink({ ...linkDefaults, id: id('lo'), tenantId: id('other'), key: id('klo'), name: 'o' });
      await person('a', 'consultant', id('d1'));
      await person('b', 'consultant', id('d2'));
      await person('admin', 'admin', null);
      await person('sup', 'supervisor', id('d1'));
      await reports.setTimeZone(who('admin'), 'Europe/Warsaw');

      // 28 March (Saturday, CET): answered after 10 s, handled 300 s, done as a sale.
      await play(
        'c1',
        'l1',
        'video',
        cet('2026-03-28', '09:00:00'),
        [offer('a'), accept('a'), end, (at) => ({ type: 'mark_done', consultantId: id('a'), disposition: 'sale', at })],
        [5 * S, 5 * S, 300 * S, 10 * S],
      );
      // 29 March 00:30 local is still 28 March in UTC: answered after 20 s, handled 600 s.
      await play(
        'c2',
        'l1',
        'audio',
        cet('2026-03-29', '00:30:00'),
        [offer('a'), accept('a'), end],
        [1 * S, 19 * S, 600 * S],
      );
      // 29 March after the change (CEST): rang out, then the visitor left.
      await play(
        'c3',
        'l1',
        'text',
        cest('2026-03-29', '10:00:00'),
        [
          offer('a'),
          (at) => ({ type: 'withdraw_offer', at }),
          (at) => ({ type: 'abandon', reason: 'visitor_left', at }),
        ],
        [S, 30 * S, 29 * S],
      );
      await play(
        'c4',
        'l2',
        'video',
        cest('2026-03-29', '11:00:00'),
        [offer('b'), (at) => ({ type: 'decline', consultantId: id('b'), others: false, at })],
        [S, 4 * S],
      );
      // 30 March (Monday).
      await play(
        'c5',
        'l2',
        'audio',
        cest('2026-03-30', '08:00:00'),
        [(at) => ({ type: 'abandon', reason: 'visitor_cancelled', at })],
        [30 * S],
      );
      await play(
        'c6',
        'l2',
        'text',
        cest('2026-03-30', '08:30:00'),
        [(at) => ({ type: 'abandon', reason: 'visitor_cancelled', at })],
        [90 * S],
        { leftMessageBefore: 0 },
      );
      // Answered after 40 s, transferred to B at +60 s, B answers at +70 s, ended at +160 s.
      await play(
        'c7',
        'l1',
        'video',
        cest('2026-03-30', '09:00:00'),
        [
          offer('a'),
          accept('a'),
          (at) => ({ type: 'transfer', consultantId: id('a'), to: id('b'), at }),
          accept('b'),
          end,
        ],
        [S, 39 * S, 20 * S, 10 * S, 90 * S],
      );
      // Still in the call: answered after 30 s, no handling time yet.
      await play('c8', 'l1', 'video', cest('2026-03-30', '09:10:00'), [offer('a'), accept('a')], [S, 29 * S]);
      // Still waiting, mode unknown.
      await play('c9', 'l2', null, cest('2026-03-30', '09:20:00'), [], []);
      // Outside the range (31 March local), and another tenant's.
      await play(
        'c10',
        'l1',
        'video',
        cest('2026-03-31', '00:00:30'),
        [(at) => ({ type: 'abandon', reason: 'visitor_left', at })],
        [S],
      );
      await play(
        'c11',
        'lo',
        'video',
        cest('2026-03-30', '10:00:00'),
        [(at) => ({ type: 'abandon', reason: 'visitor_left', at })],
        [S],
        {
          tenantId: id('other'),
        },
      );
      // Invitations: A sent two on Monday (one accepted), B one on Saturday.
      const invitation = (key: string, who: string, state: string, sentAt: number) => ({
        id: id(key),
        tenant_id: tenant,
        visit_id: 'visit',
        consultant_id: id(who),
        text: 'Hello',
        state,
        sent_at: sentAt,
        settled_at: null,
      });
      await database.db
        .insertInto('site_invitations')
        .values([
          invitation('i1', 'a', 'accepted', cest('2026-03-30', '09:00:00')),
          invitation('i2', 'a', 'ignored', cest('2026-03-30', '12:00:00')),
          invitation('i3', 'b', 'declined', cet('2026-03-28', '23:59:00')),
        ])
        .execute();
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    const query = (q: Partial<ReportQuery> = {}): ReportQuery => ({
      from: '2026-03-28',
      to: '2026-03-30',
      granularity: 'day',
      groupBy: 'period',
      ...q,
    });

    it('[RP3][RP4][RP5] totals: exact counts, outcomes, nearest-rank percentiles, modes, transfers', async () => {
      const report = await reports.report(who('admin'), query());
      expect(report.timeZone).toBe('Europe/Warsaw');
      expect(report.total).toEqual({
        requests: 9,
        answered: 4,
        missed: 4,
        abandoned: 1,
        declined: 1,
        rangOut: 1,
        leftMessage: 1,
        answerRate: 0.5,
        // Waits 10, 20, 30, 40 s: rank ⌈0.5·4⌉ = 2 and ⌈0.9·4⌉ = 4 (interpolation would say 25 and 37).
        waitP50Ms: 20 * S,
        waitP90Ms: 40 * S,
        // Handling 120, 300, 600 s (c7 from its first answer, across the transfer).
        handleP50Ms: 300 * S,
        handleP90Ms: 600 * S,
        video: 4,
        audio: 2,
        text: 2,
        transfers: 1,
        invitationsSent: 3,
        invitationsAccepted: 1,
      });
      expect(report.dispositions).toEqual([{ code: 'sale', count: 1 }]);
    });

    it('[RP6] days are the tenant’s local days across the DST change', async () => {
      const { rows, series } = await reports.report(who('admin'), query());
      expect(rows.map((r) => [r.key, r.requests, r.answered, r.missed])).toEqual([
        ['2026-03-28', 1, 1, 0],
        ['2026-03-29', 3, 1, 2],
        ['2026-03-30', 5, 2, 2],
      ]);
      expect(series.map((s) => s.requests)).toEqual([1, 3, 5]);
      const sunday = rows[1];
      expect([sunday?.waitP50Ms, sunday?.waitP90Ms, sunday?.handleP50Ms]).toEqual([20 * S, 20 * S, 600 * S]);
      expect(rows.map((r) => r.invitationsSent)).toEqual([1, 0, 2]);
    });

    it('[RP6] weeks start on Monday and months on the 1st, local', async () => {
      const weeks = await reports.report(who('admin'), query({ granularity: 'week' }));
      expect(weeks.rows.map((r) => [r.key, r.requests])).toEqual([
        ['2026-03-23', 4],
        ['2026-03-30', 5],
      ]);
      const months = await reports.report(who('admin'), query({ granularity: 'month', to: '2026-04-02' }));
      expect(months.rows.map((r) => [r.key, r.requests])).toEqual([
        // c10 (31 March, local) is March's too.
        ['2026-03-01', 10],
        ['2026-04-01', 0],
      ]);
    });

    it('[RP8] the heat map counts requests by local weekday (Monday first) and hour', async () => {
      const { heatMap } = await reports.report(who('admin'), query());
      const cells: string[] = [];
      heatMap.forEach((hours, day) =>
        hours.forEach((n, hour) => {
          if (n > 0) cells.push(`${day}:${hour}=${n}`);
        }),
      );
      expect(cells).toEqual(['0:8=2', '0:9=3', '5:9=1', '6:0=1', '6:10=1', '6:11=1']);
    });

    it('[RP2] by department and by consultant, with each group’s own percentiles', async () => {
      const byDepartment = await reports.report(who('admin'), query({ groupBy: 'department' }));
      expect(byDepartment.rows.map((r) => [r.label, r.requests, r.answered, r.waitP50Ms, r.invitationsSent])).toEqual([
        ['Sales', 5, 4, 20 * S, 2],
        ['Support', 4, 0, null, 1],
      ]);
      const byConsultant = await reports.report(who('admin'), query({ groupBy: 'consultant' }));
      expect(byConsultant.rows.map((r) => [r.label, r.requests, r.answered])).toEqual([
        // Closed before anyone answered or declined: nobody's (c3, c5, c6 and the waiting c9).
        ['', 4, 0],
        ['A', 3, 3],
        ['B', 2, 1],
      ]);
      const oneLink = await reports.report(who('admin'), query({ linkId: id('l2') }));
      expect(oneLink.total.requests).toBe(4);
    });

    it('[RP9] a supervisor sees their department only; a consultant sees no reports', async () => {
      const report = await reports.report(who('sup'), query());
      expect([report.total.requests, report.total.answered, report.total.invitationsSent]).toEqual([5, 4, 2]);
      expect(report.choices.departments.map((d) => d.name)).toEqual(['Sales']);
      await expect(reports.report(who('a'), query())).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
}

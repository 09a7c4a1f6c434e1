import { consultantDefaults, linkDefaults } from '../domain/tenants/directory.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, transition } from '../domain/conversations/lifecycle.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import { sqlStores, type SqlStores } from './stores.ts';
import { consultantToolsContract } from './consultantTools.contract.ts';
import { appointmentsContract } from './appointments.contract.ts';
import { privacyContract } from './privacy.contract.ts';
import { reportsContract } from './reports.contract.ts';
import { rollupsContract } from './rollups.contract.ts';
import { contactsContract } from './contacts.contract.ts';
import { fencesContract } from './fences.contract.ts';
import { mediaRoomsContract } from './mediaRooms.contract.ts';
import { SqlSupportVideoStore } from './supportVideoStore.ts';

/**
 * The storage contract: every dialect must pass the same suite. Each run uses fresh ids,
 * so it can share a long-lived PostgreSQL database.
 */
export function storeContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract: ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_${run}`;
    let now = 1_700_000_000_000;

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      await migrateToLatest(database); // idempotent
      store = sqlStores(database.db, () => now);
      await store.tenants.createTenant({ id: id('t1'), name: 'One', slug: id('one') });
      await store.tenants.createTenant({ id: id('t2'), name: 'Two', slug: id('two') });
      await store.consultants.createConsultant({
        id: id('c1'),
        tenantId: id('t1'),
        email: `Ann.${run}@One.test`,
        name: 'Ann',
        role: 'admin',
        passwordHash: 'h',
        ...consultantDefaults,
      });
      await store.links.createLink({
        id: id('l1'),
        tenantId: id('t1'),
        key: id('key'),
        name: 'L',
        ...linkDefaults,
      });
      await store.links.assignConsultant(id('t1'), id('l1'), id('c1'));
      await store.links.assignConsultant(id('t1'), id('l1'), id('c1'));
      await store.visitors.createVisitor(
        { id: id('v1'), tenantId: id('t1'), linkId: id('l1'), name: '' },
        id('tokenhash'),
      );
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    it('finds tenants, consultants (e-mail case-insensitive) and links', async () => {
      expect(await store.tenants.findTenantBySlug(id('one'))).toEqual({ id: id('t1'), name: 'One', slug: id('one') });
      expect((await store.consultants.findConsultantByEmail(`ann.${run}@one.test`))?.id).toBe(id('c1'));
      expect(await store.links.findLinkByKey(id('key'))).toMatchObject({
        id: id('l1'),
        mode: 'consultation',
        acceptance: 'manual',
      });
      expect(await store.links.findLinkByKey('missing')).toBeUndefined();
    });

    it('scopes link assignments and link lists by tenant', async () => {
      expect(await store.links.linkIdsOfConsultant(id('t1'), id('c1'))).toEqual([id('l1')]);
      expect(await store.links.linkIdsOfConsultant(id('t2'), id('c1'))).toEqual([]);
      expect(await store.links.listLinks(id('t2'))).toEqual([]);
    });

    it('keeps tokens only as hashes and expires nothing by itself', async () => {
      expect((await store.visitors.findVisitorByResumeTokenHash(id('tokenhash')))?.id).toBe(id('v1'));
      await store.sessions.createAuthSession(
        { id: id('s1'), consultantId: id('c1'), expiresAt: now + 1000 },
        id('sesshash'),
      );
      expect(await store.sessions.findAuthSession(id('sesshash'))).toEqual({
        id: id('s1'),
        consultantId: id('c1'),
        expiresAt: now + 1000,
      });
      expect(await store.sessions.deleteAuthSession(id('sesshash'))).toMatchObject({ id: id('s1') });
      expect(await store.sessions.findAuthSession(id('sesshash'))).toBeUndefined();
      expect(await store.sessions.deleteAuthSession(id('sesshash'))).toBeUndefined();
    });

    it('[U1] ends every session of a consultant but the one kept, and says which', async () => {
      for (const n of [2, 3, 4]) {
        await store.sessions.createAuthSession(
          { id: id(`s${n}`), consultantId: id('c1'), expiresAt: now + 1000 },
          id(`h${n}`),
        );
      }
      expect((await store.sessions.deleteAuthSessionsOf(id('c1'), id('s3'))).sort()).toEqual([id('s2'), id('s4')]);
      expect(await store.sessions.findAuthSession(id('h3'))).toMatchObject({ id: id('s3') });
      expect(await store.sessions.deleteAuthSessionsOf(id('c1'))).toEqual([id('s3')]);
      expect(await store.sessions.deleteAuthSessionsOf(id('c1'))).toEqual([]);
    });

    it('[U4][U7] marks one-time passwords and lists tenants', async () => {
      expect((await store.consultants.getConsultant(id('c1')))?.mustChangePassword).toBe(false);
      expect(await store.consultants.setConsultantPassword(id('t1'), id('c1'), 'otp', true)).toBe(true);
      expect((await store.consultants.getConsultant(id('c1')))?.mustChangePassword).toBe(true);
      expect(await store.consultants.setConsultantPassword(id('t1'), id('c1'), 'h', false)).toBe(true);
      expect((await store.consultants.getConsultant(id('c1')))?.mustChangePassword).toBe(false);
      const slugs = (await store.tenants.listTenants()).map((t) => t.slug);
      expect(slugs).toEqual(expect.arrayContaining([id('one'), id('two')]));
    });

    it('[T1] keeps departments per tenant and renames only within the tenant', async () => {
      await store.departments.createDepartment({ id: id('d1'), tenantId: id('t1'), name: 'Sales' });
      now += 1;
      await store.departments.createDepartment({ id: id('d2'), tenantId: id('t1'), name: 'Care' });
      expect(await store.departments.listDepartments(id('t1'))).toEqual([
        { id: id('d1'), tenantId: id('t1'), name: 'Sales' },
        { id: id('d2'), tenantId: id('t1'), name: 'Care' },
      ]);
      expect(await store.departments.listDepartments(id('t2'))).toEqual([]);
      expect(await store.departments.renameDepartment(id('t2'), id('d1'), 'Stolen')).toBe(false);
      expect(await store.departments.renameDepartment(id('t1'), id('d1'), 'Sales EU')).toBe(true);
      expect((await store.departments.listDepartments(id('t1')))[0]?.name).toBe('Sales EU');
    });

    it('[T1] updates consultants field by field, only within their tenant', async () => {
      const patch = { name: 'Ann B', role: 'consultant' as const, departmentId: id('d1'), active: false };
      expect(await store.consultants.updateConsultant(id('t2'), id('c1'), patch)).toBe(false);
      expect(await store.consultants.updateConsultant(id('t1'), id('c1'), { ...patch, maxConversations: 3 })).toBe(
        true,
      );
      expect(await store.consultants.getConsultant(id('c1'))).toMatchObject({ ...patch, maxConversations: 3 });
      expect(await store.consultants.updateConsultant(id('t1'), id('c1'), {})).toBe(true);
      expect(await store.consultants.updateConsultant(id('t1'), id('nobody'), {})).toBe(false);
      expect(await store.consultants.setConsultantPassword(id('t2'), id('c1'), 'stolen')).toBe(false);
      expect(await store.consultants.setConsultantPassword(id('t1'), id('c1'), 'h2')).toBe(true);
      await store.consultants.updateConsultant(id('t1'), id('c1'), { role: 'admin', departmentId: null, active: true });
      expect(await store.consultants.listConsultants(id('t1'))).toEqual([
        expect.objectContaining({ id: id('c1'), passwordHash: 'h2', departmentId: null, active: true }),
      ]);
      expect(await store.consultants.listConsultants(id('t2'))).toEqual([]);
    });

    it('[EA9] keeps a link theme per link, created or patched, and null restores the default', async () => {
      const theme = {
        background: '#fde047',
        text: '#111827',
        position: 'bottom-left' as const,
        offsetX: 0,
        offsetY: 200,
        panelWidth: 640,
        panelHeight: 400,
        labels: { en: 'Ask us', pl: 'Zapytaj nas ✓', nl: '', pt: 'Pergunte-nos' },
      };
      await store.links.createLink({
        id: id('lt'),
        tenantId: id('t1'),
        key: id('ltkey'),
        name: 'T',
        ...linkDefaults,
        theme,
      });
      expect((await store.links.findLinkByKey(id('ltkey')))?.theme).toEqual(theme);
      expect((await store.links.getLink(id('t1'), id('l1')))?.theme).toBeNull();
      const moved = { ...theme, position: 'bottom-right' as const, offsetX: 12 };
      expect(await store.links.updateLink(id('t2'), id('lt'), { theme: null })).toBe(false);
      expect(await store.links.updateLink(id('t1'), id('lt'), { theme: moved })).toBe(true);
      expect((await store.links.getLink(id('t1'), id('lt')))?.theme).toEqual(moved);
      expect(await store.links.updateLink(id('t1'), id('lt'), { name: 'Renamed' })).toBe(true);
      expect((await store.links.listLinks(id('t1'))).find((l) => l.id === id('lt'))?.theme).toEqual(moved);
      expect(await store.links.updateLink(id('t1'), id('lt'), { theme: null })).toBe(true);
      expect((await store.links.getLink(id('t1'), id('lt')))?.theme).toBeNull();
    });

    it('[T1] updates link settings and assignments only within the tenant', async () => {
      const patch = {
        mode: 'pool' as const,
        acceptance: 'automatic' as const,
        departmentId: id('d1'),
        maxWaitMs: 86_400_000,
        offlineText: 'Back at 9 ✓',
        offlineImage: 'pic.png',
      };
      expect(await store.links.updateLink(id('t2'), id('l1'), patch)).toBe(false);
      expect(await store.links.updateLink(id('t1'), id('l1'), patch)).toBe(true);
      expect(await store.links.getLink(id('t1'), id('l1'))).toMatchObject(patch);
      expect(await store.links.getLink(id('t2'), id('l1'))).toBeUndefined();
      expect(await store.links.updateLink(id('t1'), id('l1'), {})).toBe(true);
      expect(await store.links.updateLink(id('t1'), id('nolink'), {})).toBe(false);
      await store.links.updateLink(id('t1'), id('l1'), { ...linkDefaults });
      expect(await store.links.findLinkByKey(id('key'))).toMatchObject(linkDefaults);

      expect(await store.links.consultantIdsOfLink(id('t1'), id('l1'))).toEqual([id('c1')]);
      expect(await store.links.consultantIdsOfLink(id('t2'), id('l1'))).toEqual([]);
      await store.links.unassignConsultant(id('t2'), id('l1'), id('c1'));
      expect(await store.links.consultantIdsOfLink(id('t1'), id('l1'))).toEqual([id('c1')]);
      await store.links.unassignConsultant(id('t1'), id('l1'), id('c1'));
      expect(await store.links.consultantIdsOfLink(id('t1'), id('l1'))).toEqual([]);
      await store.links.assignConsultant(id('t1'), id('l1'), id('c1'));
    });

    it('[I3][I4] lists left messages newest first per tenant and marks them handled', async () => {
      const message = {
        tenantId: id('t1'),
        linkId: id('l1'),
        name: 'Vera',
        email: 'vera@example.test',
        text: 'Call me <b>back</b> ✓',
        handledAt: null,
      };
      await store.leftMessages.createLeftMessage({ ...message, id: id('lm1'), createdAt: now });
      await store.leftMessages.createLeftMessage({ ...message, id: id('lm2'), createdAt: now + 5 });
      const list = await store.leftMessages.listLeftMessages(id('t1'));
      expect(list.map((m) => m.id)).toEqual([id('lm2'), id('lm1')]);
      const untouched = {
        handledBy: null,
        assigneeId: null,
        assignedAt: null,
        assignedBy: null,
        answeredAt: null,
        answeredBy: null,
      };
      expect(list[1]).toEqual({ ...message, ...untouched, id: id('lm1'), createdAt: now });
      expect(await store.leftMessages.listLeftMessages(id('t2'))).toEqual([]);
      expect(await store.leftMessages.markLeftMessageHandled(id('t2'), id('lm1'), now + 9)).toBe(false);
      expect(await store.leftMessages.markLeftMessageHandled(id('t1'), id('lm1'), now + 9)).toBe(true);
      expect(await store.leftMessages.markLeftMessageHandled(id('t1'), id('nomsg'), now + 9)).toBe(false);
      expect((await store.leftMessages.listLeftMessages(id('t1')))[1]?.handledAt).toBe(now + 9);
    });

    it('[IB2][IB3][IB4] records who assigned, answered and handled a left message, and when, per tenant', async () => {
      await store.leftMessages.createLeftMessage({
        id: id('lm3'),
        tenantId: id('t1'),
        linkId: id('l1'),
        name: '',
        email: 'ola@example.test',
        text: 'Zadzwońcie proszę',
        createdAt: now,
        handledAt: null,
      });
      const assignment = { assigneeId: id('c1'), at: now + 1, by: id('c1') };
      expect(await store.leftMessages.assignLeftMessage(id('t2'), id('lm3'), assignment)).toBe(false);
      expect(await store.leftMessages.assignLeftMessage(id('t1'), id('lm3'), assignment)).toBe(true);
      expect(await store.leftMessages.markLeftMessageAnswered(id('t2'), id('lm3'), now + 2, id('c1'))).toBe(false);
      expect(await store.leftMessages.markLeftMessageAnswered(id('t1'), id('lm3'), now + 2, id('c1'))).toBe(true);
      expect(await store.leftMessages.markLeftMessageHandled(id('t1'), id('lm3'), now + 3, id('c1'))).toBe(true);
      expect(await store.leftMessages.getLeftMessage(id('t2'), id('lm3'))).toBeUndefined();
      expect(await store.leftMessages.getLeftMessage(id('t1'), id('lm3'))).toMatchObject({
        text: 'Zadzwońcie proszę',
        assigneeId: id('c1'),
        assignedAt: now + 1,
        assignedBy: id('c1'),
        answeredAt: now + 2,
        answeredBy: id('c1'),
        handledAt: now + 3,
        handledBy: id('c1'),
      });
      // Assigned to nobody again: the change itself is still recorded (by whom, when).
      await store.leftMessages.assignLeftMessage(id('t1'), id('lm3'), { assigneeId: null, at: now + 4, by: id('c1') });
      expect(await store.leftMessages.getLeftMessage(id('t1'), id('lm3'))).toMatchObject({
        assigneeId: null,
        assignedAt: now + 4,
        assignedBy: id('c1'),
      });
    });

    it('round-trips every conversation state with its fields', async () => {
      const visitorSetup = {
        mediaCheck: 'skipped' as const,
        mode: 'audio' as const,
        webrtc: true,
        client: { browser: 'Firefox', browserVersion: '125', os: 'Android', device: 'phone' as const },
      };
      const base = {
        id: id('conv'),
        tenantId: id('t1'),
        linkId: id('l1'),
        visitorId: id('v1'),
        visitorName: 'Vi',
        visitorSetup,
      };
      let state = initialState(now);
      await store.conversations.saveConversation({ ...base, state });
      state = transition(state, { type: 'offer', consultantId: id('c1'), at: now + 1 });
      state = transition(state, { type: 'accept', consultantId: id('c1'), at: now + 2 });
      await store.conversations.saveConversation({ ...base, state });
      expect(await store.conversations.getConversation(id('t1'), id('conv'))).toEqual({
        ...base,
        state,
        // [DC1] No department chosen: the whole link's.
        departmentId: null,
        acceptedAt: now + 2,
        // [RP1] Saved without facts: its report facts come from the state alone.
        facts: { answeredAt: now + 2, waitMs: 2, transfers: 0, unansweredRings: 0, leftMessage: false },
      });
      expect(await store.conversations.getConversation(id('t2'), id('conv'))).toBeUndefined();
    });

    it('[MD7] keeps support videos per tenant', async () => {
      const videos = new SqlSupportVideoStore(database.db);
      const clip = {
        id: id('vid1'),
        tenantId: id('t1'),
        name: 'Demo',
        type: 'video/webm' as const,
        size: 3_000_000_000,
        createdBy: id('c1'),
        createdAt: now,
      };
      await videos.addSupportVideo(clip);
      expect(await videos.listSupportVideos(id('t1'))).toEqual([clip]);
      expect(await videos.listSupportVideos(id('t2'))).toEqual([]);
      expect(await videos.getSupportVideo(id('t2'), id('vid1'))).toBeUndefined();
      await videos.deleteSupportVideo(id('t2'), id('vid1'));
      expect(await videos.getSupportVideo(id('t1'), id('vid1'))).toEqual(clip);
      await videos.deleteSupportVideo(id('t1'), id('vid1'));
      expect(await videos.listSupportVideos(id('t1'))).toEqual([]);
    });

    it('stores a chat message once per client id and lists in order', async () => {
      const message = {
        id: id('m1'),
        tenantId: id('t1'),
        conversationId: id('conv'),
        clientId: 'client-1',
        sender: 'visitor' as const,
        authorName: 'Vi',
        text: 'héllo ✓ <b>',
        sentAt: now,
      };
      expect((await store.conversations.appendMessages([message]))[0]?.duplicate).toBe(false);
      const [again] = await store.conversations.appendMessages([{ ...message, id: id('m1b'), text: 'resent' }]);
      expect(again).toEqual({ message, duplicate: true });
      await store.conversations.appendMessages([
        { ...message, id: id('m2'), sender: 'consultant', text: 'second', sentAt: now },
      ]);
      now += 1;
      const list = await store.conversations.listMessages(id('t1'), id('conv'));
      expect(list.map((m) => m.text)).toEqual(['héllo ✓ <b>', 'second']);
      expect(await store.conversations.listMessages(id('t2'), id('conv'))).toEqual([]);
    });

    it('[M4] stores a batch in order, deduplicating within it and against stored messages', async () => {
      const conversation = { tenantId: id('t1'), linkId: id('l1'), visitorId: id('v1'), visitorName: 'Vi' };
      await store.conversations.saveConversation({
        ...conversation,
        id: id('batch'),
        state: initialState(now),
        visitorSetup: null,
      });
      const base = { tenantId: id('t1'), conversationId: id('batch'), authorName: 'Vi', sentAt: now };
      const first = { ...base, id: id('b1'), clientId: 'c1', sender: 'visitor' as const, text: 'one' };
      await store.conversations.appendMessages([first]);
      const batch = [
        { ...base, id: id('b2'), clientId: 'c2', sender: 'visitor' as const, text: 'two' },
        { ...first, id: id('b1-resent') },
        { ...base, id: id('b3'), clientId: 'c2', sender: 'consultant' as const, text: 'three' },
        { ...base, id: id('b2-again'), clientId: 'c2', sender: 'visitor' as const, text: 'two, resent in the batch' },
      ];
      const results = await store.conversations.appendMessages(batch);
      expect(results.map((r) => [r.message.id, r.duplicate])).toEqual([
        [id('b2'), false],
        [id('b1'), true],
        [id('b3'), false],
        [id('b2'), true],
      ]);
      const list = await store.conversations.listMessages(id('t1'), id('batch'));
      expect(list.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    });

    it('[P5] lists open conversations and remembers consultant availability for a restart', async () => {
      const base = { tenantId: id('t1'), linkId: id('l1'), visitorId: id('v1'), visitorName: 'Vi', visitorSetup: null };
      const queued = initialState(now);
      const closed = transition(queued, { type: 'abandon', reason: 'visitor_cancelled', at: now + 1 });
      await store.conversations.saveConversation({ ...base, id: id('open'), state: queued });
      await store.conversations.saveConversation({ ...base, id: id('closed'), state: closed });
      const open = (await store.conversations.listOpenConversations()).filter((c) => c.tenantId === id('t1'));
      expect(open.map((c) => c.id)).toContain(id('open'));
      expect(open.map((c) => c.id)).not.toContain(id('closed'));
      expect(open.find((c) => c.id === id('open'))?.state).toEqual(queued);

      await store.conversations.savePresence(id('c1'), true);
      expect(await store.conversations.listAvailableConsultantIds()).toContain(id('c1'));
      await store.conversations.savePresence(id('c1'), false);
      expect(await store.conversations.listAvailableConsultantIds()).not.toContain(id('c1'));
    });

    it('[E5] keeps allowed origins per tenant, empty by default', async () => {
      expect(await store.tenants.getAllowedOrigins(id('t2'))).toEqual([]);
      await store.tenants.setAllowedOrigins(id('t1'), ['https://shop.example']);
      expect(await store.tenants.getAllowedOrigins(id('t1'))).toEqual(['https://shop.example']);
      expect(await store.tenants.getAllowedOrigins(id('t2'))).toEqual([]);
    });

    it('[CB8] keeps the co-browsing control setting per tenant, off by default', async () => {
      expect(await store.tenants.getCobrowseControl(id('t1'))).toBe(false);
      await store.tenants.setCobrowseControl(id('t1'), true);
      expect(await store.tenants.getCobrowseControl(id('t1'))).toBe(true);
      expect(await store.tenants.getCobrowseControl(id('t2'))).toBe(false);
      await store.tenants.setCobrowseControl(id('t1'), false);
      expect(await store.tenants.getCobrowseControl(id('t1'))).toBe(false);
    });

    it('[SV1][SV4][SV8] keeps site-visitor settings per tenant and each invitation with how it ended, once', async () => {
      const sv = store.siteVisitors;
      expect(await sv.siteVisitorSettings(id('t1'))).toBeUndefined();
      await sv.setSiteVisitorSettings(id('t1'), { enabled: false, honourDoNotTrack: true });
      await sv.setSiteVisitorSettings(id('t1'), { enabled: true, honourDoNotTrack: false });
      expect(await sv.siteVisitorSettings(id('t1'))).toEqual({ enabled: true, honourDoNotTrack: false });
      expect(await sv.siteVisitorSettings(id('t2'))).toBeUndefined();
      const invitation = { tenantId: id('t1'), visitId: id('visit'), consultantId: id('c1'), text: 'Hi, Ann' };
      await sv.saveInvitation({ ...invitation, id: id('inv1'), sentAt: now });
      await sv.saveInvitation({ ...invitation, id: id('inv2'), sentAt: now + 1 });
      await sv.settleInvitation(id('t1'), id('inv1'), 'declined', now + 2);
      await sv.settleInvitation(id('t1'), id('inv1'), 'accepted', now + 3); // answered already: kept
      await sv.settleInvitation(id('t2'), id('inv2'), 'accepted', now + 3); // another tenant's: no effect
      const list = await sv.listInvitations(id('t1'), id('visit'));
      expect(list.map((i) => [i.id, i.state, i.sentAt])).toEqual([
        [id('inv1'), 'declined', now],
        [id('inv2'), 'sent', now + 1],
      ]);
      expect(await sv.listInvitations(id('t2'), id('visit'))).toEqual([]);
    });

    it('[AI1][AI4] keeps automatic rules per tenant in order, replaced as a whole; an invitation names its rule', async () => {
      const sv = store.siteVisitors;
      const rule = { linkId: id('l1'), urlPattern: '/shop/*', seconds: 10, pages: 2, capHours: 24, enabled: true };
      await sv.setAutoInvitationRules(id('t1'), [
        { ...rule, id: id('r1'), text: null },
        { ...rule, id: id('r2'), text: 'Hi from %name%', enabled: false },
      ]);
      expect(await sv.autoInvitationRules(id('t1'))).toEqual([
        { ...rule, id: id('r1'), text: null },
        { ...rule, id: id('r2'), text: 'Hi from %name%', enabled: false },
      ]);
      expect(await sv.autoInvitationRules(id('t2'))).toEqual([]);
      await sv.setAutoInvitationRules(id('t1'), [{ ...rule, id: id('r3'), text: null }]);
      expect((await sv.autoInvitationRules(id('t1'))).map((r) => r.id)).toEqual([id('r3')]);
      await sv.saveInvitation({
        tenantId: id('t1'),
        visitId: id('visit-auto'),
        consultantId: id('c1'),
        text: 'Hi',
        id: id('inv3'),
        sentAt: now,
        ruleId: id('r3'),
      });
      expect((await sv.listInvitations(id('t1'), id('visit-auto')))[0]?.ruleId).toBe(id('r3'));
      expect((await sv.listInvitations(id('t1'), id('visit')))[0]?.ruleId).toBeNull();
      await sv.setAutoInvitationRules(id('t1'), []);
      expect(await sv.autoInvitationRules(id('t1'))).toEqual([]);
    });
  });
  consultantToolsContract(name, open);
  appointmentsContract(name, open);
  privacyContract(name, open);
  reportsContract(name, open);
  rollupsContract(name, open);
  contactsContract(name, open);
  fencesContract(name, open);
  mediaRoomsContract(name, open);
}

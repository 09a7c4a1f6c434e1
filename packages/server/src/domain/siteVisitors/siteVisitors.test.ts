import { describe, expect, it } from 'vitest';
import { FakeRuntime } from '../runtime.ts';
import { defaultSiteVisitorOptions, fillName, TenantSiteVisitors, type PageOpening } from './siteVisitors.ts';
import { memoryStore, setup } from './siteVisitorsFixture.ts';
import { trackingDecision } from './tracking.ts';

describe('site visitors (domain)', () => {
  it('[SV1][SV4] a page view is kept only while the tenant has site visitors on, and not for Do Not Track when honoured', () => {
    const none = { doNotTrackHeader: false, globalPrivacyControlHeader: false, pageSaysDoNotTrack: false };
    expect(trackingDecision({ enabled: true, honourDoNotTrack: true }, none)).toBe('track');
    expect(trackingDecision({ enabled: false, honourDoNotTrack: true }, none)).toBe('off');
    for (const signal of ['doNotTrackHeader', 'globalPrivacyControlHeader', 'pageSaysDoNotTrack'] as const) {
      const asked = { ...none, [signal]: true };
      expect(trackingDecision({ enabled: true, honourDoNotTrack: true }, asked)).toBe('do_not_track');
      expect(trackingDecision({ enabled: true, honourDoNotTrack: false }, asked)).toBe('track');
    }
  });

  it('[SV3][SV5] two pages of one visit make one row with both pages; a new browser is new, a known key returning', () => {
    const { visitors, page, sink, runtime } = setup();
    const first = visitors.openPage(page('https://shop.example/demo'), sink());
    expect(first.returning).toBe(false);
    runtime.advance(30_000);
    const second = visitors.openPage(
      page('https://shop.example/demo/shop', { visitId: first.visitId, visitorKey: first.visitorKey }),
      sink(),
    );
    expect(second.visitId).toBe(first.visitId);
    const [row, ...others] = visitors.list();
    expect(others).toEqual([]);
    expect(row?.pages.map((p) => p.url)).toEqual(['https://shop.example/demo', 'https://shop.example/demo/shop']);
    expect(row).toMatchObject({ pagesViewed: 2, online: true, returning: false, referrer: 'https://search.example/' });
    expect(row?.client?.browser).toBe('Firefox');
    // A visit id with the wrong visitor key does not join that visit; a known key makes a returning visitor.
    const other = visitors.openPage(
      page('https://shop.example/', { visitId: first.visitId, visitorKey: 'someone-else' }),
      sink(),
    );
    expect(other.visitId).not.toBe(first.visitId);
    expect(other.returning).toBe(true);
  });

  it('[SV5][SV6] a watching console gets the list and each change; the visitor leaves the list a while after the last page closed', () => {
    const { visitors, page, sink, runtime, toConsole } = setup();
    visitors.watch('c1');
    expect(toConsole()).toEqual([{ type: 'visitors.list', visitors: [] }]);
    const tab1 = visitors.openPage(page('https://shop.example/demo'), sink());
    const tab2 = visitors.openPage(
      page('https://shop.example/demo/shop', { visitId: tab1.visitId, visitorKey: tab1.visitorKey }),
      sink(),
    );
    expect(toConsole().at(-1)).toMatchObject({ type: 'visitors.updated', visitor: { pagesViewed: 2 } });
    visitors.closePage(tab1.pageId);
    runtime.advance(defaultSiteVisitorOptions.lingerMs * 2);
    expect(visitors.list()).toHaveLength(1); // one tab is still open
    visitors.closePage(tab2.pageId);
    expect(visitors.list()[0]?.online).toBe(false);
    runtime.advance(defaultSiteVisitorOptions.lingerMs - 1);
    expect(visitors.list()).toHaveLength(1);
    runtime.advance(1);
    expect(visitors.list()).toEqual([]);
    expect(toConsole().at(-1)).toEqual({ type: 'visitors.left', visitId: tab1.visitId });
    // Coming back within the linger keeps the visit; after it, the stored id starts a new one.
    const again = visitors.openPage(
      page('https://shop.example/', { visitId: tab1.visitId, visitorKey: tab1.visitorKey }),
      sink(),
    );
    expect(again.visitId).not.toBe(tab1.visitId);
    visitors.unwatch('c1');
    const before = toConsole().length;
    visitors.closePage(again.pageId);
    expect(toConsole()).toHaveLength(before);
  });

  it("[SV2] a single-page app move closes the tab's page and opens the next one", () => {
    const { visitors, page, sink, runtime } = setup();
    const tab = visitors.openPage(page('https://shop.example/app'), sink());
    runtime.advance(5000);
    visitors.changePage(tab.pageId, { url: 'https://shop.example/app/cart', title: 'Cart', referrer: '' });
    const pages = visitors.list()[0]?.pages ?? [];
    expect(pages.map((p) => [p.url, p.openedAt, p.closedAt])).toEqual([
      ['https://shop.example/app', 1_000_000, 1_005_000],
      ['https://shop.example/app/cart', 1_005_000, null],
    ]);
  });

  it("[SV7] an invitation with %name% reaches every open page of the visit in the visitor's language, as text", async () => {
    const { visitors, page, sink } = setup();
    const a = sink();
    const b = sink();
    const tab = visitors.openPage(page('https://shop.example/demo', { language: 'pl-PL' }), a);
    visitors.openPage(
      page('https://shop.example/demo/shop', { visitId: tab.visitId, visitorKey: tab.visitorKey, language: 'pl-PL' }),
      b,
    );
    const id = await visitors.invite({ id: 'c1', name: 'Ann' }, tab.visitId, null);
    for (const got of [a.got, b.got]) {
      expect(got).toEqual([
        {
          type: 'site.invitation',
          invitationId: id,
          text: 'Dzień dobry! Nazywam się Ann.',
          labels: { start: 'Start chat', close: 'Close' },
        },
      ]);
    }
    await visitors.invite({ id: 'c1', name: 'Ann' }, tab.visitId, 'Need help, %name% here. Really, %name%.');
    expect(a.got.at(-1)).toMatchObject({ text: 'Need help, Ann here. Really, Ann.' });
    expect(fillName('<b>%name%</b>', 'Ann')).toBe('<b>Ann</b>'); // text stays text: the loader never parses it
    await expect(visitors.invite({ id: 'c1', name: 'Ann' }, 'visit_gone', null)).rejects.toMatchObject({
      code: 'visit_not_found',
    });
  });

  it('[SV8] accepted, declined and ignored invitations are recorded; an acceptance makes the inviter preferred for a while', async () => {
    const { visitors, page, sink, runtime, store } = setup();
    const a = sink();
    const tab = visitors.openPage(page('https://shop.example/demo'), a);
    const other = visitors.openPage(
      page('https://shop.example/x', { visitId: tab.visitId, visitorKey: tab.visitorKey }),
      sink(),
    );
    visitors.appConnected(tab.visitId, 'vis_1');
    const first = await visitors.invite({ id: 'c1', name: 'Ann' }, tab.visitId, null);
    visitors.answer(other.pageId, first, 'declined');
    expect(a.got.at(-1)).toEqual({ type: 'site.invitation.closed', invitationId: first });
    visitors.answer(tab.pageId, first, 'accepted'); // answered already: no change
    expect(visitors.list()[0]?.invitation).toMatchObject({ id: first, state: 'declined' });
    const second = await visitors.invite({ id: 'c2', name: 'Bo' }, tab.visitId, null);
    runtime.advance(defaultSiteVisitorOptions.invitationTimeoutMs);
    expect(visitors.list()[0]?.invitation).toMatchObject({ id: second, state: 'ignored' });
    const third = await visitors.invite({ id: 'c2', name: 'Bo' }, tab.visitId, null);
    expect(visitors.preferredConsultant('vis_1')).toBeUndefined();
    visitors.answer(tab.pageId, third, 'accepted');
    expect(visitors.preferredConsultant('vis_1')).toBe('c2');
    runtime.advance(defaultSiteVisitorOptions.preferenceMs + 1);
    expect(visitors.preferredConsultant('vis_1')).toBeUndefined();
    expect(store.settled).toEqual([
      [first, 'declined'],
      [second, 'ignored'],
      [third, 'accepted'],
    ]);
  });

  it("[SV5] the row shows whether the visitor's conversation waits or talks", () => {
    const { visitors, page, sink } = setup();
    const tab = visitors.openPage(page('https://shop.example/demo'), sink());
    visitors.appConnected(tab.visitId, 'vis_1');
    const event = (state: string) =>
      ({ type: 'conversation.changed', tenantId: 't1', conversationId: 'conv_1', visitorId: 'vis_1', state }) as const;
    visitors.onLiveEvent(event('queued'));
    expect(visitors.list()[0]?.conversation).toBe('queued');
    visitors.onLiveEvent(event('active'));
    expect(visitors.list()[0]?.conversation).toBe('active');
    visitors.onLiveEvent(event('ended'));
    expect(visitors.list()[0]?.conversation).toBe('none');
  });

  it('[SV9] the visits kept per tenant are bounded', () => {
    const runtime = new FakeRuntime();
    const visitors = new TenantSiteVisitors('t1', {
      outbox: { send: () => undefined },
      runtime,
      store: memoryStore(),
      texts: () => ({ defaultText: '', start: '', close: '' }),
      options: { ...defaultSiteVisitorOptions, maxVisits: 2 },
    });
    const opening: PageOpening = {
      link: { id: 'l1', name: 'Help' },
      visitId: undefined,
      visitorKey: undefined,
      page: { url: 'https://shop.example/', title: '', referrer: '' },
      client: null,
      language: 'en',
      contact: null,
    };
    visitors.openPage(opening, { send: () => undefined });
    visitors.openPage(opening, { send: () => undefined });
    expect(() => visitors.openPage(opening, { send: () => undefined })).toThrow(/too many visits/);
  });

  it('[PL31][SV6] pages and watching consoles of a node no longer alive close; the visitor leaves lingerMs later', () => {
    const { visitors, page, sink, runtime, sent } = setup();
    visitors.watch('c1', 'node-b');
    visitors.watch('c2', 'node-a');
    const onB = visitors.openPage(page('https://shop.example/b'), { ...sink(), node: 'node-b' });
    const onA = visitors.openPage(page('https://shop.example/a'), { ...sink(), node: 'node-a' });
    const local = visitors.openPage(page('https://shop.example/here'), sink());
    runtime.advance(1_000);
    const askedAt = runtime.clock.now();
    // A page of node C opened after the membership was read: C may have joined since, it stays.
    const onC = visitors.openPage(page('https://shop.example/c'), { ...sink(), node: 'node-c' });
    const before = sent.length;
    visitors.keepNodes(new Set(['node-a']), askedAt);
    const online = new Map(visitors.list().map((row) => [row.visitId, row.online]));
    expect(online).toEqual(
      new Map([
        [onB.visitId, false],
        [onA.visitId, true],
        [local.visitId, true],
        [onC.visitId, true],
      ]),
    );
    // The console on node B went with it: only c2 is told of the change.
    const told = sent.slice(before).map(({ to }) => (to.kind === 'consultant' ? to.consultantId : to.kind));
    expect(told.length).toBeGreaterThan(0);
    expect(new Set(told)).toEqual(new Set(['c2']));
    runtime.advance(defaultSiteVisitorOptions.lingerMs);
    expect(visitors.list().map((row) => row.visitId)).not.toContain(onB.visitId);
  });

  it('[PL31] a list dropped with the lease stops its timers: nothing is settled or withdrawn afterwards', async () => {
    const { visitors, page, sink, runtime, store } = setup();
    const tab = visitors.openPage(page('https://shop.example/demo'), sink());
    await visitors.invite({ id: 'c1', name: 'Ann' }, tab.visitId, null);
    visitors.closePage(tab.pageId);
    visitors.dispose();
    runtime.advance(defaultSiteVisitorOptions.invitationTimeoutMs + defaultSiteVisitorOptions.lingerMs);
    expect(store.settled).toEqual([]);
    expect(visitors.list()).toEqual([]);
  });
});

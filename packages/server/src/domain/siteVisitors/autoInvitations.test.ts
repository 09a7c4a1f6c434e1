import { describe, expect, it } from 'vitest';
import type { SiteServerMessage } from '@parley/protocol';
import { matchingRules, pathMatches, type StoredAutoInvitationRule } from './autoInvitations.ts';
import { setup } from './siteVisitorsFixture.ts';

const rule = (extra: Partial<StoredAutoInvitationRule> = {}): StoredAutoInvitationRule => ({
  id: 'rule_1',
  linkId: 'l1',
  urlPattern: '/shop/*',
  seconds: 10,
  pages: 1,
  capHours: 24,
  text: 'Need help choosing, said %name%?',
  enabled: true,
  ...extra,
});

/** Site visitors with automatic rules; `available` says who may invite on a link now. */
function withRules(rules: StoredAutoInvitationRule[]) {
  const state: { available: { id: string; name: string } | undefined } = { available: { id: 'c1', name: 'Ann' } };
  const w = setup({ rules: () => Promise.resolve(rules), inviter: () => state.available });
  /** Lets the rules' promise settle, then moves the fake clock. */
  const advance = async (ms: number) => {
    await Promise.resolve();
    await Promise.resolve();
    w.runtime.advance(ms);
    await Promise.resolve();
  };
  const cards = (got: SiteServerMessage[]) => got.filter((m) => m.type === 'site.invitation');
  return { ...w, state, advance, cards };
}

describe('automatic invitations (fake clock)', () => {
  it('[AI1] a path pattern matches with * as any characters, the rest literally; query and host do not count', () => {
    expect(pathMatches('/shop/*', 'https://a.example/shop/shoes?x=1')).toBe(true);
    expect(pathMatches('/shop/*', 'https://a.example/shopping')).toBe(false);
    expect(pathMatches('/demo/shop', 'https://a.example/demo/shop')).toBe(true);
    expect(pathMatches('/demo/shop', 'https://a.example/demo/shop/2')).toBe(false);
    expect(pathMatches('/a.b', 'https://a.example/axb')).toBe(false);
    expect(pathMatches('/*', 'https://a.example/anything')).toBe(true);
    const rules = [
      rule({ id: 'slow', seconds: 60 }),
      rule({ id: 'fast', seconds: 5 }),
      rule({ id: 'off', enabled: false }),
    ];
    expect(matchingRules(rules, 'l1', 'https://a.example/shop/x').map((r) => r.id)).toEqual(['fast', 'slow']);
    expect(matchingRules(rules, 'l2', 'https://a.example/shop/x')).toEqual([]);
  });

  it('[AI1][AI4] fires after the set time on a matching page, from an available consultant, recorded with its rule', async () => {
    const w = withRules([rule()]);
    const tab = w.sink();
    const opened = w.visitors.openPage(w.page('https://shop.example/shop/shoes'), tab);
    await w.advance(9_999);
    expect(w.cards(tab.got)).toEqual([]);
    await w.advance(1);
    expect(w.cards(tab.got)).toMatchObject([{ text: 'Need help choosing, said Ann?' }]);
    expect(w.store.invitations).toMatchObject([{ visitId: opened.visitId, consultantId: 'c1', ruleId: 'rule_1' }]);
    expect(w.visitors.list()[0]?.invitation).toMatchObject({ state: 'sent', consultantName: 'Ann' });
  });

  it('[AI1] not on another URL, and not when the tab moved on before the time ran out', async () => {
    const w = withRules([rule()]);
    const other = w.sink();
    w.visitors.openPage(w.page('https://shop.example/about'), other);
    const moving = w.sink();
    const { pageId } = w.visitors.openPage(w.page('https://shop.example/shop/hats'), moving);
    await w.advance(5_000);
    w.visitors.changePage(pageId, { url: 'https://shop.example/cart', title: 'Cart', referrer: '' });
    await w.advance(60_000);
    expect(w.cards(other.got)).toEqual([]);
    expect(w.cards(moving.got)).toEqual([]);
    expect(w.store.invitations).toEqual([]);
  });

  it('[AI2][AI3] not without an available consultant, not before enough pages, not while in a conversation', async () => {
    const w = withRules([rule({ pages: 2 })]);
    w.state.available = undefined;
    const first = w.sink();
    const a = w.visitors.openPage(w.page('https://shop.example/shop/1'), first);
    await w.advance(10_000);
    // Nobody to invite from; and one page viewed is not enough anyway.
    w.state.available = { id: 'c1', name: 'Ann' };
    const second = w.sink();
    const b = w.visitors.openPage(
      w.page('https://shop.example/shop/2', { visitId: a.visitId, visitorKey: a.visitorKey }),
      second,
    );
    expect(b.visitId).toBe(a.visitId);
    w.visitors.appConnected(a.visitId, 'vis_1');
    w.visitors.onLiveEvent({
      type: 'conversation.changed',
      tenantId: 't1',
      conversationId: 'c',
      visitorId: 'vis_1',
      state: 'queued',
    });
    await w.advance(10_000);
    expect(w.store.invitations).toEqual([]);
    // The conversation ended: the next matching page may invite.
    w.visitors.onLiveEvent({
      type: 'conversation.changed',
      tenantId: 't1',
      conversationId: 'c',
      visitorId: 'vis_1',
      state: 'ended',
    });
    w.visitors.changePage(b.pageId, { url: 'https://shop.example/shop/3', title: '3', referrer: '' });
    await w.advance(10_000);
    expect(w.store.invitations).toHaveLength(1);
  });

  it('[AI3] at most once per cap per visitor: again only after the cap has passed', async () => {
    const w = withRules([rule({ capHours: 1 })]);
    const tab = w.sink();
    const a = w.visitors.openPage(w.page('https://shop.example/shop/1'), tab);
    await w.advance(10_000);
    expect(w.store.invitations).toHaveLength(1);
    const invitationId = w.store.invitations[0]?.id ?? '';
    w.visitors.answer(a.pageId, invitationId, 'declined');
    w.visitors.changePage(a.pageId, { url: 'https://shop.example/shop/2', title: '2', referrer: '' });
    await w.advance(10_000);
    expect(w.store.invitations).toHaveLength(1);
    await w.advance(3_600_000);
    w.visitors.changePage(a.pageId, { url: 'https://shop.example/shop/3', title: '3', referrer: '' });
    await w.advance(10_000);
    expect(w.store.invitations).toHaveLength(2);
  });
});

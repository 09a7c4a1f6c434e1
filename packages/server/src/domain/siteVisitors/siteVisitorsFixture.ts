import type { ServerMessage, SiteServerMessage } from '@parley/protocol';
import { FakeRuntime } from '../runtime.ts';
import type { Recipient } from '../ports/outbox.ts';
import {
  defaultSiteVisitorOptions,
  TenantSiteVisitors,
  type InvitationRecord,
  type PageOpening,
  type SiteVisitorDeps,
  type SiteVisitorStore,
} from './siteVisitors.ts';

/** The tenant's site visitors with an in-memory store, a fake clock and a recording outbox (tests). */
export function memoryStore(): SiteVisitorStore & {
  settled: [string, string][];
  invitations: (InvitationRecord & { state: string })[];
} {
  const invitations: (InvitationRecord & { state: string })[] = [];
  const settled: [string, string][] = [];
  return {
    settled,
    invitations,
    siteVisitorSettings: () => Promise.resolve(undefined),
    setSiteVisitorSettings: () => Promise.resolve(),
    saveInvitation: (i) => {
      invitations.push({ ...i, state: 'sent' });
      return Promise.resolve();
    },
    settleInvitation: (_t, id, state) => {
      settled.push([id, state]);
      return Promise.resolve();
    },
    listInvitations: () => Promise.resolve([]),
    autoInvitationRules: () => Promise.resolve([]),
    setAutoInvitationRules: () => Promise.resolve(),
  };
}

export function setup(auto?: SiteVisitorDeps['auto']) {
  const runtime = new FakeRuntime(1_000_000);
  const sent: { to: Recipient; message: ServerMessage }[] = [];
  const store = memoryStore();
  const visitors = new TenantSiteVisitors('t1', {
    outbox: { send: (to, message) => sent.push({ to, message }) },
    runtime,
    store,
    texts: (language) => ({
      defaultText: language.startsWith('pl') ? 'Dzień dobry! Nazywam się %name%.' : "Hello! I'm %name%.",
      start: 'Start chat',
      close: 'Close',
    }),
    options: defaultSiteVisitorOptions,
    ...(auto ? { auto } : {}),
  });
  const page = (url: string, extra: Partial<PageOpening> = {}): PageOpening => ({
    link: { id: 'l1', name: 'Help' },
    visitId: undefined,
    visitorKey: undefined,
    page: { url, title: url.split('/').pop() ?? '', referrer: 'https://search.example/' },
    client: { browser: 'Firefox', browserVersion: '128', os: 'Linux', device: 'desktop' },
    language: 'en-GB',
    contact: null,
    ...extra,
  });
  const sink = () => {
    const got: SiteServerMessage[] = [];
    return { got, send: (m: SiteServerMessage) => got.push(m) };
  };
  const toConsole = () => sent.filter((s) => s.to.kind === 'consultant').map((s) => s.message);
  return { runtime, visitors, store, page, sink, toConsole, sent };
}

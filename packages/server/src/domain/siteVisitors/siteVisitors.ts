import {
  MAX_VISIT_PAGES,
  ParleyError,
  type ClientInfo,
  type InvitationAnswer,
  type InvitationState,
  type SitePageInput,
  type SitePageView,
  type SiteServerMessage,
  type SiteVisitorView,
  type VisitConversationState,
} from '@parley/protocol';
import type { Outbox } from '../ports/outbox.ts';
import type { LiveEvent } from '../ports/liveEvents.ts';
import type { Runtime, TimerHandle } from '../runtime.ts';
import type { Link } from '../tenants/directory.ts';
import type { SiteVisitorSettings } from './tracking.ts';
import { AutoInvitations, type AutoInvitationDeps, type StoredAutoInvitationRule } from './autoInvitations.ts';
import type { OpenedPage, SiteVisitorCommands } from './siteVisitorCommands.ts';

/** One page's connection to the loader on the customer's page. */
export interface PageSink {
  send(message: SiteServerMessage): void;
  /** [PL31] The node holding the page's socket (a cluster): the page closes if that node dies. */
  node?: string;
}

/** [SV8] A sent invitation as stored, and how it ended. */
export interface InvitationRecord {
  id: string;
  tenantId: string;
  visitId: string;
  consultantId: string;
  text: string;
  sentAt: number;
  /** [AI4] The automatic rule that sent it; null or absent: a consultant did. */
  ruleId?: string | null;
}

/** Storage port of site visitors: the tenant's settings and the invitations' record. */
export interface SiteVisitorStore {
  siteVisitorSettings(tenantId: string): Promise<SiteVisitorSettings | undefined>;
  setSiteVisitorSettings(tenantId: string, settings: SiteVisitorSettings): Promise<void>;
  saveInvitation(invitation: InvitationRecord): Promise<void>;
  /** Records how the invitation ended, once: an answer given already is kept. */
  settleInvitation(tenantId: string, id: string, state: Exclude<InvitationState, 'sent'>, at: number): Promise<void>;
  listInvitations(tenantId: string, visitId: string): Promise<(InvitationRecord & { state: InvitationState })[]>;
  /** [AI1] The tenant's automatic invitation rules, in the admin's order. */
  autoInvitationRules(tenantId: string): Promise<StoredAutoInvitationRule[]>;
  setAutoInvitationRules(tenantId: string, rules: readonly StoredAutoInvitationRule[]): Promise<void>;
}

/** The default invitation and the card's labels in a visitor's language. */
export type InvitationTexts = (language: string) => { defaultText: string; start: string; close: string };

export interface SiteVisitorOptions {
  /** [SV6] A visitor leaves the list this long after the last page of the visit closed. */
  lingerMs: number;
  /** [SV8] An invitation nobody answers is recorded as ignored (and its card withdrawn) after this. */
  invitationTimeoutMs: number;
  /** [SV9] Visits kept per tenant at most; a page beyond it is not tracked. */
  maxVisits: number;
  /** [SV8] An accepted invitation routes the visitor's request to its consultant for this long. */
  preferenceMs: number;
}

export const defaultSiteVisitorOptions: SiteVisitorOptions = {
  lingerMs: 60_000,
  invitationTimeoutMs: 5 * 60_000,
  maxVisits: 5000,
  preferenceMs: 10 * 60_000,
};

export interface SiteVisitorDeps {
  outbox: Outbox;
  runtime: Runtime;
  store: SiteVisitorStore;
  texts: InvitationTexts;
  options: SiteVisitorOptions;
  /** [AI1][AI2] Automatic invitations: the tenant's rules, and who on a link may invite now. */
  auto?: {
    rules: (tenantId: string) => Promise<readonly StoredAutoInvitationRule[]>;
    inviter: (tenantId: string, linkId: string) => ReturnType<AutoInvitationDeps['inviter']>;
    /** [PL32] Drops the rules read so far: an admin saved new ones (on any node). */
    forgetRules?: () => void;
  };
}

/** What the site socket knows when a page opens. */
export interface PageOpening {
  link: Pick<Link, 'id' | 'name'>;
  visitId: string | undefined;
  visitorKey: string | undefined;
  page: SitePageInput;
  client: ClientInfo | null;
  language: string;
  contact: { id: string; name: string } | null;
}

interface Invitation {
  id: string;
  consultantId: string;
  consultantName: string;
  state: InvitationState;
  sentAt: number;
  settledAt: number | null;
  timer?: TimerHandle;
}

interface Visit {
  id: string;
  visitorKey: string;
  linkId: string;
  linkName: string;
  startedAt: number;
  returning: boolean;
  pages: SitePageView[];
  pagesViewed: number;
  referrer: string;
  client: ClientInfo | null;
  language: string;
  contact: { id: string; name: string } | null;
  /** Open pages (tabs) of the visit: their sink, the page record each shows now, when the tab opened. */
  open: Map<string, { sink: PageSink; page: SitePageView; openedAt: number }>;
  /** Visitor-app visitors (conversations) of this visit, with their conversation's state. */
  conversations: Map<string, VisitConversationState>;
  invitation: Invitation | null;
  leaveTimer?: TimerHandle;
}

/**
 * [SV1]–[SV9] The visitors on one tenant's sites now: pure in-memory live state beside the
 * tenant's `TenantLive` (no HTTP, WebSocket or SQL here). Pages report in through the site
 * socket, consoles that watch the list get every change through the Outbox, and a consultant's
 * invitation goes to every open page of the visit.
 */
export class TenantSiteVisitors implements SiteVisitorCommands {
  private readonly visits = new Map<string, Visit>();
  private readonly pageVisit = new Map<string, string>();
  private readonly visitOfVisitor = new Map<string, string>();
  /** Consoles that watch the list, counted per consultant and per node of their socket (several tabs). */
  private readonly watchers = new Map<string, Map<string, number>>();

  private readonly auto: AutoInvitations | null;

  constructor(
    readonly tenantId: string,
    private readonly deps: SiteVisitorDeps,
  ) {
    const auto = deps.auto;
    this.auto = auto
      ? new AutoInvitations({
          runtime: deps.runtime,
          rules: () => auto.rules(tenantId),
          inviter: (linkId) => auto.inviter(tenantId, linkId),
          facts: (visitId, pageId) => {
            const visit = this.visits.get(visitId);
            if (!visit) return undefined;
            const states = [...visit.conversations.values()];
            const busy = visit.invitation?.state === 'sent' || states.some((state) => state !== 'none');
            const { visitorKey, linkId, pagesViewed } = visit;
            return { visitorKey, linkId, pagesViewed, busy, url: visit.open.get(pageId)?.page.url };
          },
          invite: (consultant, visitId, text, ruleId) => this.invite(consultant, visitId, text, ruleId),
        })
      : null;
  }

  private now(): number {
    return this.deps.runtime.clock.now();
  }

  /**
   * [SV3] A page opened: it joins the live visit its storage names (same visitor key), or starts
   * a new one, `returning` when the browser brought a visitor key from an earlier visit.
   */
  openPage(opening: PageOpening, sink: PageSink): OpenedPage {
    const now = this.now();
    let visit = opening.visitId ? this.visits.get(opening.visitId) : undefined;
    if (visit && visit.visitorKey !== opening.visitorKey) visit = undefined;
    if (!visit) {
      // [SV9] A flood of made-up visits cannot grow the state without bound.
      if (this.visits.size >= this.deps.options.maxVisits) throw new ParleyError('rate_limited', 'too many visits');
      const { ids } = this.deps.runtime;
      visit = {
        id: ids.next('visit'),
        visitorKey: opening.visitorKey ?? ids.next('vk'),
        linkId: opening.link.id,
        linkName: opening.link.name,
        startedAt: now,
        returning: opening.visitorKey !== undefined,
        pages: [],
        pagesViewed: 0,
        referrer: opening.page.referrer,
        client: opening.client,
        language: opening.language,
        contact: null,
        open: new Map(),
        conversations: new Map(),
        invitation: null,
      };
      this.visits.set(visit.id, visit);
    }
    visit.leaveTimer?.cancel();
    delete visit.leaveTimer;
    // The row's link is the one of the page opened last (filtering by link follows the visitor).
    visit.linkId = opening.link.id;
    visit.linkName = opening.link.name;
    visit.client = opening.client ?? visit.client;
    visit.language = opening.language;
    if (opening.contact) visit.contact = opening.contact;
    const pageId = this.deps.runtime.ids.next('page');
    visit.open.set(pageId, { sink, page: this.addPage(visit, opening.page, now), openedAt: now });
    this.pageVisit.set(pageId, visit.id);
    this.auto?.pageShown(pageId, visit.id, visit.linkId, opening.page.url);
    // A card still waiting for an answer shows on the visitor's new page too.
    if (visit.invitation?.state === 'sent') this.sendInvitation(visit, sink);
    this.publish(visit);
    return { pageId, visitId: visit.id, visitorKey: visit.visitorKey, returning: visit.returning };
  }

  /** [SV2] A single-page app moved on: the tab's page closes and the new one opens. */
  changePage(pageId: string, input: SitePageInput): void {
    const visit = this.visitOfPage(pageId);
    const tab = visit?.open.get(pageId);
    if (!visit || !tab) return;
    const now = this.now();
    tab.page.closedAt = now;
    tab.page = this.addPage(visit, input, now);
    this.auto?.pageShown(pageId, visit.id, visit.linkId, input.url);
    this.publish(visit);
  }

  /** [SV6] A tab closed; when it was the visit's last, the visitor leaves the list a while later. */
  closePage(pageId: string): void {
    const visit = this.visitOfPage(pageId);
    this.pageVisit.delete(pageId);
    this.auto?.pageGone(pageId);
    const tab = visit?.open.get(pageId);
    if (!visit || !tab) return;
    tab.page.closedAt = this.now();
    visit.open.delete(pageId);
    if (visit.open.size === 0) {
      visit.leaveTimer = this.deps.runtime.timers.setTimeout(() => this.leave(visit), this.deps.options.lingerMs);
    }
    this.publish(visit);
  }

  /** [SV5] A console starts watching: it gets the whole list now and every change after. */
  watch(consultantId: string, node = ''): void {
    let nodes = this.watchers.get(consultantId);
    if (!nodes) this.watchers.set(consultantId, (nodes = new Map<string, number>()));
    nodes.set(node, (nodes.get(node) ?? 0) + 1);
    const visitors = [...this.visits.values()].map((visit) => this.view(visit));
    this.deps.outbox.send({ kind: 'consultant', consultantId }, { type: 'visitors.list', visitors });
  }

  unwatch(consultantId: string, node = ''): void {
    const nodes = this.watchers.get(consultantId);
    if (!nodes) return;
    const count = (nodes.get(node) ?? 0) - 1;
    if (count > 0) nodes.set(node, count);
    else nodes.delete(node);
    if (nodes.size === 0) this.watchers.delete(consultantId);
  }

  /**
   * [PL31] The nodes alive as the cluster's membership said at `askedAt`: the pages and watching
   * consoles of any other node are gone with it (it died, or lost Redis), as if their sockets had
   * closed; the visitor leaves the list `lingerMs` later unless a page opens again elsewhere.
   * Pages opened since `askedAt` may be of a node that joined after the answer, and stay.
   */
  keepNodes(alive: ReadonlySet<string>, askedAt: number): void {
    const gone = (node: string | undefined): boolean => node !== undefined && node !== '' && !alive.has(node);
    // Consoles first: one on a dead node is told nothing more.
    for (const [consultantId, nodes] of [...this.watchers]) {
      for (const node of [...nodes.keys()]) if (gone(node)) nodes.delete(node);
      if (nodes.size === 0) this.watchers.delete(consultantId);
    }
    for (const visit of [...this.visits.values()]) {
      for (const [pageId, tab] of [...visit.open])
        if (tab.openedAt < askedAt && gone(tab.sink.node)) this.closePage(pageId);
    }
  }

  /**
   * [PL31] This node no longer runs the tenant (its lease is lost): every timer stops, so nothing
   * here settles, withdraws or publishes what the next owner now decides.
   */
  dispose(): void {
    this.auto?.stop();
    for (const visit of this.visits.values()) {
      visit.leaveTimer?.cancel();
      visit.invitation?.timer?.cancel();
    }
    this.visits.clear();
    this.pageVisit.clear();
    this.visitOfVisitor.clear();
    this.watchers.clear();
  }

  /** The visitors on the tenant's sites now (tests, metrics). */
  list(): SiteVisitorView[] {
    return [...this.visits.values()].map((visit) => this.view(visit));
  }

  /**
   * [SV7] A consultant invites a visitor still on the site: the text (the default one in the
   * visitor's language when null) with `%name%` replaced by the consultant's name goes to every
   * open page of the visit as a card. A newer invitation replaces an unanswered one.
   */
  async invite(
    consultant: { id: string; name: string },
    visitId: string,
    text: string | null,
    ruleId: string | null = null,
  ): Promise<string> {
    const visit = this.visits.get(visitId);
    if (!visit || visit.open.size === 0) throw new ParleyError('visit_not_found');
    const now = this.now();
    if (visit.invitation?.state === 'sent') this.settle(visit, visit.invitation, 'ignored');
    const template = text ?? this.deps.texts(visit.language).defaultText;
    const invitation: Invitation = {
      id: this.deps.runtime.ids.next('inv'),
      consultantId: consultant.id,
      consultantName: consultant.name,
      state: 'sent',
      sentAt: now,
      settledAt: null,
    };
    const sent = { text: fillName(template, consultant.name), ...invitation };
    await this.deps.store.saveInvitation({ ...sent, tenantId: this.tenantId, visitId, ruleId });
    visit.invitation = invitation;
    invitation.timer = this.deps.runtime.timers.setTimeout(
      () => this.settle(visit, invitation, 'ignored'),
      this.deps.options.invitationTimeoutMs,
    );
    this.invitationTexts.set(invitation.id, sent.text);
    for (const { sink } of visit.open.values()) this.sendInvitation(visit, sink);
    this.publish(visit);
    return invitation.id;
  }

  /** [SV8] The visitor accepted or closed the card on one of their pages. */
  answer(pageId: string, invitationId: string, answer: InvitationAnswer): void {
    const visit = this.visitOfPage(pageId);
    const invitation = visit?.invitation;
    if (!visit || invitation?.id !== invitationId || invitation.state !== 'sent') return;
    this.settle(visit, invitation, answer);
  }

  /**
   * [SV8] The visitor app of this visit connected: its conversations show on the visitor's row.
   * Returns the visit's visitor key ([CT1]: the browser's anonymous contact), or undefined when
   * the visit is not live.
   */
  appConnected(visitId: string, visitorId: string): string | undefined {
    const visit = this.visits.get(visitId);
    if (!visit) return undefined;
    this.visitOfVisitor.set(visitorId, visitId);
    if (!visit.conversations.has(visitorId)) visit.conversations.set(visitorId, 'none');
    return visit.visitorKey;
  }

  /** [CT1] The contact of a visit's app visitor became known (anonymous, or merged): the row shows it. */
  showContact(visitorId: string, contact: { id: string; name: string }): void {
    const visit = this.visits.get(this.visitOfVisitor.get(visitorId) ?? '');
    if (!visit || (visit.contact?.id === contact.id && visit.contact.name === contact.name)) return;
    visit.contact = contact;
    this.publish(visit);
  }

  /** [PL32] An admin saved new automatic invitation rules, maybe on another node: pages from now on follow them. */
  rulesChanged(): void {
    this.deps.auto?.forgetRules?.();
  }

  /**
   * [SV8] The consultant whose invitation this visitor accepted lately: their request rings that
   * consultant first.
   */
  preferredConsultant(visitorId: string): string | undefined {
    const visit = this.visits.get(this.visitOfVisitor.get(visitorId) ?? '');
    const invitation = visit?.invitation;
    if (invitation?.state !== 'accepted' || invitation.settledAt === null) return undefined;
    return this.now() - invitation.settledAt <= this.deps.options.preferenceMs ? invitation.consultantId : undefined;
  }

  /** [SV5] The live state's conversation changes: whether the visitor waits or talks. */
  onLiveEvent(event: LiveEvent): void {
    if (event.type !== 'conversation.changed') return;
    const visit = this.visits.get(this.visitOfVisitor.get(event.visitorId) ?? '');
    if (!visit) return;
    const state = conversationStateOf(event.state);
    if (visit.conversations.get(event.visitorId) === state) return;
    visit.conversations.set(event.visitorId, state);
    this.publish(visit);
  }

  private readonly invitationTexts = new Map<string, string>();

  private sendInvitation(visit: Visit, sink: PageSink): void {
    const invitation = visit.invitation;
    const text = invitation ? this.invitationTexts.get(invitation.id) : undefined;
    if (!invitation || text === undefined) return;
    const { start, close } = this.deps.texts(visit.language);
    sink.send({ type: 'site.invitation', invitationId: invitation.id, text, labels: { start, close } });
  }

  private settle(visit: Visit, invitation: Invitation, state: Exclude<InvitationState, 'sent'>): void {
    if (invitation.state !== 'sent') return;
    invitation.timer?.cancel();
    invitation.state = state;
    invitation.settledAt = this.now();
    this.invitationTexts.delete(invitation.id);
    // Every other tab of the visit takes its card away.
    for (const { sink } of visit.open.values())
      sink.send({ type: 'site.invitation.closed', invitationId: invitation.id });
    void this.deps.store
      .settleInvitation(this.tenantId, invitation.id, state, invitation.settledAt)
      .catch(() => undefined);
    this.publish(visit);
  }

  private leave(visit: Visit): void {
    if (visit.open.size > 0 || this.visits.get(visit.id) !== visit) return;
    if (visit.invitation) this.settle(visit, visit.invitation, 'ignored');
    this.visits.delete(visit.id);
    for (const visitorId of visit.conversations.keys()) this.visitOfVisitor.delete(visitorId);
    this.toWatchers({ type: 'visitors.left', visitId: visit.id });
  }

  private addPage(visit: Visit, input: SitePageInput, now: number): SitePageView {
    const page: SitePageView = { ...input, openedAt: now, closedAt: null };
    visit.pages.push(page);
    if (visit.pages.length > MAX_VISIT_PAGES) visit.pages.splice(0, visit.pages.length - MAX_VISIT_PAGES);
    visit.pagesViewed += 1;
    return page;
  }

  private visitOfPage(pageId: string): Visit | undefined {
    return this.visits.get(this.pageVisit.get(pageId) ?? '');
  }

  private publish(visit: Visit): void {
    if (this.visits.get(visit.id) !== visit) return;
    this.toWatchers({ type: 'visitors.updated', visitor: this.view(visit) });
  }

  private toWatchers(message: Parameters<Outbox['send']>[1]): void {
    for (const consultantId of this.watchers.keys())
      this.deps.outbox.send({ kind: 'consultant', consultantId }, message);
  }

  private view(visit: Visit): SiteVisitorView {
    const states = [...visit.conversations.values()];
    const conversation = (['active', 'ringing', 'queued'] as const).find((s) => states.includes(s)) ?? 'none';
    const { invitation } = visit;
    return {
      visitId: visit.id,
      linkId: visit.linkId,
      linkName: visit.linkName,
      startedAt: visit.startedAt,
      online: visit.open.size > 0,
      returning: visit.returning,
      pages: visit.pages.map((page) => ({ ...page })),
      pagesViewed: visit.pagesViewed,
      referrer: visit.referrer,
      client: visit.client,
      language: visit.language,
      contact: visit.contact,
      conversation,
      invitation: invitation && {
        id: invitation.id,
        state: invitation.state,
        consultantName: invitation.consultantName,
        sentAt: invitation.sentAt,
      },
    };
  }
}

/** [SV7] `%name%` in an invitation becomes the consultant's name (every occurrence). */
export function fillName(template: string, name: string): string {
  return template.replaceAll('%name%', name);
}

function conversationStateOf(state: string): VisitConversationState {
  return state === 'queued' || state === 'ringing' || state === 'active' ? state : 'none';
}

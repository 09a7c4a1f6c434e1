import { ParleyError, type ClientInfo } from '@parley/protocol';
import type { Consultant, Link, Visitor } from '../tenants/directory.ts';
import { routableLinkIds } from '../routing/eligibility.ts';
import {
  attach,
  noConference,
  shownToOf,
  showsOn,
  type LiveConsultant,
  type LiveConversation,
  type LiveVisitor,
} from './liveState.ts';
import { visitorLinkView, type Welcome } from './board.ts';
import { MediaBoard } from './mediaBoard.ts';
import { unknownMedia } from '../media/mediaFacts.ts';

/**
 * Who is there: consultants and visitors connecting, going available, dropping out and coming
 * back within their grace period ([P1]–[P5]), and admins changing who serves what. The
 * conversation commands build on this in `Switchboard`.
 */
export abstract class PresenceBoard extends MediaBoard {
  /**
   * [P5] After a restart: brings back every open conversation from storage, and every consultant
   * who was available or in a call, as if they had all just lost their connection: each gets the
   * usual grace period to come back ([P2], [P3]). A ring in progress goes back to the queue with
   * its original queue time, so it keeps its place.
   */
  restore(): Promise<void> {
    return this.run(async () => {
      const records = await this.store.listOpenConversations();
      const availableIds = new Set(await this.store.listAvailableConsultantIds());
      const consultantIds = new Set(availableIds);
      for (const tenantId of new Set(records.map((r) => r.tenantId))) await this.loadLinks(tenantId);
      for (const record of records) {
        const conversation: LiveConversation = {
          ...record,
          seq: this.seq++,
          waitLimitReached: false,
          ...noConference(),
          mediaState: unknownMedia,
        };
        // [C14] Consoles that reconnect are shown it as their welcome shows it.
        conversation.shownTo = shownToOf(conversation);
        this.conversations.set(record.id, conversation);
        if (record.state.name !== 'active')
          this.startWaitLimit(conversation, this.links.get(record.linkId)?.maxWaitMs ?? null);
        if ('consultantId' in record.state) consultantIds.add(record.state.consultantId);
        if (this.visitors.has(record.visitorId)) continue;
        const { visitorId: id, tenantId, linkId, visitorName: name } = record;
        const client = record.visitorSetup?.client ?? null;
        const live: LiveVisitor = { visitor: { id, tenantId, linkId, name }, connections: 1, client };
        this.visitors.set(id, live);
        this.detach(live, this.options.visitorGraceMs, () => this.visitorLost(id));
      }
      for (const id of consultantIds) {
        const consultant = await this.directory.consultants.getConsultant(id);
        if (!consultant) continue;
        const links = await this.loadLinks(consultant.tenantId);
        const linkIds = routableLinkIds(consultant, links, await this.assignedLinks(consultant));
        const available = availableIds.has(id) && consultant.active;
        const live: LiveConsultant = { consultant, linkIds, connections: 1, available, idleSince: this.now() };
        this.consultants.set(id, live);
        this.consultantNames.set(id, consultant.name);
        this.detach(live, this.options.consultantGraceMs, () => this.consultantLost(id));
      }
      await this.withdrawRings('', () => false, true);
      this.announceAvailability([...new Set(records.map((r) => r.linkId))]);
      await this.dispatch();
    });
  }

  /** [I5] Every connected consultant of the tenant learns that its inbox changed. */
  inboxChanged(tenantId: string): void {
    for (const live of this.consultants.values()) {
      if (live.consultant.tenantId !== tenantId || live.connections === 0) continue;
      this.outbox.send({ kind: 'consultant', consultantId: live.consultant.id }, { type: 'inbox.changed' });
    }
  }

  /** [A1] Whether anybody can take a call on the link right now (read without queuing). */
  isAvailable(linkId: string): boolean {
    return this.linkAvailable(linkId);
  }

  /**
   * An admin changed links, assignments, departments or consultants of a tenant: routing
   * re-reads them for every live consultant of the tenant and re-offers what now matches.
   */
  directoryChanged(tenantId: string): Promise<void> {
    return this.run(async () => {
      const links = await this.loadLinks(tenantId);
      const touched = new Set<string>(links.map((l) => l.id));
      for (const live of [...this.consultants.values()]) {
        if (live.consultant.tenantId !== tenantId) continue;
        const fresh = await this.directory.consultants.getConsultant(live.consultant.id);
        if (fresh) live.consultant = fresh;
        for (const id of live.linkIds) touched.add(id);
        live.linkIds = routableLinkIds(live.consultant, links, await this.assignedLinks(live.consultant));
        if (!live.consultant.active) {
          // [T9] Deactivated: gone for good at once, without a grace period, and signed out.
          await this.removeConsultant(live);
          this.outbox.send(
            { kind: 'consultant', consultantId: live.consultant.id },
            { type: 'session.ended', reason: 'account_deactivated' },
          );
          continue;
        }
        this.outbox.send(
          { kind: 'consultant', consultantId: live.consultant.id },
          { type: 'links.updated', links: this.linkViews(live.linkIds), capacity: live.consultant.maxConversations },
        );
        await this.withdrawRingsOf(live);
      }
      this.announceAvailability([...touched]);
      await this.dispatch();
    });
  }

  // ---------------------------------------------------------------- consultants

  consultantConnected(consultant: Consultant): Promise<Welcome> {
    return this.run(async () => {
      let live = this.consultants.get(consultant.id);
      if (!live) {
        const links = await this.loadLinks(consultant.tenantId);
        const linkIds = routableLinkIds(consultant, links, await this.assignedLinks(consultant));
        live = { consultant, linkIds, connections: 0, available: false, idleSince: this.runtime.clock.now() };
        this.consultants.set(consultant.id, live);
        this.consultantNames.set(consultant.id, consultant.name);
      }
      attach(live);
      const { linkIds } = live;
      // [C14] What the console shows: the queues of its links, and what involves it on any link
      // (a call transferred to it from another link rings it there).
      const mine = [...this.conversations.values()].filter((c) => showsOn(shownToOf(c), consultant.id, linkIds));
      const broadcasts = linkIds
        .filter((id) => this.links.get(id)?.mode === 'broadcast')
        .map((id) => this.broadcasts.view(id));
      return {
        ...(await this.welcome(live.available, mine)),
        links: this.linkViews(linkIds),
        broadcasts,
        capacity: consultant.maxConversations,
      };
    });
  }

  /** [P2] The last socket of a consultant closed: wait out the grace period, then go unavailable. */
  consultantDisconnected(consultantId: string): Promise<void> {
    return this.run(() => {
      this.detach(this.consultants.get(consultantId), this.options.consultantGraceMs, () =>
        this.consultantLost(consultantId),
      );
    });
  }

  protected async consultantLost(consultantId: string): Promise<void> {
    const live = this.consultants.get(consultantId);
    if (!live || live.connections > 0) return;
    await this.removeConsultant(live);
  }

  /** [P2][T9] A consultant gone for good: unavailable, out of every call, rings re-routed. */
  private async removeConsultant(live: LiveConsultant): Promise<void> {
    const consultantId = live.consultant.id;
    live.grace?.cancel();
    this.consultants.delete(consultantId);
    if (live.available) await this.store.savePresence(consultantId, false);
    this.broadcasts.presenterLost(consultantId, (linkId) => this.consultantIdsOf(linkId));
    await this.removeFromCalls(consultantId);
    await this.afterPresenceChange(consultantId, live.linkIds);
  }

  setAvailability(consultantId: string, available: boolean): Promise<void> {
    return this.run(async () => {
      const live = this.consultants.get(consultantId);
      if (!live) throw new ParleyError('not_authenticated');
      if (available && !live.consultant.active) throw new ParleyError('forbidden', 'this account is deactivated');
      if (live.available === available) return;
      live.available = available;
      if (available) live.idleSince = this.now();
      await this.store.savePresence(consultantId, available);
      this.outbox.send({ kind: 'consultant', consultantId }, { type: 'availability', available });
      await this.afterPresenceChange(consultantId, live.linkIds);
    });
  }

  /** [P1] Withdraws rings from a consultant who is no longer available, then re-routes and tells visitors. */
  private async afterPresenceChange(consultantId: string, linkIds: readonly string[]): Promise<void> {
    const live = this.consultants.get(consultantId);
    if (live) await this.withdrawRingsOf(live);
    else await this.withdrawRings(consultantId);
    this.announceAvailability(linkIds);
    await this.dispatch();
  }

  /** [P1] Rings of an unavailable consultant, or on links they no longer serve, go back to the queue. */
  private async withdrawRingsOf(live: LiveConsultant): Promise<void> {
    await this.withdrawRings(live.consultant.id, (linkId) => live.available && live.linkIds.includes(linkId));
  }

  private async withdrawRings(
    consultantId: string,
    keep: (linkId: string) => boolean = () => false,
    everyone = false,
  ): Promise<void> {
    for (const conversation of [...this.conversations.values()]) {
      const { state } = conversation;
      const theirs = everyone || (state.name === 'ringing' && state.consultantId === consultantId);
      if (state.name === 'ringing' && theirs && !keep(conversation.linkId)) {
        await this.apply(conversation, { type: 'withdraw_offer', at: this.now() });
      }
    }
  }

  // ---------------------------------------------------------------- visitors

  visitorConnected(visitor: Visitor, link: Link, client: ClientInfo | null = null): Promise<Welcome> {
    return this.run(async () => {
      let live = this.visitors.get(visitor.id);
      if (!live) {
        live = { visitor, connections: 0, client };
        this.visitors.set(visitor.id, live);
      }
      if (client) live.client = client;
      attach(live);
      this.links.set(link.id, link);
      const welcome = await this.welcome(this.linkAvailable(link.id), this.openConversationsOf(visitor.id));
      const broadcasts = link.mode === 'broadcast' ? [this.broadcasts.view(link.id)] : [];
      return { ...welcome, link: visitorLinkView(link), broadcasts };
    });
  }

  /** [P3] The last socket of a visitor closed: after the grace period, close what they left open. */
  visitorDisconnected(visitorId: string): Promise<void> {
    return this.run(() => {
      this.detach(this.visitors.get(visitorId), this.options.visitorGraceMs, () => this.visitorLost(visitorId));
    });
  }

  protected async visitorLost(visitorId: string): Promise<void> {
    const live = this.visitors.get(visitorId);
    if (!live || live.connections > 0) return;
    this.visitors.delete(visitorId);
    this.broadcasts.leave(visitorId, (linkId) => this.consultantIdsOf(linkId));
    for (const conversation of this.openConversationsOf(visitorId)) {
      const at = this.now();
      await this.apply(
        conversation,
        conversation.state.name === 'active'
          ? { type: 'end', reason: 'visitor_left', at }
          : { type: 'abandon', reason: 'visitor_left', at },
      );
    }
    await this.dispatch();
  }
}

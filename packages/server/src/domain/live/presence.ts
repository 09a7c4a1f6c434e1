import { ParleyError, type ClientInfo, type DepartmentChoice, type VisitorLinkView } from '@parley/protocol';
import type { Consultant, Link, Visitor } from '../tenants/directory.ts';
import { routableLinkIds } from '../routing/eligibility.ts';
import { unknownMedia } from '../media/mediaFacts.ts';
import type { KeptLive } from '../ports/conversationStore.ts';
import {
  attach,
  noConference,
  shownToOf,
  showsOn,
  type LiveConsultant,
  type LiveConversation,
  type LiveVisitor,
} from './liveState.ts';
import { linkAvailable, linkViews, openConversationsOf, consultantIdsOf } from './liveQueries.ts';
import type { LiveCore, Welcome } from './core.ts';
import { removeFromCalls } from './conference.ts';
import { departmentChoices } from './departmentChoice.ts';

/*
 * Presence commands of one tenant: who is there — consultants and visitors connecting, going
 * available, dropping out and coming back within their grace period ([P1]–[P5]) — and admins
 * changing who serves what.
 */

/**
 * [P5] After a restart: brings back the tenant's open conversations from storage, and every
 * consultant who was available or in a call, as if they had all just lost their connection:
 * each gets the usual grace period to come back ([P2], [P3]). A ring in progress goes back to
 * the queue with its original queue time, so it keeps its place. [PL38] A broadcast on air is on
 * air again with its presenter, who gets the same grace period to come back and re-publish.
 */
export function restore(core: LiveCore, { records, available, broadcasts, conferences }: KeptLive): Promise<void> {
  const { state, deps } = core;
  return core.run(async () => {
    const onSfu = new Set(conferences.map((c) => c.conversationId));
    const availableIds = new Set(available.map((c) => c.id));
    const known = new Map(available.map((c) => [c.id, c]));
    const consultantIds = new Set([
      ...availableIds,
      ...broadcasts.map((b) => b.presenterId),
      ...conferences.flatMap((c) => c.members),
    ]);
    if (records.length > 0 || broadcasts.length > 0) await core.loadLinks();
    for (const record of records) {
      const conversation: LiveConversation = {
        ...record,
        seq: state.nextSeq++,
        waitLimitReached: false,
        ...noConference(),
        mediaState: unknownMedia,
      };
      // [PL39] A call on the SFU stays there (its colleagues are set once they are restored, below).
      if (onSfu.has(record.id) && record.state.name === 'active') conversation.onSfu = true;
      // [C14] Consoles that reconnect are shown it as their welcome shows it.
      conversation.shownTo = shownToOf(conversation);
      state.conversations.set(record.id, conversation);
      if (record.state.name !== 'active')
        core.startWaitLimit(conversation, state.links.get(record.linkId)?.maxWaitMs ?? null);
      if ('consultantId' in record.state) consultantIds.add(record.state.consultantId);
      if (state.visitors.has(record.visitorId)) continue;
      const { visitorId: id, tenantId, linkId, visitorName: name } = record;
      const client = record.visitorSetup?.client ?? null;
      const live: LiveVisitor = { visitor: { id, tenantId, linkId, name }, connections: 1, client };
      state.visitors.set(id, live);
      core.detach(live, deps.options.visitorGraceMs, () => visitorLost(core, id));
    }
    for (const id of consultantIds) {
      const consultant = known.get(id) ?? (await deps.directory.consultants.getConsultant(id));
      if (consultant?.tenantId !== state.tenantId) continue;
      const links = await core.loadLinks();
      const linkIds = routableLinkIds(consultant, links, await core.assignedLinks(consultant));
      const isAvailable = availableIds.has(id) && consultant.active;
      const live: LiveConsultant = {
        consultant,
        linkIds,
        connections: 1,
        available: isAvailable,
        idleSince: core.now(),
      };
      state.consultants.set(id, live);
      state.consultantNames.set(id, consultant.name);
      core.detach(live, deps.options.consultantGraceMs, () => consultantLost(core, id));
    }
    for (const { conversationId, members } of conferences) {
      const conversation = state.conversations.get(conversationId);
      // Left over from a call that ended or went back to the queue while the row was written.
      if (!conversation?.onSfu) await core.store.saveConference(state.tenantId, conversationId, null);
      // A colleague no longer of the tenant (an admin moved or removed them) is not restored.
      else conversation.members = members.filter((id) => state.consultants.has(id));
    }
    for (const { linkId, presenterId } of broadcasts) {
      const presenter = state.consultants.get(presenterId);
      const stillTheirs = presenter?.linkIds.includes(linkId) && state.links.get(linkId)?.mode === 'broadcast';
      // An admin who moved the link or the presenter meanwhile took the broadcast off air.
      if (stillTheirs) core.broadcasts.resume(linkId, presenterId, consultantIdsOf(state, linkId));
      else await core.store.saveBroadcast(state.tenantId, linkId, null);
    }
    await withdrawRings(core, '', () => false, true);
    core.announceAvailability([...new Set([...records, ...broadcasts].map((r) => r.linkId))]);
    await core.dispatch();
  });
}

/** [I5] Every connected consultant of the tenant learns that its inbox changed. */
export function inboxChanged(core: LiveCore): void {
  for (const live of core.state.consultants.values()) {
    if (live.connections === 0) continue;
    core.outbox.send({ kind: 'consultant', consultantId: live.consultant.id }, { type: 'inbox.changed' });
  }
}

/**
 * An admin changed links, assignments, departments or consultants of the tenant: routing
 * re-reads them for every live consultant and re-offers what now matches.
 */
export function directoryChanged(core: LiveCore): Promise<void> {
  const { state, deps } = core;
  return core.run(async () => {
    const links = await core.loadLinks();
    const touched = new Set<string>(links.map((l) => l.id));
    for (const live of [...state.consultants.values()]) {
      const fresh = await deps.directory.consultants.getConsultant(live.consultant.id);
      if (fresh) live.consultant = fresh;
      for (const id of live.linkIds) touched.add(id);
      live.linkIds = routableLinkIds(live.consultant, links, await core.assignedLinks(live.consultant));
      if (!live.consultant.active) {
        // [T9] Deactivated: gone for good at once, without a grace period, and signed out;
        // [DV2] their calls wait again for a colleague, at their place in the queue.
        await removeConsultant(core, live, true);
        core.outbox.send(
          { kind: 'consultant', consultantId: live.consultant.id },
          { type: 'session.ended', reason: 'account_deactivated' },
        );
        continue;
      }
      core.outbox.send(
        { kind: 'consultant', consultantId: live.consultant.id },
        {
          type: 'links.updated',
          links: linkViews(state, live.linkIds),
          capacity: live.consultant.maxConversations,
        },
      );
      await withdrawRingsOf(core, live);
    }
    core.announceAvailability([...touched]);
    await core.dispatch();
  });
}

// ---------------------------------------------------------------- consultants

export function consultantConnected(core: LiveCore, consultant: Consultant): Promise<Welcome> {
  const { state } = core;
  return core.run(async () => {
    let live = state.consultants.get(consultant.id);
    if (!live) {
      const links = await core.loadLinks();
      const linkIds = routableLinkIds(consultant, links, await core.assignedLinks(consultant));
      live = { consultant, linkIds, connections: 0, available: false, idleSince: core.now() };
      state.consultants.set(consultant.id, live);
      state.consultantNames.set(consultant.id, consultant.name);
    }
    attach(live);
    const { linkIds } = live;
    // [C14] What the console shows: the queues of its links, and what involves it on any link
    // (a call transferred to it from another link rings it there).
    const mine = [...state.conversations.values()].filter((c) => showsOn(shownToOf(c), live));
    const broadcasts = linkIds
      .filter((id) => state.links.get(id)?.mode === 'broadcast')
      .map((id) => core.broadcasts.view(id));
    return {
      ...(await core.welcome(live.available, mine)),
      links: linkViews(state, linkIds),
      broadcasts,
      capacity: consultant.maxConversations,
    };
  });
}

/** [P2] The last socket of a consultant closed: wait out the grace period, then go unavailable. */
export function consultantDisconnected(core: LiveCore, consultantId: string): Promise<void> {
  return core.run(() => {
    core.detach(core.state.consultants.get(consultantId), core.deps.options.consultantGraceMs, () =>
      consultantLost(core, consultantId),
    );
  });
}

async function consultantLost(core: LiveCore, consultantId: string): Promise<void> {
  const live = core.state.consultants.get(consultantId);
  if (!live || live.connections > 0) return;
  await removeConsultant(core, live);
}

/**
 * [P2][T9] A consultant gone for good: unavailable, out of every call, rings re-routed ([DV3]).
 * `requeue` ([DV2]): a call they held alone goes back to the queue instead of ending.
 */
async function removeConsultant(core: LiveCore, live: LiveConsultant, requeue = false): Promise<void> {
  const consultantId = live.consultant.id;
  live.grace?.cancel();
  core.state.consultants.delete(consultantId);
  if (live.available) await core.store.savePresence(consultantId, false);
  for (const linkId of core.broadcasts.presenterLost(consultantId, (id) => consultantIdsOf(core.state, id))) {
    await core.store.saveBroadcast(core.state.tenantId, linkId, null);
  }
  await removeFromCalls(core, consultantId, requeue);
  await afterPresenceChange(core, consultantId, live.linkIds);
}

export function setAvailability(core: LiveCore, consultantId: string, available: boolean): Promise<void> {
  return core.run(async () => {
    const live = core.state.consultants.get(consultantId);
    if (!live) throw new ParleyError('not_authenticated');
    if (available && !live.consultant.active) throw new ParleyError('forbidden', 'this account is deactivated');
    if (live.available === available) return;
    live.available = available;
    if (available) live.idleSince = core.now();
    await core.store.savePresence(consultantId, available);
    core.outbox.send({ kind: 'consultant', consultantId }, { type: 'availability', available });
    // [O2] Team presence follows the consultant's own availability.
    core.emit({ type: 'consultant.availability_changed', tenantId: core.state.tenantId, consultantId, available });
    await afterPresenceChange(core, consultantId, live.linkIds);
  });
}

/** [P1] Withdraws rings from a consultant who is no longer available, then re-routes and tells visitors. */
async function afterPresenceChange(core: LiveCore, consultantId: string, linkIds: readonly string[]): Promise<void> {
  const live = core.state.consultants.get(consultantId);
  if (live) await withdrawRingsOf(core, live);
  else await withdrawRings(core, consultantId);
  core.announceAvailability(linkIds);
  await core.dispatch();
}

/** [P1] Rings of an unavailable consultant, or on links they no longer serve, go back to the queue. */
async function withdrawRingsOf(core: LiveCore, live: LiveConsultant): Promise<void> {
  await withdrawRings(core, live.consultant.id, (linkId) => live.available && live.linkIds.includes(linkId));
}

async function withdrawRings(
  core: LiveCore,
  consultantId: string,
  keep: (linkId: string) => boolean = () => false,
  everyone = false,
): Promise<void> {
  for (const conversation of [...core.state.conversations.values()]) {
    const { state } = conversation;
    const theirs = everyone || (state.name === 'ringing' && state.consultantId === consultantId);
    if (state.name === 'ringing' && theirs && !keep(conversation.linkId)) {
      await core.apply(conversation, { type: 'withdraw_offer', at: core.now() });
    }
  }
}

// ---------------------------------------------------------------- visitors

export function visitorConnected(
  core: LiveCore,
  visitor: Visitor,
  link: Link,
  client: ClientInfo | null = null,
): Promise<Welcome> {
  const { state } = core;
  return core.run(async () => {
    let live = state.visitors.get(visitor.id);
    if (!live) {
      live = { visitor, connections: 0, client };
      state.visitors.set(visitor.id, live);
    }
    if (client) live.client = client;
    attach(live);
    state.links.set(link.id, link);
    const welcome = await core.welcome(
      linkAvailable(state, core.broadcasts, link.id),
      openConversationsOf(state, visitor.id),
      true,
    );
    const broadcasts = link.mode === 'broadcast' ? [core.broadcasts.view(link.id)] : [];
    return { ...welcome, link: visitorLinkView(link, await departmentChoices(core, link)), broadcasts };
  });
}

/** [P3] The last socket of a visitor closed: after the grace period, close what they left open. */
export function visitorDisconnected(core: LiveCore, visitorId: string): Promise<void> {
  return core.run(() => {
    core.detach(core.state.visitors.get(visitorId), core.deps.options.visitorGraceMs, () =>
      visitorLost(core, visitorId),
    );
  });
}

async function visitorLost(core: LiveCore, visitorId: string): Promise<void> {
  const { state } = core;
  const live = state.visitors.get(visitorId);
  if (!live || live.connections > 0) return;
  state.visitors.delete(visitorId);
  core.broadcasts.leave(visitorId, (linkId) => consultantIdsOf(state, linkId));
  for (const conversation of openConversationsOf(state, visitorId)) {
    const at = core.now();
    await core.apply(
      conversation,
      conversation.state.name === 'active'
        ? { type: 'end', reason: 'visitor_left', at }
        : { type: 'abandon', reason: 'visitor_left', at },
    );
  }
  await core.dispatch();
}

export function visitorLinkView(link: Link, departments: DepartmentChoice[] = []): VisitorLinkView {
  return {
    departments,
    name: link.name,
    mode: link.mode,
    offline: {
      text: link.offlineText,
      imageUrl: link.offlineImage ? `/api/v1/links/${encodeURIComponent(link.key)}/offline-image` : null,
    },
  };
}

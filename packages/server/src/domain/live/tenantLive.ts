import type {
  ChatMessageView,
  ClientInfo,
  ConversationView,
  MediaRoomRef,
  MediaState,
  RtcSignal,
  CobrowseSignal,
  VisitorSetupInput,
} from '@parley/protocol';
import type { Consultant, Link, Visitor } from '../tenants/directory.ts';
import { ParleyError } from '@parley/protocol';
import type { MediaAccess, MediaGrant, MediaSignalling } from '../media/mediaRooms.ts';
import type { IceCandidateInit } from '../media/sfu.ts';
import type { Actor } from '../ports/actor.ts';
import type { KeptLive } from '../ports/conversationStore.ts';
import { noFacts } from '../reports/facts.ts';
import { newTenantLiveState } from './liveState.ts';
import { linkAvailable, slotsOf } from './liveQueries.ts';
import { LiveCore, type LiveDependencies, type Welcome } from './core.ts';
import { censusOf, type LiveCensus, type LiveObserver } from './observer.ts';
import * as presence from './presence.ts';
import * as conversation from './conversation.ts';
import * as conference from './conference.ts';
import * as broadcast from './broadcast.ts';
import * as chat from './chat.ts';
import * as supervision from './supervision.ts';

/**
 * One tenant's live state and its command chain: the unit the node keeps per tenant
 * (LiveRegistry), and the cluster will place on a node. Its commands run one at a time in the
 * order they arrive; another tenant's never wait for them. Each method hands its command to the
 * module that holds it (presence, conversation, conference, broadcast, chat) with the core.
 */
export class TenantLive implements MediaAccess {
  private readonly core: LiveCore;

  constructor(
    readonly tenantId: string,
    deps: LiveDependencies,
    /** [PL25] The node's media rooms (null: no SFU, media unavailable). */
    private readonly media: () => MediaSignalling | null = () => null,
  ) {
    this.core = new LiveCore(newTenantLiveState(tenantId), deps);
  }

  /** [OP2] Reports every lifecycle change and stored chat to `observer` from now on. */
  observe(observer: LiveObserver): void {
    this.core.observer = observer;
  }

  /** Resolves when every command queued so far has finished (tests, shutdown). */
  settled(): Promise<void> {
    return this.core.settled();
  }

  /** [OP2] Counts of the live state right now, for a metrics scrape; reads, changes nothing. */
  census(): LiveCensus {
    return censusOf(this.core.state, this.core.now());
  }

  // ---------------------------------------------------------------- presence ([P1]–[P5])

  restore(kept: KeptLive): Promise<void> {
    return presence.restore(this.core, kept);
  }

  consultantConnected(consultant: Consultant): Promise<Welcome> {
    this.assertTenant(consultant.tenantId);
    return presence.consultantConnected(this.core, consultant);
  }

  consultantDisconnected(consultantId: string): Promise<void> {
    return presence.consultantDisconnected(this.core, consultantId);
  }

  setAvailability(consultantId: string, available: boolean): Promise<void> {
    return presence.setAvailability(this.core, consultantId, available);
  }

  visitorConnected(visitor: Visitor, link: Link, client: ClientInfo | null = null): Promise<Welcome> {
    this.assertTenant(visitor.tenantId);
    return presence.visitorConnected(this.core, visitor, link, client);
  }

  visitorDisconnected(visitorId: string): Promise<void> {
    return presence.visitorDisconnected(this.core, visitorId);
  }

  async directoryChanged(): Promise<void> {
    await presence.directoryChanged(this.core);
    // [OV1] Names, departments and roles the overview shows (and who may watch it) follow too.
    await this.core.run(() => this.core.overview.directoryChanged());
  }

  /** [I5] Tells the tenant's connected consoles; a command another node may ask of the owner ([PL10]). */
  inboxChanged(): Promise<void> {
    presence.inboxChanged(this.core);
    return Promise.resolve();
  }

  /**
   * [RP3] The visitor waiting in this request on this link left a message: reports count the
   * request as "left a message" once it closes. Anything else (closed, another link) is ignored.
   */
  noteLeftMessage(linkId: string, conversationId: string): Promise<void> {
    return this.core.run(() => {
      const conversation = this.core.state.conversations.get(conversationId);
      if (conversation?.linkId !== linkId) return;
      if (conversation.state.name !== 'queued' && conversation.state.name !== 'ringing') return;
      conversation.facts = { ...(conversation.facts ?? noFacts), leftMessage: true };
    });
  }

  /**
   * [AI2] Who an automatic invitation on the link comes from: an available consultant of the link
   * with a free slot, the longest idle first ([Q4]), so accepting rings them first ([SV8]). A
   * command another node may ask of the owner ([PL11]).
   */
  inviterFor(linkId: string): Promise<{ id: string; name: string } | undefined> {
    return Promise.resolve(this.inviterNow(linkId));
  }

  private inviterNow(linkId: string): { id: string; name: string } | undefined {
    if (this.core.state.links.get(linkId)?.mode === 'broadcast') return undefined;
    const [slot] = slotsOf(this.core.state)
      .filter((c) => c.available && c.load < c.capacity && c.linkIds.includes(linkId))
      .sort((a, b) => a.idleSince - b.idleSince);
    const consultant = slot && this.core.state.consultants.get(slot.consultantId)?.consultant;
    return consultant && { id: consultant.id, name: consultant.name };
  }

  /** [A1] Whether anybody can take a call on the link right now (read without queuing). */
  isAvailable(linkId: string): boolean {
    return linkAvailable(this.core.state, this.core.broadcasts, linkId);
  }

  /** [A1] The same, as a command another node may ask of the tenant's owner ([PL6]). */
  linkAvailable(linkId: string): Promise<boolean> {
    return Promise.resolve(this.isAvailable(linkId));
  }

  // ---------------------------------------------------------------- conversations ([Q0], [C1]–[C13])

  requestConversation(
    visitorId: string,
    name: string | undefined,
    setup?: VisitorSetupInput,
    choice: conversation.RequestChoice = {},
  ): Promise<ConversationView> {
    return conversation.requestConversation(this.core, visitorId, name, setup, choice);
  }

  /** [AP8] The media check's result, sent after the request. */
  reportSetup(visitorId: string, conversationId: string, setup: VisitorSetupInput): Promise<void> {
    return conversation.reportSetup(this.core, visitorId, conversationId, setup);
  }

  accept(consultantId: string, conversationId: string): Promise<void> {
    return conversation.accept(this.core, consultantId, conversationId);
  }

  decline(consultantId: string, conversationId: string): Promise<void> {
    return conversation.decline(this.core, consultantId, conversationId);
  }

  park(consultantId: string, conversationId: string): Promise<void> {
    return conversation.park(this.core, consultantId, conversationId);
  }

  pick(consultantId: string, conversationId: string): Promise<void> {
    return conversation.pick(this.core, consultantId, conversationId);
  }

  setHold(consultantId: string, conversationId: string, held: boolean): Promise<void> {
    return conversation.setHold(this.core, consultantId, conversationId, held);
  }

  transfer(consultantId: string, conversationId: string, to: conversation.TransferTarget, reason: string) {
    return conversation.transfer(this.core, consultantId, conversationId, to, reason);
  }

  /** [C12] Where the consultant may transfer to; a command another node may ask of the owner ([PL9]). */
  transferTargets(consultant: Consultant): Promise<ReturnType<typeof conversation.transferTargets>> {
    return Promise.resolve(conversation.transferTargets(this.core, consultant));
  }

  cancel(visitorId: string, conversationId: string): Promise<void> {
    return conversation.cancel(this.core, visitorId, conversationId);
  }

  end(actor: Actor, conversationId: string): Promise<void> {
    return conversation.end(this.core, actor, conversationId);
  }

  /**
   * [C13] See conversation.ts; the wrap-up use case (domain/wrapup/markDone.ts) passes `closing`.
   * Plain JSON in and out, so another node can ask it of the tenant's owner ([PL6]).
   */
  markDone(
    consultant: Consultant,
    conversationId: string,
    disposition: string | null,
    requireDisposition = false,
    closing?: conversation.Closing,
  ): Promise<ConversationView> {
    return conversation.markDone(this.core, consultant, conversationId, disposition, requireDisposition, closing);
  }

  // ---------------------------------------------------------------- overview ([OV1]–[OV7])

  watchOverview(consultantId: string, watch: boolean): Promise<void> {
    return supervision.watchOverview(this.core, consultantId, watch);
  }

  readConversation(consultantId: string, conversationId: string | null): Promise<void> {
    return supervision.readConversation(this.core, consultantId, conversationId);
  }

  takeOver(supervisorId: string, conversationId: string): Promise<void> {
    return supervision.takeOver(this.core, supervisorId, conversationId);
  }

  superviseTransfer(supervisorId: string, conversationId: string, toConsultantId: string, reason: string) {
    return supervision.superviseTransfer(this.core, supervisorId, conversationId, toConsultantId, reason);
  }

  // ---------------------------------------------------------------- chat, signals, media state

  sendChat(actor: Actor, conversationId: string, clientId: string, text: string): Promise<ChatMessageView> {
    return chat.sendChat(this.core, actor, conversationId, clientId, text);
  }

  relaySignal(actor: Actor, conversationId: string, signal: RtcSignal): Promise<void> {
    return chat.relaySignal(this.core, actor, conversationId, signal);
  }

  /** [CB8] `controlAllowed`: the tenant lets consultants click and type for the visitor. */
  relayCobrowse(actor: Actor, conversationId: string, signal: CobrowseSignal, controlAllowed = false): Promise<void> {
    return chat.relayCobrowse(this.core, actor, conversationId, signal, controlAllowed);
  }

  setMediaState(actor: Actor, conversationId: string, state: MediaState): Promise<void> {
    return chat.setMediaState(this.core, actor, conversationId, state);
  }

  phoneSides(
    consultantId: string,
    conversationId: string,
  ): Promise<{ visitorId: string; consultantId: string; members: string[] }> {
    return chat.phoneSides(this.core, consultantId, conversationId);
  }

  // ---------------------------------------------------------------- conference (F-16, [S5]–[S8])

  inviteToConference(consultantId: string, conversationId: string, colleagueId: string): Promise<void> {
    return conference.inviteToConference(this.core, consultantId, conversationId, colleagueId);
  }

  joinConference(consultantId: string, conversationId: string): Promise<void> {
    return conference.joinConference(this.core, consultantId, conversationId);
  }

  declineConference(consultantId: string, conversationId: string): Promise<void> {
    return conference.declineConference(this.core, consultantId, conversationId);
  }

  leaveConference(consultantId: string, conversationId: string): Promise<void> {
    return conference.leaveConference(this.core, consultantId, conversationId);
  }

  // ---------------------------------------------------------------- broadcast (F-11, [B1]–[B5])

  startBroadcast(consultantId: string, linkId: string): Promise<void> {
    return broadcast.startBroadcast(this.core, consultantId, linkId);
  }

  stopBroadcast(consultantId: string, linkId: string): Promise<void> {
    return broadcast.stopBroadcast(this.core, consultantId, linkId);
  }

  joinBroadcast(visitorId: string): Promise<void> {
    return broadcast.joinBroadcast(this.core, visitorId);
  }

  leaveBroadcast(visitorId: string): Promise<void> {
    return broadcast.leaveBroadcast(this.core, visitorId);
  }

  // ---------------------------------------------------------------- media access ([S1]–[S6])

  /** Who may publish into and watch which media room: the live state decides, the SFU obeys. */
  grant(actor: Actor, room: MediaRoomRef): MediaGrant {
    if (room.kind === 'broadcast') return broadcast.broadcastGrant(this.core, actor, room.linkId);
    return conference.conferenceGrant(this.core, actor, room.conversationId);
  }

  /** The SFU's feeds in a room changed: the broadcast's viewers or the conference's members learn it. */
  feedsChanged(room: MediaRoomRef, feeds: readonly string[]): void {
    void this.core
      .run(() => {
        if (room.kind === 'broadcast') broadcast.broadcastFeedsChanged(this.core, room.linkId, feeds);
        else conference.conferenceFeedsChanged(this.core, room.conversationId, feeds);
      })
      .catch(() => undefined);
  }

  // ---------------------------------------------------------------- SFU signalling ([S1]–[S7], [PL25])
  // Not queued on the command chain: the SFU's answer may take a while, and the grant each leg
  // is checked against reads the state as it is. They run where the tenant's live state runs, so
  // every leg of the tenant's rooms is held by the owner's media rooms, on the owner's SFU.
  // Async, so "no SFU here" is a rejected promise like any other failure (a socket's cleanup
  // catches rejections; a synchronous throw escaped it as an unhandled rejection).

  async mediaPublish(actor: Actor, room: MediaRoomRef, leg: string, sdp: string, source?: 'camera' | 'screen') {
    return this.sfu().publish(this.tenantId, actor, room, leg, sdp, source);
  }

  async mediaSubscribe(actor: Actor, room: MediaRoomRef, leg: string, feed: string): Promise<string> {
    return this.sfu().subscribe(this.tenantId, actor, room, leg, feed);
  }

  async mediaStart(actor: Actor, leg: string, sdp: string): Promise<void> {
    return this.sfu().start(actor, leg, sdp);
  }

  async mediaTrickle(actor: Actor, leg: string, candidate: IceCandidateInit | null): Promise<void> {
    return this.sfu().trickle(actor, leg, candidate);
  }

  async mediaSelectLayer(actor: Actor, leg: string, substream: number): Promise<void> {
    return this.sfu().selectLayer(actor, leg, substream);
  }

  async mediaClose(actor: Actor, leg: string): Promise<void> {
    return this.sfu().close(actor, leg);
  }

  private sfu(): MediaSignalling {
    const media = this.media();
    if (!media) throw new ParleyError('media_unavailable');
    return media;
  }

  /** A participant of another tenant reaching this unit is a wiring mistake, never a user's. */
  private assertTenant(tenantId: string): void {
    if (tenantId !== this.tenantId) throw new Error(`tenant ${tenantId} reached the live unit of ${this.tenantId}`);
  }
}

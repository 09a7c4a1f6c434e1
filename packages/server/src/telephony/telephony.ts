import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ParleyError } from '@parley/protocol';
import { repoRoot, type JanusConfig, type SipConfig } from '../config.ts';
import type { Actor } from '../domain/ports/actor.ts';
import type { LiveEvent } from '../domain/ports/liveEvents.ts';
import type { Outbox } from '../domain/ports/outbox.ts';
import type { Clock } from '../domain/runtime.ts';
import { DIAL_IN_LIMITS, DialIn, memberSide, type CallSide, type PhoneLine } from '../domain/telephony/dialIn.ts';
import { JanusAudioBridge, type RtpAddress, type RtpJoin } from '../media/janus/JanusAudioBridge.ts';
import { BrowserLegs, type MixCandidate } from './browserLegs.ts';
import {
  callKey,
  lineKey,
  PhoneCallBook,
  recipientOf,
  sidesOf,
  type PhoneCallSides,
  type PhoneCallStore,
  type PhoneMessage,
} from './phoneCallBook.ts';
import { clusterExchange, type PhoneCluster, type PhoneMethod, type RemoteRtpJoin } from './phoneCluster.ts';
import { forwardedDesk, localDesk, runPhoneMethod, type PhoneDesk } from './phoneDesk.ts';
import { localExchange } from './phoneExchange.ts';
import { loadPrompts } from './prompts.ts';
import type { PhoneCodec } from './sip/sdp.ts';
import { SipServer, type SipServerOptions } from './sipServer.ts';

/** [TP6][TP8] What the call's mix does: phones and browsers join it, the call's room goes with the call. */
export type CallMixer = Pick<JanusAudioBridge, 'join' | 'joinRtp' | 'joinBrowser' | 'closeRoom' | 'close'>;

/** What a side of a call in phone mode is shown: where to dial, and its own PIN. */
export interface DialInInfo {
  numbers: string[];
  pin: string;
}

export type { PhoneCallSides } from './phoneCallBook.ts';

/**
 * [TP1]-[TP6] Telephone dial-in as one unit at the edge: the PINs (domain), the SIP server and
 * the AudioBridge mix. It follows the live state's events: a call that closes loses its PINs,
 * its phones (BYE) and its mix room.
 */
export class Telephony {
  /** [TP8][TP10] Browsers in calls' mixes, by line. */
  private readonly browserLegs = new BrowserLegs();
  /** [PL42] Phones that dialled in at another node, relayed into this owner's mix, by leg id. */
  private readonly relayedLegs = new Map<string, { call: string; detach(): void }>();

  private constructor(
    private readonly book: PhoneCallBook,
    private readonly sip: SipServer,
    private readonly mixer: CallMixer | null,
    private readonly outboxOf: (tenantId: string) => Outbox | null,
    private readonly cluster: PhoneCluster | null,
    private readonly log: NonNullable<SipServerOptions['log']>,
  ) {}

  get dialIn(): DialIn {
    return this.book.dialIn;
  }

  static async start(options: {
    config: SipConfig;
    janus: JanusConfig | null;
    /** The mix to use instead of Janus's AudioBridge (tests). */
    mixer?: CallMixer;
    clock: Clock;
    log: NonNullable<SipServerOptions['log']>;
    onLine?: SipServerOptions['onLine'];
    /** [TP7] Tells the sides of a tenant's calls their dial-in details and whose phone is connected. */
    outboxOf?: (tenantId: string) => Outbox | null;
    /** [PL42] One node of several: PINs, phones and mixes follow each tenant's owner. */
    cluster?: PhoneCluster;
    /** Draws a PIN (tests); random digits by default. */
    newPin?: () => string;
    /** [PL43] Where each tenant's calls in phone mode are kept; none: not kept. */
    storeOf?: (tenantId: string) => PhoneCallStore;
  }): Promise<Telephony> {
    const { config } = options;
    const dialIn = new DialIn(options.clock, DIAL_IN_LIMITS, options.newPin);
    const mixer = options.mixer ?? (options.janus ? new JanusAudioBridge(options.janus) : null);
    if (!mixer) options.log.warn({}, 'telephone dial-in without Janus: phones are answered but hear no one');
    const prompt = loadPrompts(resolve(repoRoot, 'packages/server/prompts'));
    const localeOf = new Map(config.numbers.map((entry) => [digitsOf(entry.number), entry.locale]));
    // The SIP server's events tell the call's sides; the unit they go through is made just after it.
    const made: { telephony?: Telephony } = {};
    const local = localExchange(dialIn, mixer, (line, on) => made.telephony?.lineChanged(line, on));
    const exchange = options.cluster ? clusterExchange(local, options.cluster, config.host) : local;
    const sip = await SipServer.start({
      host: config.host,
      port: config.port,
      ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
      rtpPorts: config.rtpPorts,
      exchange,
      promptFor: (dialled) => prompt(localeOf.get(digitsOf(dialled)) ?? 'en'),
      log: options.log,
      onLine: (event) => {
        exchange.lineChanged(event.line, event.type === 'phone.connected');
        options.onLine?.(event);
      },
    });
    const cluster = options.cluster ?? null;
    const numbers = config.numbers.map((entry) => entry.number);
    const book = new PhoneCallBook(dialIn, numbers, cluster, options.storeOf ?? null);
    made.telephony = new Telephony(book, sip, mixer, options.outboxOf ?? (() => null), cluster, options.log);
    return made.telephony;
  }

  get port(): number {
    return this.sip.port;
  }

  /** [TP4] The consultant chose "audio via telephone": each side's dial-in details. */
  open(tenantId: string, conversationId: string): Record<CallSide, DialInInfo> {
    const pins = this.dialIn.open(tenantId, conversationId);
    const numbers = this.book.numbersShown;
    return { consultant: { numbers, pin: pins.consultant }, visitor: { numbers, pin: pins.visitor } };
  }

  /**
   * [TP4][TP7][TP11] The consultant switched an active call (or conference) to telephone audio:
   * every side is told where to dial and its own PIN (idempotent: asking again tells them again).
   */
  async switchToPhone(sides: PhoneCallSides): Promise<void> {
    this.book.set(sides);
    await this.tell(sides.tenantId, sides.conversationId);
  }

  /** [PL42] The phone on `line` joined the mix or hung up (on this node or, relayed, another). */
  lineChanged(line: PhoneLine, connected: boolean): void {
    this.book.setConnected(line, connected);
    this.tellLater(line.tenantId, line.conversationId);
  }

  private tellLater(tenantId: string, conversationId: string): void {
    void this.tell(tenantId, conversationId).catch((error: unknown) =>
      this.log.warn({ err: error, tenantId, conversationId }, 'call.phone'),
    );
  }

  private async tell(tenantId: string, conversationId: string): Promise<void> {
    const sides = this.book.get(tenantId, conversationId);
    if (!sides) return;
    await this.book.settle(sides);
    const outbox = this.outboxOf(tenantId);
    const current = this.book.get(tenantId, conversationId);
    if (!outbox || !current) return;
    for (const [side, message] of this.book.messagesOf(current)) outbox.send(recipientOf(current, side), message);
  }

  /**
   * [TP10] A page that (re)connects is told again about each of its calls in phone mode: a reloaded
   * page knows nothing of them, and its call view rejoins the mix from this.
   */
  phoneCallsOf(tenantId: string, actor: Actor): PhoneMessage[] {
    return this.book.messagesFor(tenantId, actor);
  }

  /** Whether a side's phone is connected now (its browser audio is off, [TP7]). */
  isConnected(line: PhoneLine): boolean {
    return this.book.isConnected(line);
  }

  /**
   * [TP4] A call that ends hangs up its phones; its PINs and its mix go with it. [TP11] A colleague
   * who joins a conference in phone mode gets a PIN (everyone is told again); one who leaves loses
   * it, with their phone and their browser's leg in the mix.
   */
  onLiveEvent(event: LiveEvent): void {
    if (event.type === 'conversation.closed') this.end(event.tenantId, event.conversationId);
    if (event.type !== 'conference.joined' && event.type !== 'conference.left') return;
    const { tenantId, conversationId, consultantId } = event;
    const sides = this.book.get(tenantId, conversationId);
    if (!sides) return;
    const side = consultantId === sides.consultantId ? 'consultant' : memberSide(consultantId);
    const members = sides.members.filter((id) => id !== consultantId);
    if (event.type === 'conference.joined') {
      this.book.set({ ...sides, members: [...members, consultantId] });
    } else {
      const line: PhoneLine = { tenantId, conversationId, side };
      this.dropBrowser(line);
      this.dropPins([this.dialIn.drop(line)]);
      this.hangUp(tenantId, conversationId, side);
      // A colleague who carries the call on after its consultant left keeps their side and PIN.
      this.book.set({ ...sides, members, ...(side === 'consultant' ? { consultantId: '' } : {}) });
    }
    this.tellLater(tenantId, conversationId);
  }

  /**
   * [TP4][PL42] The call's phones (or one side's) hang up, on whichever node they dialled in. Here
   * at once and through Redis too, on purpose: a phone on this node must hang up even when Redis is
   * away, and the other nodes' hang-up of a call they do not carry is a no-op.
   */
  private hangUp(tenantId: string, conversationId: string, side?: CallSide): void {
    this.sip.hangUpCall(tenantId, conversationId, side);
    this.cluster?.hangUpEverywhere(tenantId, conversationId, side);
  }

  /** [PL42] A phone that dialled in at another node hangs up there: this node's SIP server only. */
  hangUpHere(tenantId: string, conversationId: string, side?: CallSide): void {
    this.sip.hangUpCall(tenantId, conversationId, side);
  }

  private dropPins(pins: readonly (string | undefined)[]): void {
    const gone = pins.filter((pin): pin is string => pin !== undefined);
    if (gone.length > 0 && this.cluster) {
      void this.cluster.pins.drop(gone).catch((error: unknown) => this.log.warn({ err: error }, 'dial-in PINs'));
    }
  }

  /**
   * [TP8] A side that stays on browser audio joins the call's mix (WebRTC, Opus): resolves with the
   * AudioBridge's answer. Only the call's own sides, and only in phone mode. `owner` is the id of
   * the socket that opened the leg: only it may take the leg out again ([TP10]).
   */
  async joinMix(
    tenantId: string,
    conversationId: string,
    actor: Actor,
    offerSdp: string,
    owner: string,
  ): Promise<string> {
    const line = this.lineOf(tenantId, conversationId, actor);
    if (!this.mixer) throw new ParleyError('phone_unavailable');
    return this.browserLegs.join(this.mixer, line, lineKey(line), offerSdp, owner);
  }

  /** [TP8] A candidate of a browser's mix leg; best effort, like the SFU's. */
  async trickleMix(tenantId: string, conversationId: string, actor: Actor, candidate: MixCandidate): Promise<void> {
    return this.browserLegs.trickle(lineKey(this.lineOf(tenantId, conversationId, actor)), candidate);
  }

  /**
   * [TP8] A browser leaves the mix (the last phone hung up, its call view closed, its socket went):
   * only the leg `owner` (the socket) opened goes ([TP10]); a leg its page opened since on a new
   * socket stays.
   */
  leaveMix(tenantId: string, conversationId: string, actor: Actor, owner: string): void {
    const side = this.sideOf(tenantId, conversationId, actor);
    if (side) this.browserLegs.drop(lineKey({ tenantId, conversationId, side }), owner);
  }

  private dropBrowser(line: PhoneLine): void {
    this.browserLegs.drop(lineKey(line));
  }

  private sideOf(tenantId: string, conversationId: string, actor: Actor): CallSide | null {
    return this.book.sideOf(tenantId, conversationId, actor);
  }

  private lineOf(tenantId: string, conversationId: string, actor: Actor): PhoneLine {
    const side = this.sideOf(tenantId, conversationId, actor);
    if (!side) throw new ParleyError('conversation_not_found');
    return { tenantId, conversationId, side };
  }

  end(tenantId: string, conversationId: string): void {
    const sides = this.book.get(tenantId, conversationId);
    this.leaveCall(tenantId, conversationId, sides);
    this.dropPins(this.book.delete(tenantId, conversationId));
    this.hangUp(tenantId, conversationId);
    void this.mixer?.closeRoom(tenantId, conversationId);
    if (sides) this.forgetKept(tenantId, conversationId);
  }

  /** The call's browser legs and relayed phones leave this node's hold on its mix. */
  private leaveCall(tenantId: string, conversationId: string, sides: PhoneCallSides | undefined): void {
    for (const side of sides ? sidesOf(sides) : (['consultant', 'visitor'] as const))
      this.dropBrowser({ tenantId, conversationId, side });
    for (const [legId, relayed] of this.relayedLegs) {
      if (relayed.call !== callKey(tenantId, conversationId)) continue;
      this.relayedLegs.delete(legId);
      relayed.detach();
    }
  }

  private forgetKept(tenantId: string, conversationId: string): void {
    void this.book
      .forgetKept(tenantId, conversationId)
      .catch((error: unknown) => this.log.warn({ err: error, tenantId, conversationId }, 'call.phone'));
  }

  /**
   * [PL43] After a restart, or when this node takes the tenant over: its calls in phone mode are
   * back with the same PINs. Phones still on the call joined the predecessor's mix: they are hung
   * up, and dial in again with the PIN their side still shows; the sides are told (phones off).
   */
  async restore(tenantId: string): Promise<void> {
    const { active, over } = await this.book.kept(tenantId);
    for (const call of over) await this.book.forgetKept(tenantId, call.conversationId);
    this.dropPins(over.flatMap((call) => Object.values(call.pins)));
    for (const call of active) {
      this.book.restore(call);
      this.hangUp(tenantId, call.conversationId);
      await this.tell(tenantId, call.conversationId);
    }
  }

  /** [PL43] This node no longer runs the tenant: its calls are the new owner's (kept in storage). */
  forget(tenantId: string): void {
    for (const sides of this.book.ofTenant(tenantId)) {
      this.leaveCall(tenantId, sides.conversationId, sides);
      this.book.delete(tenantId, sides.conversationId);
    }
  }

  /**
   * [PL42] A phone that dialled in at another node joins this owner's mix: Janus sends the mix to
   * that node's RTP socket and takes the phone's audio where it answers. Null: no mix here.
   */
  async joinRtp(line: PhoneLine, codec: PhoneCodec, rtp: RtpAddress): Promise<RemoteRtpJoin> {
    if (!this.book.get(line.tenantId, line.conversationId)) throw new ParleyError('conversation_not_found');
    if (!this.mixer) return null;
    const { target, detach }: RtpJoin = await this.mixer.joinRtp(line, codec, rtp);
    const legId = randomUUID();
    this.relayedLegs.set(legId, { call: callKey(line.tenantId, line.conversationId), detach });
    return { legId, target };
  }

  leaveRtp(legId: string): void {
    const relayed = this.relayedLegs.get(legId);
    this.relayedLegs.delete(legId);
    relayed?.detach();
  }

  /** [PL42] What a socket of `tenantId` asks of its calls' telephony: here, or on the owner node. */
  deskOf(tenantId: string): PhoneDesk {
    const cluster = this.cluster;
    if (!cluster) return localDesk(this, tenantId);
    return forwardedDesk((method, ...args) => cluster.callOwner(tenantId, method, args));
  }

  /** [PL42] Runs a telephony method another node (or this one) asked of this owner. */
  execute(tenantId: string, method: PhoneMethod, args: unknown[]): Promise<unknown> {
    if (this.cluster && !this.cluster.owns(tenantId)) return Promise.reject(new ParleyError('owner_unreachable'));
    return runPhoneMethod(this, tenantId, method, args);
  }

  async close(): Promise<void> {
    for (const relayed of this.relayedLegs.values()) relayed.detach();
    this.relayedLegs.clear();
    await this.sip.close();
    await this.mixer?.close();
  }
}

/** `+31 20 555 0100` and `0031205550100` as a trunk may send them: compared by their digits. */
function digitsOf(number: string): string {
  return number.replace(/\D/g, '').replace(/^00/, '');
}

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ParleyError, type ServerMessageOf } from '@parley/protocol';
import { repoRoot, type JanusConfig, type SipConfig } from '../config.ts';
import type { Actor } from '../domain/ports/actor.ts';
import type { LiveEvent } from '../domain/ports/liveEvents.ts';
import type { Outbox, Recipient } from '../domain/ports/outbox.ts';
import type { Clock } from '../domain/runtime.ts';
import { DIAL_IN_LIMITS, DialIn, memberSide, type CallSide, type PhoneLine } from '../domain/telephony/dialIn.ts';
import { JanusAudioBridge, type RtpAddress, type RtpJoin } from '../media/janus/JanusAudioBridge.ts';
import { BrowserLegs, type MixCandidate } from './browserLegs.ts';
import { clusterExchange, type PhoneCluster, type PhoneMethod, type RemoteRtpJoin } from './phoneCluster.ts';
import { forwardedDesk, localDesk, runPhoneMethod, type PhoneDesk } from './phoneDesk.ts';
import { localExchange } from './phoneExchange.ts';
import { loadPrompts } from './prompts.ts';
import type { PhoneCodec } from './sip/sdp.ts';
import { SipServer, type SipServerOptions } from './sipServer.ts';

type PhoneMessage = ServerMessageOf<'call.phone'>;

/** [TP6][TP8] What the call's mix does: phones and browsers join it, the call's room goes with the call. */
export type CallMixer = Pick<JanusAudioBridge, 'join' | 'joinRtp' | 'joinBrowser' | 'closeRoom' | 'close'>;

/** What a side of a call in phone mode is shown: where to dial, and its own PIN. */
export interface DialInInfo {
  numbers: string[];
  pin: string;
}

/**
 * Who takes part in a call in phone mode: they are told its PINs and whose phone is on. In a
 * conference ([TP11]) `members` are the colleagues who joined it besides its consultant.
 */
export interface PhoneCallSides {
  tenantId: string;
  conversationId: string;
  visitorId: string;
  consultantId: string;
  members: readonly string[];
}

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
    readonly dialIn: DialIn,
    private readonly sip: SipServer,
    private readonly mixer: CallMixer | null,
    private readonly config: SipConfig,
    private readonly connected: Set<string>,
    private readonly outboxOf: (tenantId: string) => Outbox | null,
    private readonly calls: Map<string, PhoneCallSides>,
    private readonly cluster: PhoneCluster | null,
    private readonly log: NonNullable<SipServerOptions['log']>,
  ) {}

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
  }): Promise<Telephony> {
    const { config } = options;
    const dialIn = new DialIn(options.clock, DIAL_IN_LIMITS, options.newPin);
    const mixer = options.mixer ?? (options.janus ? new JanusAudioBridge(options.janus) : null);
    if (!mixer) options.log.warn({}, 'telephone dial-in without Janus: phones are answered but hear no one');
    const prompt = loadPrompts(resolve(repoRoot, 'packages/server/prompts'));
    const localeOf = new Map(config.numbers.map((entry) => [digitsOf(entry.number), entry.locale]));
    const connected = new Set<string>();
    const calls = new Map<string, PhoneCallSides>();
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
    const outboxOf = options.outboxOf ?? (() => null);
    const cluster = options.cluster ?? null;
    made.telephony = new Telephony(dialIn, sip, mixer, config, connected, outboxOf, calls, cluster, options.log);
    return made.telephony;
  }

  get port(): number {
    return this.sip.port;
  }

  /** [TP4] The consultant chose "audio via telephone": each side's dial-in details. */
  open(tenantId: string, conversationId: string): Record<CallSide, DialInInfo> {
    const pins = this.dialIn.open(tenantId, conversationId);
    const numbers = this.config.numbers.map((entry) => entry.number);
    return { consultant: { numbers, pin: pins.consultant }, visitor: { numbers, pin: pins.visitor } };
  }

  /**
   * [TP4][TP7][TP11] The consultant switched an active call (or conference) to telephone audio:
   * every side is told where to dial and its own PIN (idempotent: asking again tells them again).
   */
  async switchToPhone(sides: PhoneCallSides): Promise<void> {
    this.calls.set(callKey(sides.tenantId, sides.conversationId), { ...sides, members: [...sides.members] });
    await this.tell(sides.tenantId, sides.conversationId);
  }

  /** [PL42] The phone on `line` joined the mix or hung up (on this node or, relayed, another). */
  lineChanged(line: PhoneLine, connected: boolean): void {
    if (connected) this.connected.add(lineKey(line));
    else this.connected.delete(lineKey(line));
    this.tellLater(line.tenantId, line.conversationId);
  }

  private tellLater(tenantId: string, conversationId: string): void {
    void this.tell(tenantId, conversationId).catch((error: unknown) =>
      this.log.warn({ err: error, tenantId, conversationId }, 'call.phone'),
    );
  }

  private async tell(tenantId: string, conversationId: string): Promise<void> {
    const sides = this.calls.get(callKey(tenantId, conversationId));
    if (!sides) return;
    await this.issuePins(sides);
    const outbox = this.outboxOf(tenantId);
    if (!outbox || !this.calls.has(callKey(tenantId, conversationId))) return;
    for (const [side, message] of this.messagesOf(sides)) outbox.send(recipientOf(sides, side), message);
  }

  /**
   * [TP4][TP11] Every side of the call has its PIN; [PL42] in a cluster each is claimed in the PIN
   * directory first, so a phone finds the call from any node (a PIN taken by a call elsewhere is
   * drawn again).
   */
  private async issuePins(sides: PhoneCallSides): Promise<void> {
    const { tenantId, conversationId } = sides;
    const pins = this.dialIn.open(tenantId, conversationId, sides.members);
    if (!this.cluster) return;
    for (const side of sidesOf(sides)) {
      let pin = pins[side];
      while (pin !== undefined && !this.dialIn.isClaimed(pin)) {
        if (await this.cluster.pins.claim(pin, tenantId)) this.dialIn.claimed(pin);
        else pin = this.dialIn.redraw({ tenantId, conversationId, side });
      }
    }
  }

  /**
   * [TP7][TP11] What each side of a call in phone mode is told: the numbers, its own PIN, whether
   * its own phone is on, and whether anyone else's is (then its browser audio goes through the mix).
   */
  private messagesOf(sides: PhoneCallSides): Map<CallSide, PhoneMessage> {
    const { tenantId, conversationId } = sides;
    const pins = this.dialIn.pinsOf(tenantId, conversationId) ?? {};
    const numbers = this.config.numbers.map((entry) => entry.number);
    const all = sidesOf(sides);
    const on = new Set(all.filter((side) => this.isConnected({ tenantId, conversationId, side })));
    const phones = { consultant: [...on].some((side) => side !== 'visitor'), visitor: on.has('visitor') };
    const messages = new Map<CallSide, PhoneMessage>();
    for (const side of all) {
      const pin = (pins as Partial<Record<CallSide, string>>)[side];
      const mine = on.has(side);
      const others = on.size > (mine ? 1 : 0);
      if (pin) messages.set(side, { type: 'call.phone', conversationId, numbers, pin, phones, mine, others });
    }
    return messages;
  }

  /**
   * [TP10] A page that (re)connects is told again about each of its calls in phone mode: a reloaded
   * page knows nothing of them, and its call view rejoins the mix from this.
   */
  phoneCallsOf(tenantId: string, actor: Actor): PhoneMessage[] {
    const messages: PhoneMessage[] = [];
    for (const sides of this.calls.values()) {
      const side = this.sideOf(tenantId, sides.conversationId, actor);
      const message = side && this.messagesOf(sides).get(side);
      if (message) messages.push(message);
    }
    return messages;
  }

  /** Whether a side's phone is connected now (its browser audio is off, [TP7]). */
  isConnected(line: PhoneLine): boolean {
    return this.connected.has(lineKey(line));
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
    const sides = this.calls.get(callKey(tenantId, conversationId));
    if (!sides) return;
    const side = consultantId === sides.consultantId ? 'consultant' : memberSide(consultantId);
    const members = sides.members.filter((id) => id !== consultantId);
    const key = callKey(tenantId, conversationId);
    if (event.type === 'conference.joined') {
      this.calls.set(key, { ...sides, members: [...members, consultantId] });
    } else {
      const line: PhoneLine = { tenantId, conversationId, side };
      this.dropBrowser(line);
      this.dropPins([this.dialIn.drop(line)]);
      this.hangUp(tenantId, conversationId, side);
      // A colleague who carries the call on after its consultant left keeps their side and PIN.
      this.calls.set(key, { ...sides, members, ...(side === 'consultant' ? { consultantId: '' } : {}) });
    }
    this.tellLater(tenantId, conversationId);
  }

  /** [TP4][PL42] The call's phones (or one side's) hang up, on whichever node they dialled in. */
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

  /** Which side of a call in phone mode the actor is, or null when it is not theirs. */
  private sideOf(tenantId: string, conversationId: string, actor: Actor): CallSide | null {
    const sides = this.calls.get(callKey(tenantId, conversationId));
    if (!sides) return null;
    if (actor.kind === 'consultant') {
      if (actor.consultantId === sides.consultantId) return 'consultant';
      return sides.members.includes(actor.consultantId) ? memberSide(actor.consultantId) : null;
    }
    return actor.visitorId === sides.visitorId ? 'visitor' : null;
  }

  private lineOf(tenantId: string, conversationId: string, actor: Actor): PhoneLine {
    const side = this.sideOf(tenantId, conversationId, actor);
    if (!side) throw new ParleyError('conversation_not_found');
    return { tenantId, conversationId, side };
  }

  end(tenantId: string, conversationId: string): void {
    const sides = this.calls.get(callKey(tenantId, conversationId));
    for (const side of sides ? sidesOf(sides) : (['consultant', 'visitor'] as const))
      this.dropBrowser({ tenantId, conversationId, side });
    this.calls.delete(callKey(tenantId, conversationId));
    this.dropPins(this.dialIn.close(tenantId, conversationId));
    this.hangUp(tenantId, conversationId);
    for (const [legId, relayed] of this.relayedLegs) {
      if (relayed.call !== callKey(tenantId, conversationId)) continue;
      this.relayedLegs.delete(legId);
      relayed.detach();
    }
    void this.mixer?.closeRoom(tenantId, conversationId);
  }

  /**
   * [PL42] A phone that dialled in at another node joins this owner's mix: Janus sends the mix to
   * that node's RTP socket and takes the phone's audio where it answers. Null: no mix here.
   */
  async joinRtp(line: PhoneLine, codec: PhoneCodec, rtp: RtpAddress): Promise<RemoteRtpJoin> {
    if (!this.calls.has(callKey(line.tenantId, line.conversationId))) throw new ParleyError('conversation_not_found');
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

/** Every side of a call in phone mode: its consultant (unless they left), its visitor, its colleagues. */
function sidesOf(sides: PhoneCallSides): CallSide[] {
  return [
    ...(sides.consultantId ? (['consultant'] as const) : []),
    'visitor',
    ...sides.members.map((id) => memberSide(id)),
  ];
}

function recipientOf(sides: PhoneCallSides, side: CallSide): Recipient {
  if (side === 'visitor') return { kind: 'visitor', visitorId: sides.visitorId };
  if (side === 'consultant') return { kind: 'consultant', consultantId: sides.consultantId };
  return { kind: 'consultant', consultantId: side.slice('member:'.length) };
}

function callKey(tenantId: string, conversationId: string): string {
  return `${tenantId}\u0000${conversationId}`;
}

function lineKey(line: PhoneLine): string {
  return `${line.tenantId}\u0000${line.conversationId}\u0000${line.side}`;
}

/** `+31 20 555 0100` and `0031205550100` as a trunk may send them: compared by their digits. */
function digitsOf(number: string): string {
  return number.replace(/\D/g, '').replace(/^00/, '');
}

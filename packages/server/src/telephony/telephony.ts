import { resolve } from 'node:path';
import { isParleyError, ParleyError, type ServerMessageOf } from '@parley/protocol';
import { repoRoot, type JanusConfig, type SipConfig } from '../config.ts';
import type { Actor } from '../domain/ports/actor.ts';
import type { LiveEvent } from '../domain/ports/liveEvents.ts';
import type { Outbox, Recipient } from '../domain/ports/outbox.ts';
import type { Clock } from '../domain/runtime.ts';
import { DialIn, memberSide, type CallSide, type PhoneLine } from '../domain/telephony/dialIn.ts';
import { JanusAudioBridge, type BrowserMixLeg } from '../media/janus/JanusAudioBridge.ts';
import { loadPrompts } from './prompts.ts';
import { SipServer, type SipServerOptions } from './sipServer.ts';

type PhoneMessage = ServerMessageOf<'call.phone'>;

/** [TP6][TP8] What the call's mix does: phones and browsers join it, the call's room goes with the call. */
export type CallMixer = Pick<JanusAudioBridge, 'join' | 'joinBrowser' | 'closeRoom' | 'close'>;

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
  /**
   * [TP8] Browsers in a call's mix, by line; set before Janus answers, so candidates wait for it.
   * Each leg remembers the socket that opened it ([TP10]): a socket that closes after its page
   * reconnected on a new one must not take the new socket's leg out of the mix.
   */
  private readonly browserLegs = new Map<string, { leg: Promise<BrowserMixLeg | undefined>; owner: object }>();

  private constructor(
    readonly dialIn: DialIn,
    private readonly sip: SipServer,
    private readonly mixer: CallMixer | null,
    private readonly config: SipConfig,
    private readonly connected: Set<string>,
    private readonly outbox: Outbox | null,
    private readonly calls: Map<string, PhoneCallSides>,
  ) {}

  static async start(options: {
    config: SipConfig;
    janus: JanusConfig | null;
    /** The mix to use instead of Janus's AudioBridge (tests). */
    mixer?: CallMixer;
    clock: Clock;
    log: NonNullable<SipServerOptions['log']>;
    onLine?: SipServerOptions['onLine'];
    /** [TP7] Tells both sides of a call its dial-in details and whose phone is connected. */
    outbox?: Outbox;
  }): Promise<Telephony> {
    const { config } = options;
    const dialIn = new DialIn(options.clock);
    const mixer = options.mixer ?? (options.janus ? new JanusAudioBridge(options.janus) : null);
    if (!mixer) options.log.warn({}, 'telephone dial-in without Janus: phones are answered but hear no one');
    const prompt = loadPrompts(resolve(repoRoot, 'packages/server/prompts'));
    const localeOf = new Map(config.numbers.map((entry) => [digitsOf(entry.number), entry.locale]));
    const connected = new Set<string>();
    const calls = new Map<string, PhoneCallSides>();
    // The SIP server's events tell both sides; the unit they go through is made just after it.
    const made: { telephony?: Telephony } = {};
    const sip = await SipServer.start({
      host: config.host,
      port: config.port,
      ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
      rtpPorts: config.rtpPorts,
      dialIn,
      mixer,
      promptFor: (dialled) => prompt(localeOf.get(digitsOf(dialled)) ?? 'en'),
      log: options.log,
      onLine: (event) => {
        const key = lineKey(event.line);
        if (event.type === 'phone.connected') connected.add(key);
        else connected.delete(key);
        made.telephony?.tell(event.line.tenantId, event.line.conversationId);
        options.onLine?.(event);
      },
    });
    made.telephony = new Telephony(dialIn, sip, mixer, config, connected, options.outbox ?? null, calls);
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
  switchToPhone(sides: PhoneCallSides): void {
    this.calls.set(callKey(sides.tenantId, sides.conversationId), { ...sides, members: [...sides.members] });
    this.tell(sides.tenantId, sides.conversationId);
  }

  private tell(tenantId: string, conversationId: string): void {
    const sides = this.calls.get(callKey(tenantId, conversationId));
    if (!sides || !this.outbox) return;
    for (const [side, message] of this.messagesOf(sides)) this.outbox.send(recipientOf(sides, side), message);
  }

  /**
   * [TP7][TP11] What each side of a call in phone mode is told: the numbers, its own PIN, whether
   * its own phone is on, and whether anyone else's is (then its browser audio goes through the mix).
   */
  private messagesOf(sides: PhoneCallSides): Map<CallSide, PhoneMessage> {
    const { tenantId, conversationId } = sides;
    const pins = this.dialIn.open(tenantId, conversationId, sides.members);
    const numbers = this.config.numbers.map((entry) => entry.number);
    const all = sidesOf(sides);
    const on = new Set(all.filter((side) => this.isConnected({ tenantId, conversationId, side })));
    const phones = { consultant: [...on].some((side) => side !== 'visitor'), visitor: on.has('visitor') };
    const messages = new Map<CallSide, PhoneMessage>();
    for (const side of all) {
      const pin = pins[side];
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
      this.dialIn.drop(line);
      this.sip.hangUpCall(tenantId, conversationId, side);
      // A colleague who carries the call on after its consultant left keeps their side and PIN.
      this.calls.set(key, { ...sides, members, ...(side === 'consultant' ? { consultantId: '' } : {}) });
    }
    this.tell(tenantId, conversationId);
  }

  /**
   * [TP8] A side that stays on browser audio joins the call's mix (WebRTC, Opus): resolves with the
   * AudioBridge's answer. Only the call's own two sides, and only in phone mode.
   */
  async joinMix(
    tenantId: string,
    conversationId: string,
    actor: Actor,
    offerSdp: string,
    /** Who opened the leg (the socket): only it may take the leg out again ([TP10]). */
    owner: object,
  ): Promise<string> {
    const line = this.lineOf(tenantId, conversationId, actor);
    const mixer = this.mixer;
    if (!mixer) throw new ParleyError('phone_unavailable');
    // [TP8][TP10] A new join of the same side replaces its earlier leg, whichever socket opened it.
    this.dropBrowser(line);
    const joining = mixer.joinBrowser(line, offerSdp);
    const key = lineKey(line);
    const leg = joining.then(
      (joined) => joined.leg,
      () => undefined,
    );
    this.browserLegs.set(key, { leg, owner });
    try {
      const { answer } = await joining;
      // The call ended, or a newer join replaced this one, while Janus answered.
      if (this.browserLegs.get(key)?.leg !== leg) throw new ParleyError('conversation_not_found');
      return answer;
    } catch (error) {
      if (this.browserLegs.get(key)?.leg === leg) this.browserLegs.delete(key);
      void leg.then((joined) => joined?.close());
      if (isParleyError(error)) throw error;
      const failure = new ParleyError('media_failed');
      failure.cause = error;
      throw failure;
    }
  }

  /** [TP8] A candidate of a browser's mix leg; best effort, like the SFU's. */
  async trickleMix(
    tenantId: string,
    conversationId: string,
    actor: Actor,
    candidate: Parameters<BrowserMixLeg['trickle']>[0],
  ): Promise<void> {
    const leg = await this.browserLegs.get(lineKey(this.lineOf(tenantId, conversationId, actor)))?.leg;
    if (candidate !== null && candidate.candidate === '') return;
    await leg?.trickle(candidate).catch(() => undefined);
  }

  /**
   * [TP8] A browser leaves the mix (the last phone hung up, its call view closed, its socket went):
   * only the leg `owner` (the socket) opened goes ([TP10]); a leg its page opened since on a new
   * socket stays.
   */
  leaveMix(tenantId: string, conversationId: string, actor: Actor, owner: object): void {
    const side = this.sideOf(tenantId, conversationId, actor);
    if (side) this.dropBrowser({ tenantId, conversationId, side }, owner);
  }

  private dropBrowser(line: PhoneLine, owner?: object): void {
    const key = lineKey(line);
    const joined = this.browserLegs.get(key);
    if (!joined || (owner !== undefined && joined.owner !== owner)) return;
    this.browserLegs.delete(key);
    void joined.leg.then((leg) => leg?.close());
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
    this.dialIn.close(tenantId, conversationId);
    this.sip.hangUpCall(tenantId, conversationId);
    void this.mixer?.closeRoom(tenantId, conversationId);
  }

  async close(): Promise<void> {
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

import { createSocket, type Socket } from 'node:dgram';
import type { PhoneLine, Redemption } from '../domain/telephony/dialIn.ts';
import type { PhoneExchange } from './phoneExchange.ts';
import type { Prompt } from './prompts.ts';
import { ulawToAlaw } from './rtp/g711.ts';
import { OPUS_SILENCE, opusSamples } from './rtp/opus.ts';
import { DtmfReceiver, buildRtp, parseRtp } from './rtp/rtp.ts';
import type { AudioOffer, PhoneCodec } from './sip/sdp.ts';

/** 20 ms of 8 kHz G.711: one RTP packet. */
const FRAME_BYTES = 160;
const FRAME_MS = 20;
const MAX_PIN_LENGTH = 16;

/**
 * [TP6] The call's audio mix, seen from a phone: `join` connects the phone's RTP to the call's other
 * participants (docs/decisions/0007-telephone-audio.md); `send` carries the mix back to the phone.
 */
export interface PhoneMixer {
  join(line: PhoneLine, codec: PhoneCodec, send: (payload: Buffer) => void): Promise<MixerLeg>;
}

export interface MixerLeg {
  /** One frame of the phone's audio (the RTP payload, in the call's codec). */
  receive(payload: Buffer): void;
  close(): void;
}

export interface PhoneCallOptions {
  /** Checks the PIN and joins the mix: here, or on the call's owner node ([PL42]). */
  exchange: PhoneExchange;
  offer: AudioOffer;
  /** The caller's signalling address: wrong PINs count against it. */
  callerAddress: string;
  /** "Enter your PIN followed by hash", in the dialled number's language (μ-law and Opus). */
  prompt: Prompt;
  /** Wrong PINs one call may enter before it is hung up. */
  maxAttempts: number;
  /** Hang up when no right PIN came within this time. */
  pinTimeoutMs: number;
  /** Asks the signalling side to end the call (BYE). */
  hangUp: (why: 'refused' | 'limited' | 'timeout' | 'mixer') => void;
  onConnected: (line: PhoneLine) => void;
}

type CallState =
  | { kind: 'pin'; digits: string; attempts: number }
  | { kind: 'joining'; line: PhoneLine }
  | { kind: 'bridged'; line: PhoneLine; leg: MixerLeg }
  | { kind: 'closed' };

/**
 * [TP3][TP4] The media side of one phone call: an RTP socket, the spoken prompt, the PIN collected
 * from RFC 4733 digits and, once it is right, the bridge to the call's audio mix. A PIN is never
 * logged; it lives only in `digits` until it is checked.
 */
export class PhoneCall {
  private state: CallState = { kind: 'pin', digits: '', attempts: 0 };
  private readonly dtmf = new DtmfReceiver();
  private readonly codec: { codec: PhoneCodec; payloadType: number };
  private remote: { address: string; port: number };
  private outgoing: Buffer[] = [];
  private sequence = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private readonly ssrc = Math.floor(Math.random() * 0xffffffff);
  private pacer: NodeJS.Timeout | undefined;
  private pinTimer: NodeJS.Timeout | undefined;
  private latched = false;

  private constructor(
    private readonly socket: Socket,
    private readonly options: PhoneCallOptions,
  ) {
    const first = options.offer.codecs[0];
    if (!first) throw new Error('an offer without a codec reached PhoneCall');
    this.codec = first;
    this.remote = { address: options.offer.address, port: options.offer.port };
  }

  /** Opens the call's RTP socket on `host` (a port from `ports`, or any) and starts the prompt. */
  static async open(host: string, ports: { min: number; max: number } | null, options: PhoneCallOptions) {
    const socket = await bindRtp(host, ports);
    const call = new PhoneCall(socket, options);
    call.start();
    return call;
  }

  get port(): number {
    return this.socket.address().port;
  }

  get codecChoice(): { codec: PhoneCodec; payloadType: number } {
    return this.codec;
  }

  /** The connected line, once the PIN was right. */
  get line(): PhoneLine | undefined {
    return this.state.kind === 'bridged' || this.state.kind === 'joining' ? this.state.line : undefined;
  }

  private start(): void {
    this.socket.on('message', (packet, from) => this.onPacket(packet, from));
    this.playPrompt();
    this.pacer = setInterval(() => this.sendFrame(), FRAME_MS);
    this.pinTimer = setTimeout(() => this.options.hangUp('timeout'), this.options.pinTimeoutMs);
  }

  private playPrompt(): void {
    // [TP2] An Opus phone gets the prompt encoded at build time, in 20 ms packets.
    if (this.codec.codec === 'opus') {
      this.outgoing = [...this.options.prompt.opus];
      return;
    }
    const { ulaw } = this.options.prompt;
    const audio = this.codec.codec === 'pcma' ? ulawToAlaw(ulaw) : ulaw;
    this.outgoing = [];
    for (let at = 0; at < audio.length; at += FRAME_BYTES) this.outgoing.push(audio.subarray(at, at + FRAME_BYTES));
  }

  /** Paces queued prompt frames (or silence) out at 20 ms while no mix feeds the phone. */
  private sendFrame(): void {
    if (this.state.kind === 'bridged') return;
    if (this.codec.codec === 'opus') {
      this.send(this.outgoing.shift() ?? OPUS_SILENCE);
      return;
    }
    const frame = this.outgoing.shift() ?? Buffer.alloc(FRAME_BYTES, this.codec.codec === 'pcma' ? 0xd5 : 0xff);
    this.send(frame.length === FRAME_BYTES ? frame : Buffer.concat([frame], FRAME_BYTES));
  }

  private send(payload: Buffer): void {
    if (this.state.kind === 'closed') return;
    const packet = buildRtp({
      payloadType: this.codec.payloadType,
      marker: false,
      sequence: this.sequence++,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      payload,
    });
    this.timestamp = (this.timestamp + rtpSamples(this.codec.codec, payload)) >>> 0;
    this.socket.send(packet, this.remote.port, this.remote.address);
  }

  private onPacket(data: Buffer, from: { address: string; port: number }): void {
    const packet = parseRtp(data);
    if (!packet || this.state.kind === 'closed') return;
    // Symmetric RTP: a phone behind NAT is reached where its packets come from, not where its SDP says.
    if (!this.latched) {
      this.latched = true;
      this.remote = { address: from.address, port: from.port };
    }
    if (packet.payloadType === this.options.offer.telephoneEvent) {
      const digit = this.dtmf.receive(packet);
      if (digit !== undefined && this.state.kind === 'pin') this.onDigit(digit);
      return;
    }
    if (packet.payloadType === this.codec.payloadType && this.state.kind === 'bridged') {
      this.state.leg.receive(packet.payload);
    }
  }

  private onDigit(digit: string): void {
    if (this.state.kind !== 'pin') return;
    if (digit !== '#') {
      if (this.state.digits.length < MAX_PIN_LENGTH) this.state.digits += digit;
      return;
    }
    const entered = this.state.digits;
    const attempts = this.state.attempts + 1;
    this.state.digits = '';
    this.state.attempts = attempts;
    // The PIN may be checked on another node ([PL42]): digits keyed meanwhile start the next try.
    this.options.exchange.redeem(entered, this.options.callerAddress).then(
      (result) => this.redeemed(result, attempts),
      () => this.options.hangUp('mixer'),
    );
  }

  private redeemed(result: Redemption, attempts: number): void {
    if (this.state.kind !== 'pin') {
      // Hung up while the PIN was checked: the line it opened admits the next phone.
      if (result.ok) this.options.exchange.release(result.line);
      return;
    }
    if (result.ok) {
      clearTimeout(this.pinTimer);
      this.outgoing = [];
      this.state = { kind: 'joining', line: result.line };
      void this.join(result.line);
      return;
    }
    if (result.reason === 'limited') this.options.hangUp('limited');
    else if (attempts >= this.options.maxAttempts) this.options.hangUp('refused');
    else this.playPrompt();
  }

  private async join(line: PhoneLine): Promise<void> {
    try {
      const leg = await this.options.exchange.join(line, this.codec.codec, (payload) => this.send(payload));
      if (this.state.kind !== 'joining') {
        leg.close();
        return;
      }
      this.state = { kind: 'bridged', line, leg };
      this.options.onConnected(line);
    } catch {
      this.options.hangUp('mixer');
    }
  }

  /** Ends the media side (idempotent); the line, if any, is released for the next phone. */
  close(): PhoneLine | undefined {
    const state = this.state;
    if (state.kind === 'closed') return undefined;
    this.state = { kind: 'closed' };
    clearInterval(this.pacer);
    clearTimeout(this.pinTimer);
    this.socket.close();
    if (state.kind === 'bridged') state.leg.close();
    if (state.kind === 'bridged' || state.kind === 'joining') {
      this.options.exchange.release(state.line);
      return state.line;
    }
    return undefined;
  }
}

/** How far one packet moves the RTP timestamp: G.711 plays a sample per byte; Opus says in its TOC. */
export function rtpSamples(codec: PhoneCodec, payload: Buffer): number {
  return codec === 'opus' ? opusSamples(payload) : payload.length;
}

async function bindRtp(host: string, ports: { min: number; max: number } | null): Promise<Socket> {
  const candidates = ports
    ? Array.from({ length: 20 }, () => ports.min + 2 * Math.floor((Math.random() * (ports.max - ports.min + 1)) / 2))
    : [0];
  let lastError: unknown;
  for (const port of candidates) {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      socket.on('error', () => undefined);
      return socket;
    } catch (error) {
      lastError = error;
      socket.close();
    }
  }
  throw lastError instanceof Error ? lastError : new Error('no free RTP port');
}

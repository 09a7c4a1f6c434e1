import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { PhoneLine } from '../domain/telephony/dialIn.ts';
import { PhoneCall } from './phoneCall.ts';
import type { PhoneExchange } from './phoneExchange.ts';
import type { Prompt } from './prompts.ts';
import { audioAnswer, parseAudioOffer } from './sip/sdp.ts';
import {
  cseqOf,
  header,
  parseSipMessage,
  responseTo,
  serialize,
  tagOf,
  takeStreamMessages,
  uriOf,
  userOf,
  type SipRequest,
} from './sip/sipMessage.ts';

export interface SipServerOptions {
  /** Address the SIP and RTP sockets bind to. */
  host: string;
  /** SIP port, UDP and TCP (0: any, for tests). */
  port: number;
  /** The address phones and trunks reach us at (Contact, Via, SDP); default `host`. */
  publicAddress?: string;
  /** RTP ports for calls (even ports of this range); null: any free port. */
  rtpPorts: { min: number; max: number } | null;
  /** Checks PINs and joins phones to mixes ([TP4][TP6]); `localExchange(dialIn, mixer)` on one node. */
  exchange: PhoneExchange;
  /** The prompt (μ-law, 8 kHz) for a dialled number; the number picks the language. */
  promptFor: (dialledNumber: string) => Prompt;
  maxAttempts?: number;
  pinTimeoutMs?: number;
  /** Phone lines connected and hung up, for the live state (browser audio off and on again). */
  onLine?: (event: { type: 'phone.connected' | 'phone.hung_up'; line: PhoneLine }) => void;
  log?: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

/** How a message reached us, so the answer goes back the same way. */
type Transport =
  { kind: 'udp'; address: string; port: number } | { kind: 'tcp'; socket: TcpSocket; address: string; port: number };

interface Dialog {
  callId: string;
  localTag: string;
  /** The caller's From (with its tag): our To in requests we send. */
  remoteFrom: string;
  /** Our To (with our tag): our From in requests we send. */
  localTo: string;
  remoteContact: string;
  routes: string[];
  transport: Transport;
  invite: SipRequest;
  call: PhoneCall;
  acked: boolean;
  retransmit: NodeJS.Timeout | undefined;
  cseq: number;
}

/** RFC 3261 timer T1 (round-trip estimate) for retransmitting our 2xx over UDP until the ACK. */
const T1_MS = 500;

/**
 * [TP1] A SIP user-agent server for dial-in (RFC 3261 over UDP and TCP). It answers INVITEs with
 * G.711 and telephone-events, runs a `PhoneCall` per dialog, and ends calls both ways (BYE).
 * It never registers or places calls: a trunk or PBX routes the dial-in numbers to it.
 */
export class SipServer {
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly tcpSockets = new Set<TcpSocket>();
  private readonly dialogs = new Map<string, Dialog>();
  /** INVITEs being answered (RTP socket opening): their retransmissions are not new calls. */
  private readonly answering = new Set<string>();

  private constructor(private readonly options: SipServerOptions) {}

  static async start(options: SipServerOptions): Promise<SipServer> {
    const server = new SipServer(options);
    await server.listen();
    return server;
  }

  /** The bound SIP port (UDP and TCP share it). */
  get port(): number {
    return this.udp?.address().port ?? 0;
  }

  private get publicAddress(): string {
    return this.options.publicAddress ?? this.options.host;
  }

  private async listen(): Promise<void> {
    const { host } = this.options;
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.options.port, host, () => resolve());
    });
    udp.on('error', (error) => this.options.log?.warn({ err: error }, 'sip udp error'));
    udp.on('message', (data, from) => this.receive(data.toString(), { kind: 'udp', ...from }));
    this.udp = udp;
    const tcp = createServer((socket) => this.acceptTcp(socket));
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(this.port, host, () => resolve());
    });
    this.tcp = tcp;
  }

  private acceptTcp(socket: TcpSocket): void {
    this.tcpSockets.add(socket);
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const taken = takeStreamMessages(Buffer.concat([buffer, chunk]));
      if (!taken) {
        socket.destroy();
        return;
      }
      buffer = taken.rest;
      const from = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
      for (const text of taken.messages) this.receive(text, { kind: 'tcp', socket, ...from });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.tcpSockets.delete(socket));
  }

  private write(transport: Transport, text: string): void {
    if (transport.kind === 'udp') this.udp?.send(text, transport.port, transport.address);
    else if (!transport.socket.destroyed) transport.socket.write(text);
  }

  private receive(text: string, transport: Transport): void {
    const message = parseSipMessage(text);
    // Responses (to our BYEs) need nothing from us; garbage gets no answer.
    if (!message || message.kind === 'response') return;
    const reply = (status: number, reason: string, extra?: { toTag?: string; extra?: [string, string][] }) =>
      this.write(transport, responseTo(message, status, reason, extra));
    const callId = header(message, 'call-id') ?? '';
    const dialog = this.dialogs.get(callId);
    switch (message.method) {
      case 'INVITE':
        if (dialog) {
          // A retransmitted INVITE (or a re-INVITE): answer with what we answered.
          this.write(transport, this.okFor(dialog, message));
          return;
        }
        if (!this.answering.has(callId)) void this.invite(message, transport);
        return;
      case 'ACK':
        if (dialog) this.acked(dialog);
        return;
      case 'BYE':
        if (!dialog) return reply(481, 'Call/Transaction Does Not Exist');
        reply(200, 'OK');
        this.end(dialog, 'remote');
        return;
      case 'CANCEL':
        reply(200, 'OK');
        // We answer INVITEs at once: a CANCEL that crosses our 200 is followed by the caller's BYE.
        return;
      case 'OPTIONS':
        return reply(200, 'OK', { extra: [['Allow', ALLOW]] });
      default:
        return reply(405, 'Method Not Allowed', { extra: [['Allow', ALLOW]] });
    }
  }

  private async invite(invite: SipRequest, transport: Transport): Promise<void> {
    const offer = parseAudioOffer(invite.body);
    if (!offer) {
      this.write(transport, responseTo(invite, 488, 'Not Acceptable Here'));
      return;
    }
    this.write(transport, responseTo(invite, 100, 'Trying'));
    const callId = header(invite, 'call-id') ?? '';
    this.answering.add(callId);
    const localTag = randomBytes(6).toString('hex');
    const opening = PhoneCall.open(this.options.host, this.options.rtpPorts, {
      exchange: this.options.exchange,
      offer,
      callerAddress: transport.address,
      prompt: this.options.promptFor(userOf(invite.uri)),
      maxAttempts: this.options.maxAttempts ?? 3,
      pinTimeoutMs: this.options.pinTimeoutMs ?? 60_000,
      hangUp: (why) => {
        this.options.log?.info({ callId, why }, 'phone call hung up by Parley');
        const dialog = this.dialogs.get(callId);
        if (dialog) this.bye(dialog);
      },
      onConnected: (line) => this.options.onLine?.({ type: 'phone.connected', line }),
    });
    let call: PhoneCall;
    try {
      call = await opening;
    } catch (error) {
      this.answering.delete(callId);
      this.options.log?.warn({ err: error, callId }, 'phone call refused: no RTP port');
      this.write(transport, responseTo(invite, 503, 'Service Unavailable'));
      return;
    }
    const to = header(invite, 'to') ?? '';
    const dialog: Dialog = {
      callId,
      localTag,
      remoteFrom: header(invite, 'from') ?? '',
      localTo: tagOf(to) ? to : `${to};tag=${localTag}`,
      remoteContact: uriOf(header(invite, 'contact')) ?? uriOf(header(invite, 'from')) ?? '',
      routes: invite.headers.get('record-route') ?? [],
      transport,
      invite,
      call,
      acked: false,
      retransmit: undefined,
      cseq: 1,
    };
    this.dialogs.set(callId, dialog);
    this.answering.delete(callId);
    this.options.log?.info({ callId, transport: transport.kind, codec: call.codecChoice.codec }, 'phone call answered');
    this.write(transport, this.okFor(dialog, invite));
    if (transport.kind === 'udp') this.retransmitOk(dialog, T1_MS);
  }

  private okFor(dialog: Dialog, invite: SipRequest): string {
    const { call } = dialog;
    const sdp = audioAnswer({
      address: this.publicAddress,
      port: call.port,
      sessionId: Number.parseInt(dialog.localTag.slice(0, 8), 16),
      codec: call.codecChoice,
      ...telephoneEventOf(dialog.invite.body),
    });
    return responseTo(invite, 200, 'OK', {
      toTag: dialog.localTag,
      extra: [
        ...dialog.routes.map((route): [string, string] => ['Record-Route', route]),
        ['Contact', this.contact(dialog.transport)],
        ['Allow', ALLOW],
        ['Content-Type', 'application/sdp'],
      ],
      body: sdp,
    });
  }

  /** §13.3.1.4: a 2xx over UDP is sent again, T1 doubling up to 4 s, until the ACK comes. */
  private retransmitOk(dialog: Dialog, delay: number): void {
    dialog.retransmit = setTimeout(() => {
      if (dialog.acked || !this.dialogs.has(dialog.callId)) return;
      if (delay >= 64 * T1_MS) {
        this.bye(dialog);
        return;
      }
      this.write(dialog.transport, this.okFor(dialog, dialog.invite));
      this.retransmitOk(dialog, Math.min(delay * 2, 4000));
    }, delay);
  }

  private acked(dialog: Dialog): void {
    dialog.acked = true;
    clearTimeout(dialog.retransmit);
  }

  private contact(transport: Transport): string {
    const tcp = transport.kind === 'tcp' ? ';transport=tcp' : '';
    return `<sip:parley@${hostPart(this.publicAddress)}:${this.port}${tcp}>`;
  }

  /** Ends a call from our side (wrong PIN, call over): a BYE to the caller, then the media goes. */
  private bye(dialog: Dialog): void {
    if (!this.dialogs.has(dialog.callId)) return;
    dialog.cseq += 1;
    const via = `SIP/2.0/${dialog.transport.kind.toUpperCase()} ${hostPart(this.publicAddress)}:${this.port};branch=z9hG4bK${randomBytes(8).toString('hex')};rport`;
    const request = serialize(`BYE ${dialog.remoteContact} SIP/2.0`, [
      ['Via', via],
      ['Max-Forwards', '70'],
      // §12.2.1.1: a UAS uses the Record-Route set in the order it received it.
      ...dialog.routes.map((route): [string, string] => ['Route', route]),
      ['From', dialog.localTo],
      ['To', dialog.remoteFrom],
      ['Call-ID', dialog.callId],
      ['CSeq', `${(cseqOf(dialog.invite)?.number ?? 0) + dialog.cseq} BYE`],
    ]);
    this.write(dialog.transport, request);
    this.end(dialog, 'local');
  }

  private end(dialog: Dialog, by: 'remote' | 'local'): void {
    if (!this.dialogs.delete(dialog.callId)) return;
    clearTimeout(dialog.retransmit);
    const line = dialog.call.close();
    this.options.log?.info({ callId: dialog.callId, by }, 'phone call ended');
    if (line) this.options.onLine?.({ type: 'phone.hung_up', line });
  }

  /** [TP4] Hangs up the phones of one call (the call ended), or of one side of it. */
  hangUpCall(tenantId: string, conversationId: string, side?: PhoneLine['side']): void {
    for (const dialog of [...this.dialogs.values()]) {
      const line = dialog.call.line;
      if (line?.tenantId === tenantId && line.conversationId === conversationId && (!side || line.side === side)) {
        this.bye(dialog);
      }
    }
  }

  /** Hangs up every call and closes the sockets (idempotent). */
  async close(): Promise<void> {
    for (const dialog of [...this.dialogs.values()]) this.bye(dialog);
    for (const socket of this.tcpSockets) socket.destroy();
    const udp = this.udp;
    this.udp = undefined;
    udp?.close();
    const tcp = this.tcp;
    this.tcp = undefined;
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
}

const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS';

function hostPart(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The offer's telephone-event payload type and clock rate, for the answer. */
function telephoneEventOf(offerSdp: string): { telephoneEvent: number | undefined; telephoneEventRate?: number } {
  const offer = parseAudioOffer(offerSdp);
  return { telephoneEvent: offer?.telephoneEvent, ...(offer ? { telephoneEventRate: offer.telephoneEventRate } : {}) };
}

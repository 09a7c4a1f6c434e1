import { createSocket, type Socket } from 'node:dgram';
import type { PhoneLine } from '../../domain/telephony/dialIn.ts';
import { rtpSamples, type MixerLeg, type PhoneMixer } from '../../telephony/phoneCall.ts';
import { buildRtp, parseRtp } from '../../telephony/rtp/rtp.ts';
import type { PhoneCodec } from '../../telephony/sip/sdp.ts';
import { roomCredentials, type JanusSfuOptions } from './JanusSfu.ts';
import { JanusConnection, JanusError } from './JanusConnection.ts';

const PLUGIN = 'janus.plugin.audiobridge';
/**
 * Static G.711 payload types (RFC 3551): the AudioBridge uses them for plain RTP participants; for
 * Opus ([TP2]) it takes the dynamic type given at join.
 */
const PAYLOAD_TYPE: Record<PhoneCodec, number> = { pcmu: 0, pcma: 8, opus: 111 };

interface Room {
  secret: string;
  pin: string;
}

/**
 * [TP6] The call's audio mix on Janus's AudioBridge (docs/decisions/0007-telephone-audio.md): one
 * private room per call in phone mode; each phone joins it as a plain RTP participant in its own
 * G.711 codec, through a UDP socket of Parley's on the Janus host's loopback. The AudioBridge
 * decodes every participant, mixes and sends each one the mix without its own voice.
 */
/** The AudioBridge's error for a room id that is taken. */
const ROOM_EXISTS = 486;

export class JanusAudioBridge implements PhoneMixer {
  private readonly janus: JanusConnection;
  /** Rooms by id, each once its creation is under way (two phones joining at once share it). */
  private readonly rooms = new Map<string, Promise<Room>>();
  private admin: Promise<number> | undefined;

  constructor(
    private readonly options: JanusSfuOptions,
    /** The address Parley's RTP sockets for Janus bind to (Janus runs on this host). */
    private readonly host = '127.0.0.1',
  ) {
    this.janus = new JanusConnection(options.url, options.apiSecret, (message) => {
      // A lost connection loses Janus's rooms and handles: start afresh on the next join.
      if (message.janus === 'parley.lost') {
        this.rooms.clear();
        this.admin = undefined;
      }
    });
  }

  private async attach(): Promise<{ session: number; handle: number }> {
    const session = await this.janus.session();
    const attached = await this.janus.send({ janus: 'attach', plugin: PLUGIN, session_id: session });
    const handle = attached.data?.id;
    if (handle === undefined) throw new JanusError(0, 'no handle id');
    return { session, handle };
  }

  private async adminRequest(body: Record<string, unknown>) {
    this.admin ??= this.attach().then(({ handle }) => handle);
    const handle = await this.admin;
    const session = await this.janus.session();
    return this.janus.send({ janus: 'message', session_id: session, handle_id: handle, body });
  }

  /** The call's room, created on first use. */
  async room(tenantId: string, conversationId: string): Promise<{ id: string; room: Room }> {
    const id = roomId(tenantId, conversationId);
    let creating = this.rooms.get(id);
    if (!creating) {
      creating = this.create(id);
      this.rooms.set(id, creating);
      creating.catch(() => this.rooms.delete(id));
    }
    return { id, room: await creating };
  }

  private async create(id: string): Promise<Room> {
    // [PL43] Derived from the admin key, not drawn: the node that takes a tenant over (or this
    // process after a restart) opens the room its predecessor left on a shared Janus.
    const room: Room = roomCredentials(this.options.adminKey, id);
    try {
      await this.adminRequest({
        request: 'create',
        room: id,
        admin_key: this.options.adminKey,
        permanent: false,
        is_private: true,
        secret: room.secret,
        pin: room.pin,
        sampling_rate: 16000,
        allow_rtp_participants: true,
      });
    } catch (error) {
      if (!(error instanceof JanusError && error.code === ROOM_EXISTS)) throw error;
    }
    return room;
  }

  /** The call ended: its room goes, with every participant still in it (idempotent). */
  async closeRoom(tenantId: string, conversationId: string): Promise<void> {
    const id = roomId(tenantId, conversationId);
    const creating = this.rooms.get(id);
    if (!creating) return;
    this.rooms.delete(id);
    const room = await creating.catch(() => undefined);
    if (!room) return;
    await this.adminRequest({ request: 'destroy', room: id, secret: room.secret }).catch(() => undefined);
  }

  async join(line: PhoneLine, codec: PhoneCodec, send: (payload: Buffer) => void): Promise<MixerLeg> {
    return rtpLeg(this.host, codec, send, (rtp) => this.joinRtp(line, codec, rtp));
  }

  /**
   * [TP6][PL42] A phone's RTP joins the call's room: Janus sends the mix to `rtp` and takes the
   * phone's audio at the address it answers with. The RTP socket may be another node's, which
   * relays a phone that dialled in there.
   */
  async joinRtp(line: PhoneLine, codec: PhoneCodec, rtp: RtpAddress): Promise<RtpJoin> {
    const { id, room } = await this.room(line.tenantId, line.conversationId);
    const { session, handle } = await this.attach();
    const detach = () =>
      void this.janus.send({ janus: 'detach', session_id: session, handle_id: handle }).catch(() => undefined);
    try {
      const joined = await this.janus.send({
        janus: 'message',
        session_id: session,
        handle_id: handle,
        body: {
          request: 'join',
          room: id,
          pin: room.pin,
          display: `phone:${line.side}`,
          codec,
          rtp: { ip: rtp.ip, port: rtp.port, ...(codec === 'opus' ? { payload_type: PAYLOAD_TYPE.opus } : {}) },
        },
      });
      const answered = joined.plugindata?.data.rtp as { ip?: string; port?: number } | undefined;
      if (!answered?.ip || !answered.port) throw new JanusError(0, 'the AudioBridge gave no RTP address');
      return { target: { address: answered.ip, port: answered.port }, detach };
    } catch (error) {
      detach();
      throw error;
    }
  }

  /**
   * [TP8] A browser that stays on browser audio joins the call's room as a WebRTC participant
   * (Opus): its offer in, Janus's answer out; candidates trickle through the leg.
   */
  async joinBrowser(line: PhoneLine, offerSdp: string): Promise<{ answer: string; leg: BrowserMixLeg }> {
    const { id, room } = await this.room(line.tenantId, line.conversationId);
    const { session, handle } = await this.attach();
    const detach = () =>
      void this.janus.send({ janus: 'detach', session_id: session, handle_id: handle }).catch(() => undefined);
    try {
      const joined = await this.janus.send({
        janus: 'message',
        session_id: session,
        handle_id: handle,
        body: { request: 'join', room: id, pin: room.pin, display: `browser:${line.side}`, muted: false },
        jsep: { type: 'offer', sdp: offerSdp },
      });
      if (!joined.jsep) throw new JanusError(0, 'the AudioBridge gave no answer');
      const leg: BrowserMixLeg = {
        trickle: async (candidate) => {
          await this.janus.send({
            janus: 'trickle',
            session_id: session,
            handle_id: handle,
            candidate: candidate ?? { completed: true },
          });
        },
        close: detach,
      };
      return { answer: joined.jsep.sdp, leg };
    } catch (error) {
      detach();
      throw error;
    }
  }

  close(): Promise<void> {
    this.janus.close();
    return Promise.resolve();
  }
}

/** [TP8] A browser's WebRTC leg in a call's mix. */
export interface BrowserMixLeg {
  trickle(
    candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null,
  ): Promise<void>;
  close(): void;
}

/** Where an RTP socket listens. */
export interface RtpAddress {
  ip: string;
  port: number;
}

/** A phone's RTP joined to a mix: where to send its audio, and how to leave. */
export interface RtpJoin {
  target: { address: string; port: number };
  detach: () => void;
}

/**
 * [TP6] A phone's leg into a mix: an RTP socket of this node on `host`, which `connect` joins to
 * the mix (here, or through the call's owner node, [PL42]); the mix's packets go to `send`.
 */
export async function rtpLeg(
  host: string,
  codec: PhoneCodec,
  send: (payload: Buffer) => void,
  connect: (rtp: RtpAddress) => Promise<RtpJoin>,
): Promise<MixerLeg> {
  const socket = await bind(host);
  try {
    const { target, detach } = await connect({ ip: host, port: socket.address().port });
    socket.on('message', (data) => {
      const packet = parseRtp(data);
      if (packet) send(packet.payload);
    });
    return new JanusRtpLeg(socket, target, codec, detach);
  } catch (error) {
    socket.close();
    throw error;
  }
}

/** One phone's RTP towards the AudioBridge: its own sequence, timestamp and SSRC. */
class JanusRtpLeg implements MixerLeg {
  private sequence = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private readonly ssrc = Math.floor(Math.random() * 0xffffffff);
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly target: { address: string; port: number },
    private readonly codec: PhoneCodec,
    private readonly onClose: () => void,
  ) {}

  receive(payload: Buffer): void {
    if (this.closed) return;
    const packet = buildRtp({
      payloadType: PAYLOAD_TYPE[this.codec],
      marker: false,
      sequence: this.sequence++,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      payload,
    });
    this.timestamp = (this.timestamp + rtpSamples(this.codec, payload)) >>> 0;
    this.socket.send(packet, this.target.port, this.target.address);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    this.onClose();
  }
}

function roomId(tenantId: string, conversationId: string): string {
  return `phone-${tenantId}-${conversationId}`;
}

async function bind(host: string): Promise<Socket> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  socket.on('error', () => undefined);
  return socket;
}

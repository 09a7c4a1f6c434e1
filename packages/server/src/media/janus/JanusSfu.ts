import { createHmac } from 'node:crypto';
import type { IceCandidateInit, Sfu, SfuRoomOptions } from '../../domain/media/sfu.ts';
import { JanusConnection, JanusError, type JanusMessage } from './JanusConnection.ts';

export interface JanusSfuOptions {
  /** `ws://127.0.0.1:8188`: the Janus WebSocket API (never exposed to browsers). */
  url: string;
  /** Janus `api_secret`: every API request must carry it. */
  apiSecret: string;
  /** VideoRoom `admin_key`: rooms can be created only with it. */
  adminKey: string;
}

interface Room {
  /**
   * Per-room secret (destroy/edit) and PIN (join), known only to Parley. [PL27] Derived from the
   * admin key and the room's id, so every node with the same Janus credentials can join or
   * destroy a room another node made (the room outlives the node, not its secrets).
   */
  secret: string;
  pin: string;
}

/** Janus VideoRoom: no room by that id; `create` of a room that exists already. */
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;

const PLUGIN = 'janus.plugin.videoroom';
/** How often and how far apart a subscriber retries a feed whose publisher is not up yet. */
const SUBSCRIBE_ATTEMPTS = 20;
const SUBSCRIBE_RETRY_MS = 250;

/**
 * The SFU adapter over Janus's VideoRoom plugin, driven through the Janus WebSocket API
 * (docs/decisions/0003-sfu-janus.md). Each leg is one plugin handle in one shared Janus session.
 * Browsers never talk to Janus: Parley relays SDP and candidates, and only Parley knows the
 * API secret, the admin key and each room's secret and PIN.
 */
export class JanusSfu implements Sfu {
  private readonly janus: JanusConnection;
  private readonly rooms = new Map<string, Room>();
  private readonly legs = new Map<string, number>();
  /** One handle for room administration (create/destroy). */
  private admin: Promise<number> | undefined;

  constructor(private readonly options: JanusSfuOptions) {
    this.janus = new JanusConnection(options.url, options.apiSecret, (m) => this.event(m));
  }

  /** [PL26] Recorded with each room: the nodes of a cluster reach this Janus at this URL. */
  get location(): string {
    return this.options.url;
  }

  private credentialsOf(roomId: string): Room {
    return roomCredentials(this.options.adminKey, roomId);
  }

  private async attach(): Promise<{ session: number; handle: number }> {
    const session = await this.janus.session();
    const attached = await this.janus.send({ janus: 'attach', plugin: PLUGIN, session_id: session });
    const handle = attached.data?.id;
    if (handle === undefined) throw new JanusError(0, 'no handle id');
    return { session, handle };
  }

  private async adminRequest(body: Record<string, unknown>): Promise<JanusMessage> {
    this.admin ??= this.attach().then(({ handle }) => handle);
    const handle = await this.admin;
    const session = await this.janus.session();
    return this.janus.send({ janus: 'message', session_id: session, handle_id: handle, body });
  }

  /** A request on a leg's own handle (`jsep` with it when the request answers an offer). */
  private async legRequest(
    legId: string,
    body: Record<string, unknown>,
    jsep?: { type: 'answer'; sdp: string },
  ): Promise<void> {
    const handle = this.handleOf(legId);
    const session = await this.janus.session();
    await this.janus.send({
      janus: 'message',
      session_id: session,
      handle_id: handle,
      body,
      ...(jsep ? { jsep } : {}),
    });
  }

  async createRoom(roomId: string, options: SfuRoomOptions): Promise<void> {
    if (this.rooms.has(roomId)) return;
    const room = this.credentialsOf(roomId);
    this.rooms.set(roomId, room);
    try {
      await this.adminRequest({
        request: 'create',
        room: roomId,
        admin_key: this.options.adminKey,
        permanent: false,
        is_private: true,
        secret: room.secret,
        pin: room.pin,
        publishers: options.maxPublishers,
        videocodec: 'vp8',
        audiocodec: 'opus',
        notify_joining: false,
      });
    } catch (error) {
      // [PL27] Made before by a node (or a process) that is gone: the same secrets open it.
      if (error instanceof JanusError && error.code === ROOM_EXISTS) return;
      this.rooms.delete(roomId);
      throw error;
    }
  }

  /**
   * Also destroys a room another node made ([PL27]): its secret is derived, not remembered. A
   * room that is not there is destroyed already; any other failure (Janus away) rejects.
   */
  async destroyRoom(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
    const { secret } = this.credentialsOf(roomId);
    await this.adminRequest({ request: 'destroy', room: roomId, secret }).catch((error: unknown) => {
      if (!(error instanceof JanusError && error.code === NO_SUCH_ROOM)) throw error;
    });
  }

  private roomOf(roomId: string): Room {
    const room = this.rooms.get(roomId);
    if (!room) throw new JanusError(426, `no such room ${roomId}`);
    return room;
  }

  async publish(legId: string, roomId: string, feedId: string, offerSdp: string): Promise<string> {
    const room = this.roomOf(roomId);
    await this.closeLeg(legId);
    const { session, handle } = await this.attach();
    this.legs.set(legId, handle);
    const answer = await this.janus.send({
      janus: 'message',
      session_id: session,
      handle_id: handle,
      body: {
        request: 'joinandconfigure',
        ptype: 'publisher',
        room: roomId,
        pin: room.pin,
        id: feedId,
        audio: true,
        video: true,
      },
      jsep: { type: 'offer', sdp: offerSdp },
    });
    if (!answer.jsep) throw new JanusError(0, 'publisher got no answer');
    return answer.jsep.sdp;
  }

  async subscribe(legId: string, roomId: string, feedId: string): Promise<string> {
    const room = this.roomOf(roomId);
    await this.closeLeg(legId);
    const { session, handle } = await this.attach();
    this.legs.set(legId, handle);
    const join = () =>
      this.janus.send({
        janus: 'message',
        session_id: session,
        handle_id: handle,
        body: { request: 'join', ptype: 'subscriber', room: roomId, pin: room.pin, streams: [{ feed: feedId }] },
      });
    // [S6] A feed is announced once its publisher's offer is answered; Janus refuses subscribers
    // (428, no such feed) until that publisher's media is up, a moment later: try again briefly.
    let offer: Awaited<ReturnType<typeof join>> | undefined;
    for (let attempt = 0; offer === undefined; attempt += 1) {
      try {
        offer = await join();
      } catch (error) {
        if (!(error instanceof JanusError) || error.code !== 428 || attempt >= SUBSCRIBE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_RETRY_MS));
      }
    }
    if (!offer.jsep) throw new JanusError(0, 'subscriber got no offer');
    return offer.jsep.sdp;
  }

  async start(legId: string, answerSdp: string): Promise<void> {
    await this.legRequest(legId, { request: 'start' }, { type: 'answer', sdp: answerSdp });
  }

  /**
   * [NW11] The subscriber's `configure` with a `substream` (Janus 1.1 VideoRoom; without a `mid`
   * it applies to every video stream of the handle, and to none that is not simulcast). Janus
   * switches at the layer's next key frame, which it asks the publisher for.
   */
  async selectLayer(legId: string, substream: number): Promise<void> {
    await this.legRequest(legId, { request: 'configure', substream });
  }

  async trickle(legId: string, candidate: IceCandidateInit | null): Promise<void> {
    const handle = this.legs.get(legId);
    if (handle === undefined) return;
    const session = await this.janus.session();
    await this.janus.send({
      janus: 'trickle',
      session_id: session,
      handle_id: handle,
      candidate: candidate ?? { completed: true },
    });
  }

  async closeLeg(legId: string): Promise<void> {
    const handle = this.legs.get(legId);
    if (handle === undefined) return;
    this.legs.delete(legId);
    const session = await this.janus.session().catch(() => undefined);
    if (session === undefined) return;
    await this.janus.send({ janus: 'detach', session_id: session, handle_id: handle }).catch(() => undefined);
  }

  private handleOf(legId: string): number {
    const handle = this.legs.get(legId);
    if (handle === undefined) throw new JanusError(0, `no such leg ${legId}`);
    return handle;
  }

  private event(message: JanusMessage): void {
    // A lost connection loses every Janus session, handle and room: forget them, so the next
    // publish recreates the room (clients re-publish after `media.closed`).
    if (message.janus === 'parley.lost') {
      this.rooms.clear();
      this.legs.clear();
      this.admin = undefined;
    }
  }

  /** [OP1] Janus answers when its session exists or can be created now. */
  reachable(): Promise<boolean> {
    return this.janus.session().then(
      () => true,
      () => false,
    );
  }

  close(): Promise<void> {
    this.janus.close();
    return Promise.resolve();
  }
}

/**
 * [PL27][PL43] A room's secret and PIN, derived from the admin key every node shares: any node (or
 * a process after a restart) opens or destroys a room another one made, without remembering it.
 */
export function roomCredentials(adminKey: string, roomId: string): { secret: string; pin: string } {
  const derive = (purpose: string) =>
    createHmac('sha256', adminKey).update(`${purpose}:${roomId}`).digest('hex').slice(0, 32);
  return { secret: derive('secret'), pin: derive('pin') };
}

import type { IceServer, RtcSignal } from '@parley/protocol';
import { Emitter } from './emitter.ts';
import { pageRtcTuning, tuneCameraSender, tuneOpusSdp, type RtcTuning } from './media/rtcTuning.ts';

export type CallRole = 'offerer' | 'answerer';

export interface PeerCallOptions {
  /** The visitor offers; the consultant answers. One fixed offerer means no glare. */
  role: CallRole;
  /**
   * [NW3] A function is asked again for every new peer connection (restart, rejoin), so a long
   * call uses the TURN credentials the server refreshed, not the welcome's expired ones.
   */
  iceServers: IceServer[] | (() => IceServer[]);
  localStream: MediaStream | null;
  sendSignal: (signal: RtcSignal) => void;
  newEpoch?: () => string;
  /**
   * [NW6] How long a connection may stay "disconnected" before the call makes a new one (the
   * answerer waits twice as long, so the offerer's new offer normally comes first). Default 2.5 s.
   */
  recoverAfterMs?: number;
  /**
   * [CB7] This page joins a call that was live before it (a reload, a pushed page, the console
   * reopened): the call is "reconnecting", not "connecting", until its new connection is up.
   */
  rejoining?: boolean;
  /**
   * [IA2] A pre-connection made while the request rings: the connection is negotiated and
   * connected, but its senders carry no track until `release()` (Accept). Tracks given before
   * that (`localStream`, `setTrack`) are kept and put on at release.
   */
  holdMedia?: boolean;
  setTimer?: (fn: () => void, ms: number) => void;
  /** [NW10] Opus FEC/DTX, the camera's degradation preference and bitrate cap (default: the page's). */
  tuning?: RtcTuning;
}

/** [MD5] The three pre-negotiated senders of every call, in m-line order. */
export type MediaSlot = 'audio' | 'camera' | 'screen';
export const mediaSlots: readonly MediaSlot[] = ['audio', 'camera', 'screen'];
const kindOf = (slot: MediaSlot): 'audio' | 'video' => (slot === 'audio' ? 'audio' : 'video');

/** What the other side sends, split so a UI can show camera and screen apart. */
export interface RemoteMedia {
  /** Remote audio and camera video: play this one (it carries the sound). */
  camera: MediaStream;
  screen: MediaStream;
}

/**
 * [CB7] Whether the call's media is up: 'connecting' until the first connection is,
 * 'reconnecting' from the moment a call that had media loses it (the visitor's page goes away,
 * the path dies, a new connection replaces the old one) until the new connection is up.
 */
export type CallLink = 'connecting' | 'connected' | 'reconnecting';

export interface PeerCallEvents {
  remoteStream: MediaStream;
  remoteMedia: RemoteMedia;
  connectionState: RTCPeerConnectionState;
  link: CallLink;
}

function randomEpoch(): string {
  return Math.random().toString(36).slice(2, 12);
}

/**
 * One 1:1 WebRTC call, peer to peer. Each peer connection has an `epoch`; a signal with a
 * new epoch replaces the old connection, which is how a reloaded page rejoins a live call.
 */
export class PeerCall extends Emitter<PeerCallEvents> {
  private pc: RTCPeerConnection | undefined;
  private epoch: string | undefined;
  private remote: MediaStream | undefined;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly tracks: Record<MediaSlot, MediaStreamTrack | null>;
  private remoteSlots: RemoteMedia | undefined;
  /** [NW6] The connection whose loss is being waited out, so its state changes start one recovery. */
  private recovering: RTCPeerConnection | undefined;
  private linkValue: CallLink;
  /** [IA2] Nothing is sent until the call is released (accepted). */
  private held: boolean;
  private readonly tuning: RtcTuning;

  constructor(private readonly options: PeerCallOptions) {
    super();
    this.linkValue = options.rejoining ? 'reconnecting' : 'connecting';
    this.held = options.holdMedia ?? false;
    this.tuning = options.tuning ?? pageRtcTuning();
    const local = options.localStream;
    this.tracks = {
      audio: local?.getAudioTracks()[0] ?? null,
      camera: local?.getVideoTracks()[0] ?? null,
      screen: null,
    };
  }

  /**
   * [MD5] Puts a track on one of the call's senders (null stops sending) without renegotiating:
   * camera off/on, another device, a screen share or a support video.
   */
  async setTrack(slot: MediaSlot, track: MediaStreamTrack | null): Promise<void> {
    this.tracks[slot] = track;
    const transceiver = this.pc?.getTransceivers()[mediaSlots.indexOf(slot)];
    if (transceiver && !this.closed && !this.held) {
      await transceiver.sender.replaceTrack(track);
      if (slot === 'camera') await this.tuneCamera(this.pc);
    }
  }

  /** [NW10] The camera's degradation preference and bitrate cap, for the track it sends now. */
  private async tuneCamera(pc: RTCPeerConnection | undefined): Promise<void> {
    const sender = pc?.getTransceivers()[mediaSlots.indexOf('camera')]?.sender;
    // A failure here leaves the browser's defaults: the call goes on untuned rather than not at all.
    if (sender) await tuneCameraSender(sender, this.tuning).catch(() => undefined);
  }

  /** [IA2] Whether the senders still carry nothing (a pre-connection before Accept). */
  get holdingMedia(): boolean {
    return this.held;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * [IA2][IA3] Accepted: puts the tracks on the connection made while it rang. No renegotiation,
   * so media flows at once, and each encoder starts with a key frame.
   */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await Promise.all(mediaSlots.map((slot) => this.setTrack(slot, this.tracks[slot])));
  }

  get remoteMedia(): RemoteMedia | undefined {
    return this.remoteSlots;
  }

  get peerConnection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  get remoteStream(): MediaStream | undefined {
    return this.remote;
  }

  get link(): CallLink {
    return this.linkValue;
  }

  /**
   * [CB7] The offerer's page is going away (a pushed page, a reload): tell the other side at
   * once, so it says "Reconnecting" now instead of when its connection times out, and waits for
   * the new page's offer (a `restart` from the offerer asks for nothing else).
   */
  leave(): void {
    if (this.options.role !== 'offerer' || this.closed) return;
    this.options.sendSignal({ kind: 'restart', epoch: randomEpoch() });
  }

  /** Offerer: make a fresh connection and offer. Answerer with `rejoin`: ask the offerer for one. */
  async start(rejoin = false): Promise<void> {
    if (this.options.role === 'offerer') await this.offer();
    else if (rejoin) this.options.sendSignal({ kind: 'restart', epoch: randomEpoch() });
  }

  /** Signals are applied strictly one after another: a candidate never overtakes its offer. */
  handleSignal(signal: RtcSignal): Promise<void> {
    const next = this.queue.then(() => this.apply(signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async apply(signal: RtcSignal): Promise<void> {
    if (this.closed) return;
    switch (signal.kind) {
      case 'restart':
        if (this.options.role === 'offerer') await this.offer();
        else this.lostMedia();
        return;
      case 'offer': {
        if (this.options.role !== 'answerer') return;
        const pc = this.reset(signal.epoch);
        await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        await this.attachLocalToTransceivers(pc);
        const answer = await pc.createAnswer();
        // [NW10] What this side asks the other to send: Opus with in-band FEC and DTX.
        const sdp = tuneOpusSdp(answer.sdp ?? '', this.tuning);
        await pc.setLocalDescription({ type: 'answer', sdp });
        await this.tuneCamera(pc);
        this.options.sendSignal({ kind: 'answer', epoch: signal.epoch, sdp });
        return;
      }
      case 'answer':
        if (signal.epoch !== this.epoch || !this.pc) return;
        await this.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        return;
      case 'candidate':
        // Candidates of an older connection are stale; ordered delivery puts ours after the description.
        if (signal.epoch !== this.epoch || !this.pc) return;
        await this.pc.addIceCandidate(signal.candidate);
        return;
      default: {
        const unreachable: never = signal;
        return unreachable;
      }
    }
  }

  close(): void {
    this.closed = true;
    this.pc?.close();
    this.pc = undefined;
  }

  private async offer(): Promise<void> {
    const epoch = (this.options.newEpoch ?? randomEpoch)();
    const pc = this.reset(epoch);
    // [MD2][MD5] Always negotiate audio, camera and screen both ways, even without a track:
    // a visitor without camera or mic still receives the consultant, and anything can be
    // switched on later with replaceTrack alone.
    for (const slot of mediaSlots) {
      const track = this.held ? null : this.tracks[slot];
      pc.addTransceiver(track ?? kindOf(slot), { direction: 'sendrecv' });
    }
    const offer = await pc.createOffer();
    const sdp = tuneOpusSdp(offer.sdp ?? '', this.tuning);
    await pc.setLocalDescription({ type: 'offer', sdp });
    await this.tuneCamera(pc);
    if (this.epoch === epoch) this.options.sendSignal({ kind: 'offer', epoch, sdp });
  }

  /**
   * [NW6] A path that dies (Wi-Fi to mobile, a NAT that forgot us, UDP blocked midway) leaves the
   * connection "disconnected", then "failed": the call makes a new connection, which gathers
   * candidates on the network as it is now, and goes on. Once per connection: a new one that
   * fails again starts over on its own.
   */
  private recoverIfLost(pc: RTCPeerConnection): void {
    const lost = () => this.pc === pc && !this.closed && ['disconnected', 'failed'].includes(pc.connectionState);
    if (!lost() || this.recovering === pc) return;
    this.recovering = pc;
    const delay = (this.options.recoverAfterMs ?? 2_500) * (this.options.role === 'offerer' ? 1 : 2);
    const setTimer = this.options.setTimer ?? ((fn: () => void, ms: number) => void setTimeout(fn, ms));
    setTimer(() => {
      if (!lost()) {
        this.recovering = undefined;
        return;
      }
      if (this.options.role === 'offerer') void this.handleSignal({ kind: 'restart', epoch: randomEpoch() });
      else this.options.sendSignal({ kind: 'restart', epoch: randomEpoch() });
    }, delay);
  }

  /** Answerer: the offer's m-lines are audio, camera, screen; send on each, with or without a track. */
  private async attachLocalToTransceivers(pc: RTCPeerConnection): Promise<void> {
    const transceivers = pc.getTransceivers();
    for (const [index, slot] of mediaSlots.entries()) {
      const transceiver = transceivers[index];
      if (!transceiver || transceiver.receiver.track.kind !== kindOf(slot)) continue;
      transceiver.direction = 'sendrecv';
      await transceiver.sender.replaceTrack(this.held ? null : this.tracks[slot]);
    }
  }

  private setLink(link: CallLink): void {
    if (this.linkValue === link) return;
    this.linkValue = link;
    this.emit('link', link);
  }

  /** [CB7] Media that flowed has stopped: reconnecting (before any media it is still connecting). */
  private lostMedia(): void {
    if (this.linkValue === 'connected') this.setLink('reconnecting');
  }

  private reset(epoch: string): RTCPeerConnection {
    if (this.pc) this.lostMedia();
    this.pc?.close();
    this.epoch = epoch;
    const { iceServers } = this.options;
    const pc = new RTCPeerConnection({ iceServers: typeof iceServers === 'function' ? iceServers() : iceServers });
    this.pc = pc;
    this.remote = new MediaStream();
    const remote = this.remote;
    const slots: RemoteMedia = { camera: new MediaStream(), screen: new MediaStream() };
    this.remoteSlots = slots;
    pc.addEventListener('icecandidate', (event) => {
      if (!event.candidate || this.pc !== pc) return;
      const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = event.candidate;
      this.options.sendSignal({
        kind: 'candidate',
        epoch,
        candidate: { candidate, sdpMid, sdpMLineIndex, usernameFragment },
      });
    });
    pc.addEventListener('track', (event) => {
      if (this.pc !== pc) return;
      remote.addTrack(event.track);
      const slot = mediaSlots[pc.getTransceivers().indexOf(event.transceiver)];
      (slot === 'screen' ? slots.screen : slots.camera).addTrack(event.track);
      this.emit('remoteStream', remote);
      this.emit('remoteMedia', slots);
    });
    pc.addEventListener('connectionstatechange', () => {
      if (this.pc !== pc) return;
      this.emit('connectionState', pc.connectionState);
      if (pc.connectionState === 'connected') this.setLink('connected');
      else if (pc.connectionState === 'disconnected' || pc.connectionState === 'failed') this.lostMedia();
      this.recoverIfLost(pc);
    });
    return pc;
  }
}

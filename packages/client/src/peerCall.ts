import type { IceServer, RtcSignal } from '@parley/protocol';
import { Emitter } from './emitter.ts';

export type CallRole = 'offerer' | 'answerer';

export interface PeerCallOptions {
  /** The visitor offers; the consultant answers. One fixed offerer means no glare. */
  role: CallRole;
  iceServers: IceServer[];
  localStream: MediaStream | null;
  sendSignal: (signal: RtcSignal) => void;
  newEpoch?: () => string;
}

export interface PeerCallEvents {
  remoteStream: MediaStream;
  connectionState: RTCPeerConnectionState;
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

  constructor(private readonly options: PeerCallOptions) {
    super();
  }

  get peerConnection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  get remoteStream(): MediaStream | undefined {
    return this.remote;
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
        return;
      case 'offer': {
        if (this.options.role !== 'answerer') return;
        const pc = this.reset(signal.epoch);
        await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        this.attachLocalToTransceivers(pc);
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.options.sendSignal({ kind: 'answer', epoch: signal.epoch, sdp: answer.sdp ?? '' });
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
    // Always negotiate both kinds so a visitor without camera or mic still receives the consultant.
    for (const kind of ['audio', 'video'] as const) {
      const track = this.options.localStream?.getTracks().find((t) => t.kind === kind);
      if (track && this.options.localStream) pc.addTrack(track, this.options.localStream);
      else pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (this.epoch === epoch) this.options.sendSignal({ kind: 'offer', epoch, sdp: offer.sdp ?? '' });
  }

  private attachLocalToTransceivers(pc: RTCPeerConnection): void {
    const stream = this.options.localStream;
    if (!stream) return;
    for (const track of stream.getTracks()) {
      const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === track.kind && !t.sender.track);
      if (!transceiver) continue;
      void transceiver.sender.replaceTrack(track);
      transceiver.sender.setStreams(stream);
      transceiver.direction = 'sendrecv';
    }
  }

  private reset(epoch: string): RTCPeerConnection {
    this.pc?.close();
    this.epoch = epoch;
    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers });
    this.pc = pc;
    this.remote = new MediaStream();
    const remote = this.remote;
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
      this.emit('remoteStream', remote);
    });
    pc.addEventListener('connectionstatechange', () => {
      if (this.pc === pc) this.emit('connectionState', pc.connectionState);
    });
    return pc;
  }
}

import type { IceServer } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { Emitter } from './emitter.ts';
import { openSfuLegs } from './sfuLeg.ts';

export interface PhoneMixOptions {
  connection: ParleyConnection;
  conversationId: string;
  iceServers: IceServer[];
}

/**
 * [TP8] This browser in the call's phone mix (a Janus AudioBridge room, through Parley's own
 * WebSocket): it sends the microphone and receives the mix of everyone else — the phones and the
 * other side's browser — as one Opus stream. Audio only: camera and screen stay peer to peer.
 */
export class PhoneMixLeg extends Emitter<{ remoteStream: MediaStream }> {
  readonly kind = 'mix';
  private readonly pc: RTCPeerConnection;
  private readonly transceiver: RTCRtpTransceiver;
  private readonly off: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: PhoneMixOptions) {
    super();
    const { connection, conversationId } = options;
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    // Apps expose their open legs to end-to-end tests, which read the mix's `getStats()`.
    openSfuLegs.add(this);
    this.transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.pc.onicecandidate = (e) => {
      if (this.closed) return;
      const c = e.candidate;
      connection.send({
        type: 'call.mix.candidate',
        conversationId,
        candidate: c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null,
      });
    };
    this.pc.ontrack = (e) => this.emit('remoteStream', e.streams[0] ?? new MediaStream([e.track]));
    this.off.push(
      connection.on('call.mix.answer', (m) => {
        if (m.conversationId === conversationId && !this.closed)
          void this.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
      }),
    );
  }

  get peerConnection(): RTCPeerConnection {
    return this.pc;
  }

  /** Offers the browser's audio to the mix; `microphone` null joins listening only. */
  async start(microphone: MediaStreamTrack | null): Promise<void> {
    await this.setMicrophone(microphone);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    if (this.closed) return;
    this.options.connection.send({
      type: 'call.mix.join',
      conversationId: this.options.conversationId,
      sdp: offer.sdp ?? '',
    });
  }

  /** Swaps what the browser sends into the mix (microphone on, off, changed) without renegotiating. */
  async setMicrophone(track: MediaStreamTrack | null): Promise<void> {
    if (this.transceiver.sender.track !== track) await this.transceiver.sender.replaceTrack(track);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    openSfuLegs.delete(this);
    for (const off of this.off.splice(0)) off();
    this.pc.close();
    this.options.connection.send({ type: 'call.mix.leave', conversationId: this.options.conversationId });
  }
}

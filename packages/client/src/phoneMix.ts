import type { ClientMessage, IceServer } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { RelayedLeg, type IceCandidateMessage } from './relayedLeg.ts';

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
export class PhoneMixLeg extends RelayedLeg<{ remoteStream: MediaStream }> {
  readonly kind = 'mix';
  private readonly transceiver: RTCRtpTransceiver;

  constructor(private readonly options: PhoneMixOptions) {
    super(options.connection, options.iceServers);
    const { conversationId } = options;
    this.transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.pc.ontrack = (e) => this.emit('remoteStream', e.streams[0] ?? new MediaStream([e.track]));
    this.listen(
      options.connection.on('call.mix.answer', (m) => {
        if (m.conversationId === conversationId && !this.closed)
          void this.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
      }),
    );
  }

  protected candidateMessage(candidate: IceCandidateMessage | null): ClientMessage {
    return { type: 'call.mix.candidate', conversationId: this.options.conversationId, candidate };
  }

  protected closeMessage(): ClientMessage {
    return { type: 'call.mix.leave', conversationId: this.options.conversationId };
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
}

import type { ClientMessage, IceServer } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { Emitter } from './emitter.ts';

/** Every open media-server leg of this page (apps expose it to end-to-end tests, which read `getStats()`). */
export const openSfuLegs = new Set<{ readonly peerConnection: RTCPeerConnection; readonly kind: string }>();

export interface IceCandidateMessage {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

/**
 * One peer connection between this browser and the media server (an SFU leg, [S3], or the phone
 * mix, [TP8]), signalled through Parley's own WebSocket: the browser never talks to the media
 * server's API. Subclasses say how their candidates and their closing are sent.
 */
export abstract class RelayedLeg<Events extends { [K in keyof Events]: unknown }> extends Emitter<Events> {
  protected readonly pc: RTCPeerConnection;
  private readonly off: (() => void)[] = [];
  protected closed = false;

  abstract readonly kind: string;

  constructor(
    protected readonly connection: ParleyConnection,
    iceServers: IceServer[],
  ) {
    super();
    this.pc = new RTCPeerConnection({ iceServers });
    openSfuLegs.add(this);
    this.pc.onicecandidate = (e) => {
      if (this.closed) return;
      const c = e.candidate;
      this.connection.send(
        this.candidateMessage(c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null),
      );
    };
  }

  protected abstract candidateMessage(candidate: IceCandidateMessage | null): ClientMessage;
  protected abstract closeMessage(): ClientMessage;

  get peerConnection(): RTCPeerConnection {
    return this.pc;
  }

  protected listen(unsubscribe: () => void): void {
    this.off.push(unsubscribe);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    openSfuLegs.delete(this);
    for (const off of this.off.splice(0)) off();
    this.pc.close();
    this.connection.send(this.closeMessage());
  }
}

import type { ClientMessage, IceServer, MediaRoomRef } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { RelayedLeg, type IceCandidateMessage } from './relayedLeg.ts';
import { pageRtcTuning, simulcastEncodings } from './media/rtcTuning.ts';
import { SimulcastLayerPicker } from './media/simulcastLayers.ts';

export interface SfuLegOptions {
  connection: ParleyConnection;
  room: MediaRoomRef;
  /** The leg's name, unique per connection (e.g. `pub`, `sub-c-123`). */
  leg: string;
  iceServers: IceServer[];
}

export interface SfuLegEvents {
  remoteStream: MediaStream;
  connectionState: RTCPeerConnectionState;
}

export { openSfuLegs } from './relayedLeg.ts';

/**
 * One peer connection between this browser and the SFU, signalled through Parley's own
 * WebSocket ([S3]): the browser never talks to the media server's API.
 */
abstract class SfuLeg extends RelayedLeg<SfuLegEvents> {
  abstract override readonly kind: 'publisher' | 'subscriber';

  constructor(protected readonly options: SfuLegOptions) {
    super(options.connection, options.iceServers);
    this.pc.onconnectionstatechange = () => this.emit('connectionState', this.pc.connectionState);
  }

  protected candidateMessage(candidate: IceCandidateMessage | null): ClientMessage {
    return { type: 'media.candidate', leg: this.options.leg, candidate };
  }

  protected closeMessage(): ClientMessage {
    return { type: 'media.close', leg: this.options.leg };
  }
}

/** [S1][S5] Sends this browser's camera and microphone (or, [S7], its shared screen) into the room. */
export class SfuPublisher extends SfuLeg {
  readonly kind = 'publisher';
  constructor(
    options: SfuLegOptions,
    private readonly stream: MediaStream,
    private readonly source: 'camera' | 'screen' = 'camera',
  ) {
    super(options);
    this.listen(
      options.connection.on('media.answer', (m) => {
        if (m.leg === options.leg) void this.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
      }),
    );
  }

  async start(): Promise<void> {
    // [NW11] A broadcaster's camera goes up in simulcast layers, for viewers on weak links.
    const simulcast =
      this.source === 'camera' && this.options.room.kind === 'broadcast' && pageRtcTuning().broadcastSimulcast;
    for (const track of this.stream.getTracks()) {
      const { width = 640, height = 480, frameRate = 25 } = track.getSettings();
      this.pc.addTransceiver(track, {
        direction: 'sendonly',
        streams: [this.stream],
        ...(simulcast && track.kind === 'video' ? { sendEncodings: simulcastEncodings(width, height, frameRate) } : {}),
      });
    }
    // A participant without a camera or microphone now keeps the slot, to fill it later.
    // A screen feed is picture only; the camera feed always offers both, to switch on later.
    const kinds = this.source === 'screen' ? (['video'] as const) : (['audio', 'video'] as const);
    for (const kind of kinds) {
      if (this.stream.getTracks().every((t) => t.kind !== kind))
        this.pc.addTransceiver(kind, { direction: 'sendonly' });
    }
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.options.connection.send({
      type: 'media.publish',
      room: this.options.room,
      leg: this.options.leg,
      sdp: offer.sdp ?? '',
      ...(this.source === 'screen' ? { source: 'screen' as const } : {}),
    });
  }
}

/** Swaps what is sent (camera or microphone on, off, changed) without renegotiating ([MD5]). */
export async function replaceSentTrack(
  leg: SfuPublisher,
  kind: 'audio' | 'video',
  track: MediaStreamTrack | null,
): Promise<void> {
  const transceiver = leg.peerConnection.getTransceivers().find((t) => t.receiver.track.kind === kind);
  if (transceiver && transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
}

/**
 * [S2][S5] Receives one feed of the room; never sends media. A broadcast viewer's leg picks the
 * simulcast layer its link carries ([NW11]).
 */
export class SfuSubscriber extends SfuLeg {
  readonly kind = 'subscriber';
  private remote: MediaStream | undefined;
  private readonly picker: SimulcastLayerPicker | undefined;

  constructor(
    options: SfuLegOptions,
    private readonly feed: string,
  ) {
    super(options);
    this.pc.ontrack = (e) => {
      this.remote ??= e.streams[0] ?? new MediaStream();
      if (!this.remote.getTracks().includes(e.track)) this.remote.addTrack(e.track);
      this.emit('remoteStream', this.remote);
    };
    this.listen(
      options.connection.on('media.offer', (m) => {
        if (m.leg === options.leg) void this.answer(m.sdp);
      }),
    );
    if (options.room.kind === 'broadcast') {
      this.picker = new SimulcastLayerPicker({
        sample: async () => (this.pc.connectionState === 'connected' ? (await this.pc.getStats()).values() : null),
        select: (substream) => this.requestLayer(substream),
      });
    }
  }

  /** [NW11] The simulcast layer asked for last (2, the full picture, until the link says otherwise). */
  get layer(): number | undefined {
    return this.picker?.layer;
  }

  /** [NW11] Every layer asked for so far (a measurement prints them). */
  get layers(): readonly number[] {
    return this.picker?.layers ?? [];
  }

  /** [NW11][NW12] Why the picker made each switch (a measurement prints it). */
  get layerReasons(): readonly string[] {
    return this.picker?.why ?? [];
  }

  /** [NW11] Holds this leg on one layer from now on (a measurement's fixed choice), instead of the picker's. */
  selectLayer(substream: number): void {
    this.picker?.stop();
    this.requestLayer(substream);
  }

  private requestLayer(substream: number): void {
    if (!this.closed) this.options.connection.send({ type: 'media.layer', leg: this.options.leg, substream });
  }

  override close(): void {
    this.picker?.stop();
    super.close();
  }

  get remoteStream(): MediaStream | undefined {
    return this.remote;
  }

  start(): void {
    this.picker?.start();
    this.options.connection.send({
      type: 'media.subscribe',
      room: this.options.room,
      leg: this.options.leg,
      feed: this.feed,
    });
  }

  private async answer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    this.options.connection.send({ type: 'media.start', leg: this.options.leg, sdp: answer.sdp ?? '' });
  }
}

/**
 * The SFU port (F-11 broadcast media, F-16 conference). The domain decides who may publish and
 * who may watch ([S1]–[S6]); an adapter at the edge (media/janus) forwards media. Nothing here
 * knows Janus: rooms, feeds and legs are Parley's own names.
 *
 * A *leg* is one peer connection between a browser and the SFU: a publisher leg sends one
 * participant's camera and microphone into a room; a subscriber leg receives one feed.
 */
export interface SfuRoomOptions {
  /** How many publishers the SFU itself admits ([S1]: one for a broadcast). */
  maxPublishers: number;
}

export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null | undefined;
  sdpMLineIndex?: number | null | undefined;
}

export interface Sfu {
  /**
   * [PL26] Where the SFU is, as every node reaches it (Janus: its WebSocket API's URL); recorded
   * with each room made on it. An adapter without one (tests) records `local`.
   */
  readonly location?: string;
  /** Creates the room if it does not exist yet (idempotent). */
  createRoom(roomId: string, options: SfuRoomOptions): Promise<void>;
  /** Destroys the room and every leg in it (idempotent). */
  destroyRoom(roomId: string): Promise<void>;
  /** Publishes `feedId` into the room with the browser's offer; resolves with the SFU's answer. */
  publish(legId: string, roomId: string, feedId: string, offerSdp: string): Promise<string>;
  /** Opens a receive-only leg for one feed; resolves with the SFU's offer. */
  subscribe(legId: string, roomId: string, feedId: string): Promise<string>;
  /** Completes a subscriber leg with the browser's answer. */
  start(legId: string, answerSdp: string): Promise<void>;
  /** Trickles a browser candidate to the leg; `null` means end of candidates. */
  trickle(legId: string, candidate: IceCandidateInit | null): Promise<void>;
  /**
   * [NW11] Which simulcast layer a receiving leg gets (0 the smallest … 2 the full picture); a
   * feed sent without simulcast has one layer and ignores it. An adapter without simulcast may
   * leave it out.
   */
  selectLayer?(legId: string, substream: number): Promise<void>;
  /** Closes one leg (idempotent). */
  closeLeg(legId: string): Promise<void>;
  /** [OP1] Whether the media server answers now (readiness); an adapter may not know. */
  reachable?(): Promise<boolean>;
  /** Stops the adapter (process shutdown). */
  close(): Promise<void>;
}

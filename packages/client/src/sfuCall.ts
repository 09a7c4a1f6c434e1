import type { ConversationView, IceServer, MediaRoomRef } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { Emitter } from './emitter.ts';
import { SfuPublisher, SfuSubscriber, replaceSentTrack } from './sfuLeg.ts';

export interface SfuCallOptions {
  connection: ParleyConnection;
  room: MediaRoomRef;
  /** This participant's own feed id in the room (`v-…` or `c-…`): never received back. */
  isOwnFeed: (feed: string) => boolean;
  iceServers: IceServer[];
}

export interface SfuCallEvents {
  /** Every other participant's media, by feed id, each time one arrives or goes. */
  streams: ReadonlyMap<string, MediaStream>;
}

/** Leg names are unique per connection; several calls on one console share it (F-29). */
let legCounter = 0;
function nextLeg(prefix: string): string {
  legCounter += 1;
  return `${prefix}${legCounter}`;
}

/**
 * [S6] A call on the SFU: this browser's camera and microphone go up on one publishing leg and
 * every other feed of the room comes down on its own receiving leg. The server tells which feeds
 * exist (`ConversationView.feeds`); `setFeeds` follows it, opening and closing legs.
 */
export class SfuCall extends Emitter<SfuCallEvents> {
  private publisher: SfuPublisher;
  /** [PL39] Whether the room's feeds last listed this participant's camera and screen. */
  private listed = { camera: false, screen: false };
  /** [S7] The shared screen's own publishing leg, while sharing. */
  private screen: { leg: SfuPublisher; track: MediaStreamTrack } | undefined;
  private readonly subscribers = new Map<string, SfuSubscriber>();
  private readonly streams = new Map<string, MediaStream>();
  private closed = false;

  constructor(
    private readonly options: SfuCallOptions,
    localStream: MediaStream,
  ) {
    super();
    this.publisher = new SfuPublisher({ ...options, leg: nextLeg('pub') }, localStream);
  }

  /** Publishes own media; feeds can be set before or after. */
  async start(): Promise<void> {
    await this.publisher.start();
  }

  /** Receive exactly these feeds (the own one is skipped). */
  setFeeds(feeds: readonly string[]): void {
    if (this.closed) return;
    this.publishLostFeeds(feeds);
    const wanted = new Set(feeds.filter((f) => !this.options.isOwnFeed(f)));
    for (const [feed, leg] of this.subscribers) {
      if (wanted.has(feed)) continue;
      leg.close();
      this.subscribers.delete(feed);
      this.streams.delete(feed);
      this.emitStreams();
    }
    for (const feed of wanted) {
      if (this.subscribers.has(feed)) continue;
      const leg = new SfuSubscriber({ ...this.options, leg: nextLeg('sub') }, feed);
      leg.on('remoteStream', (stream) => {
        // A new stream object per arriving track: a <video> ignores tracks added to its stream.
        this.streams.set(feed, new MediaStream(stream.getTracks()));
        this.emitStreams();
      });
      this.subscribers.set(feed, leg);
      leg.start();
    }
  }

  /** [MD5] Camera or microphone switched on, off or to another device. */
  setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    return replaceSentTrack(this.publisher, kind, track);
  }

  /** [S7] Starts, swaps or (null) stops sharing a screen: a second feed of this participant. */
  async setScreen(track: MediaStreamTrack | null): Promise<void> {
    if (this.closed || this.screen?.track === track) return;
    if (this.screen && track) {
      this.screen.track = track;
      await replaceSentTrack(this.screen.leg, 'video', track);
      return;
    }
    this.screen?.leg.close();
    this.screen = undefined;
    if (!track) return;
    const leg = new SfuPublisher({ ...this.options, leg: nextLeg('scr') }, new MediaStream([track]), 'screen');
    this.screen = { leg, track };
    await leg.start();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.publisher.close();
    this.screen?.leg.close();
    this.screen = undefined;
    for (const leg of this.subscribers.values()) leg.close();
    this.subscribers.clear();
    this.streams.clear();
  }

  /**
   * [PL39] A feed of ours the room listed and lists no more was lost on the server's side (the
   * call was restored by a restarted server or by the node that took the tenant over; the SFU
   * dropped the leg): it goes up again, on a new leg, with the tracks being sent now.
   */
  private publishLostFeeds(feeds: readonly string[]): void {
    const own = feeds.filter((feed) => this.options.isOwnFeed(feed));
    const listed = { camera: own.some((feed) => !isScreenFeed(feed)), screen: own.some(isScreenFeed) };
    if (this.listed.camera && !listed.camera) {
      this.publisher = this.replace(this.publisher, sentStream(this.publisher), 'pub', 'camera');
    }
    if (this.listed.screen && !listed.screen && this.screen) {
      const { leg, track } = this.screen;
      this.screen = { leg: this.replace(leg, new MediaStream([track]), 'scr', 'screen'), track };
    }
    this.listed = listed;
  }

  /** A new publishing leg for `stream` in place of `lost`, which closes. */
  private replace(lost: SfuPublisher, stream: MediaStream, prefix: string, source: 'camera' | 'screen'): SfuPublisher {
    const leg = new SfuPublisher({ ...this.options, leg: nextLeg(prefix) }, stream, source);
    lost.close();
    void leg.start().catch(() => undefined);
    return leg;
  }

  private emitStreams(): void {
    this.emit('streams', new Map(this.streams));
  }
}

/** The tracks a publishing leg sends now (devices may have been switched since it started). */
function sentStream(leg: SfuPublisher): MediaStream {
  const tracks = leg.peerConnection.getSenders().map((sender) => sender.track);
  return new MediaStream(tracks.filter((track): track is MediaStreamTrack => track !== null));
}

/** [S7] Whether a feed is someone's shared screen rather than their camera. */
export function isScreenFeed(feed: string): boolean {
  return feed.endsWith('~screen');
}

/** The participant a feed belongs to, as a camera feed id (`c-…` or `v-…`). */
export function feedOwner(feed: string): string {
  return feed.split('~')[0] ?? feed;
}

/** [S5] Who publishes a conference feed: the visitor, the owner or a colleague who joined. */
export function conferenceFeedName(conversation: ConversationView, feed: string): string {
  const owner = feedOwner(feed);
  if (owner.startsWith('v-')) return conversation.visitorName;
  const id = owner.slice(2);
  if (id === conversation.consultantId) return conversation.consultantName ?? '';
  return conversation.members.find((m) => m.id === id)?.name ?? '';
}

/** [S5] Every consultant present in the call, owner first. */
export function conferenceConsultants(conversation: ConversationView): { id: string; name: string }[] {
  const owner =
    conversation.consultantId === null
      ? []
      : [{ id: conversation.consultantId, name: conversation.consultantName ?? '' }];
  return [...owner, ...conversation.members];
}

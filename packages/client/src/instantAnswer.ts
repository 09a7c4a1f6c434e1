import type { ConversationView, RtcSignal } from '@parley/protocol';
import { webrtcSupported, type LocalMedia } from './media/localMedia.ts';
import { PeerCall, type PeerCallOptions } from './peerCall.ts';
import type { ConsultantClient } from './consultantClient.ts';
import type { VisitorClient } from './visitorClient.ts';

/*
 * [IA1]–[IA4] Instant answer. While a request rings, the rung consultant's console and the
 * visitor's app already make the call's peer connection (offer, answer, ICE, DTLS), with no track
 * on any sender; the console opens its camera meanwhile. Accept then only puts the tracks on
 * (`PeerCall.release`): no signalling round trip, no getUserMedia, no ICE after the click.
 */

/** What a side does with its pre-connection when the conversation changes. */
export type PreCallStep = 'keep' | 'release' | 'close';

/**
 * [IA1][IA2] The pre-connection made with consultant `consultantId` is kept while the request
 * rings for them, released (media on) once it is active with them peer to peer, and closed
 * otherwise: the ring moved on, was declined, withdrawn or cancelled, or the call went elsewhere.
 */
export function preCallStep(
  consultantId: string,
  view: Pick<ConversationView, 'state' | 'consultantId' | 'media'> | undefined,
): PreCallStep {
  if (!view || view.consultantId !== consultantId) return 'close';
  if (view.state === 'ringing') return 'keep';
  if (view.state === 'active' && view.media === 'p2p') return 'release';
  return 'close';
}

/** Makes the peer connection (injected in tests, where there is no WebRTC). */
export type MakePeerCall = (options: PeerCallOptions) => PeerCall;
const newPeerCall: MakePeerCall = (options) => new PeerCall(options);

export interface VisitorPreCallOptions {
  /** What the visitor sends once accepted: the media check's microphone and camera, as they are then. */
  tracks: () => { audio: MediaStreamTrack | null; camera: MediaStreamTrack | null };
  makeCall?: MakePeerCall;
  /** Whether this browser can make calls; WebRTC's presence by default. */
  supported?: boolean;
}

/**
 * [IA1] The visitor's side: when the rung consultant's console asks for an offer (a `restart`
 * while ringing), offers on a connection that sends nothing ([IA2]). On Accept — the server's
 * update that the conversation is active with that consultant — it puts the tracks on, and the
 * call screen takes the connection over with `take()`.
 */
export class VisitorPreCall {
  private current: { conversationId: string; consultantId: string; call: PeerCall } | undefined;

  constructor(
    private readonly client: VisitorClient,
    private readonly options: VisitorPreCallOptions,
  ) {}

  /** Listens to the client; returns the function that stops and closes what was prepared. */
  start(): () => void {
    const offs = [
      this.client.on('signal', ({ conversationId, signal }) => this.onSignal(conversationId, signal)),
      this.client.on('change', () => this.onChange()),
    ];
    return () => {
      offs.forEach((off) => off());
      this.current?.call.close();
      this.current = undefined;
    };
  }

  /** The released pre-connection of this (now active) conversation, handed over once; else undefined. */
  take(conversationId: string): PeerCall | undefined {
    const current = this.current;
    if (current?.conversationId !== conversationId || current.call.holdingMedia) return undefined;
    this.current = undefined;
    return current.call;
  }

  private onSignal(conversationId: string, signal: RtcSignal): void {
    const view = this.client.state.conversation;
    const ringing = view?.id === conversationId && view.state === 'ringing' && view.consultantId !== null;
    const current = this.current;
    if (current?.conversationId === conversationId) {
      // A new ring's console asks again: the offer goes to whoever rings now.
      if (signal.kind === 'restart' && ringing) current.consultantId = view.consultantId ?? current.consultantId;
      void current.call.handleSignal(signal).catch(() => undefined);
      return;
    }
    if (signal.kind !== 'restart' || !ringing || !(this.options.supported ?? webrtcSupported())) return;
    const call = (this.options.makeCall ?? newPeerCall)({
      role: 'offerer',
      iceServers: () => this.client.state.iceServers,
      localStream: null,
      sendSignal: (s) => this.client.signal(s),
      holdMedia: true,
    });
    this.current = { conversationId, consultantId: view.consultantId ?? '', call };
    void call.start().catch(() => undefined);
  }

  private onChange(): void {
    const current = this.current;
    if (!current) return;
    const view = this.client.state.conversation;
    const step = view?.id === current.conversationId ? preCallStep(current.consultantId, view) : 'close';
    if (step === 'close') {
      current.call.close();
      this.current = undefined;
    } else if (step === 'release' && current.call.holdingMedia) {
      // [IA2] Only now, on the server's word that the consultant accepted, does anything go out.
      const { audio, camera } = this.options.tracks();
      void current.call.setTrack('audio', audio);
      void current.call.setTrack('camera', camera);
      void current.call.release();
    }
  }
}

/** A console's pre-connection for one ringing request: its own camera and microphone, and the call. */
export interface ConsultantPreCall {
  call: PeerCall;
  media: LocalMedia;
  /** Settles once camera and microphone are open (or have failed to). */
  opened: Promise<unknown>;
}

export interface ConsultantPreCallsOptions {
  /** A camera and microphone for one call, with the console's saved settings. */
  newMedia: () => LocalMedia;
  makeCall?: MakePeerCall;
  supported?: boolean;
}

/**
 * [IA1][IA4] The console's side: for each request that rings for this consultant, opens camera and
 * microphone and asks the visitor's app for an offer, which it answers with nothing on its
 * senders. Accept (the server's update: active with us) releases it; the conversation screen
 * takes it over. A ring that goes away closes it, camera included.
 */
export class ConsultantPreCalls {
  private readonly calls = new Map<string, ConsultantPreCall & { offMedia: () => void }>();
  /**
   * Off: rings prepare nothing and the call is set up after Accept, as before [IA1] (the visitor
   * only offers early when asked). The bench turns it off for every other call to compare both.
   */
  enabled = true;

  constructor(
    private readonly client: ConsultantClient,
    private readonly options: ConsultantPreCallsOptions,
  ) {}

  start(): () => void {
    const offs = [
      this.client.on('change', () => this.sync()),
      this.client.on('signal', ({ conversationId, signal }) => {
        void this.calls
          .get(conversationId)
          ?.call.handleSignal(signal)
          .catch(() => undefined);
      }),
    ];
    this.sync();
    return () => {
      offs.forEach((off) => off());
      for (const id of [...this.calls.keys()]) this.drop(id);
    };
  }

  /** The pre-connection of this conversation, if any (it stays here until taken). */
  peek(conversationId: string): ConsultantPreCall | undefined {
    return this.calls.get(conversationId);
  }

  /** Hands the pre-connection over: from now on its owner routes signals and closes it. */
  take(conversationId: string): ConsultantPreCall | undefined {
    const entry = this.calls.get(conversationId);
    if (!entry) return undefined;
    this.calls.delete(conversationId);
    entry.offMedia();
    return { call: entry.call, media: entry.media, opened: entry.opened };
  }

  /** The first ringing request's pre-connection (end-to-end tests read its statistics). */
  first(): PeerCall | undefined {
    return this.calls.values().next().value?.call;
  }

  private sync(): void {
    const me = this.client.state.consultantId;
    if (!me) return;
    if (this.enabled && (this.options.supported ?? webrtcSupported()))
      for (const view of this.client.ringing) if (!this.calls.has(view.id)) this.prepare(view.id);
    for (const [id, entry] of this.calls) {
      const step = preCallStep(me, this.client.state.conversations[id]);
      if (step === 'close') this.drop(id);
      else if (step === 'release') void entry.call.release();
    }
  }

  private prepare(conversationId: string): void {
    const media = this.options.newMedia();
    const call = (this.options.makeCall ?? newPeerCall)({
      role: 'answerer',
      iceServers: () => this.client.state.iceServers,
      localStream: null,
      sendSignal: (signal) => this.client.signal(conversationId, signal),
      holdMedia: true,
    });
    // Held tracks are only kept until release ([IA2]); after it they go on at once.
    const offMedia = media.on('change', (state) => {
      void call.setTrack('audio', state.microphone);
      void call.setTrack('camera', state.camera);
    });
    // [IA4] The camera opens while it rings, not after Accept.
    const opened = media.open({ camera: true, microphone: true });
    this.calls.set(conversationId, { call, media, opened, offMedia });
    // The answerer asks the visitor's app for an offer now (a `restart`), instead of after Accept.
    void call.start(true).catch(() => undefined);
  }

  private drop(conversationId: string): void {
    const entry = this.calls.get(conversationId);
    if (!entry) return;
    this.calls.delete(conversationId);
    entry.offMedia();
    entry.call.close();
    entry.media.close();
  }
}

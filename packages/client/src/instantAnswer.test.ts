import { describe, expect, it } from 'vitest';
import type { ConversationView, RtcSignal } from '@parley/protocol';
import { Emitter } from './emitter.ts';
import { ConsultantPreCalls, preCallStep, VisitorPreCall, type MakePeerCall } from './instantAnswer.ts';
import type { ConsultantClient } from './consultantClient.ts';
import type { LocalMedia } from './media/localMedia.ts';
import type { PeerCall, PeerCallOptions } from './peerCall.ts';
import { isStaleSignalRefusal } from './util.ts';
import type { VisitorClient } from './visitorClient.ts';

type View = Pick<ConversationView, 'id' | 'state' | 'consultantId' | 'media'>;
const view = (state: View['state'], consultantId: string | null, media: View['media'] = 'p2p'): View => ({
  id: 'conv1',
  state,
  consultantId,
  media,
});

/** Stands in for a PeerCall: records what the manager asks of it. */
class FakeCall {
  holdingMedia: boolean;
  isClosed = false;
  started: boolean[] = [];
  handled: RtcSignal[] = [];
  tracks: Record<string, unknown> = {};
  constructor(readonly options: PeerCallOptions) {
    this.holdingMedia = options.holdMedia ?? false;
  }
  start(rejoin = false) {
    this.started.push(rejoin);
    if (this.options.role === 'answerer' && rejoin) this.options.sendSignal({ kind: 'restart', epoch: 'e' });
    return Promise.resolve();
  }
  handleSignal(signal: RtcSignal) {
    this.handled.push(signal);
    return Promise.resolve();
  }
  setTrack(slot: string, track: unknown) {
    this.tracks[slot] = track;
    return Promise.resolve();
  }
  release() {
    this.holdingMedia = false;
    return Promise.resolve();
  }
  close() {
    this.isClosed = true;
  }
}

function calls(): { made: FakeCall[]; makeCall: MakePeerCall } {
  const made: FakeCall[] = [];
  const makeCall: MakePeerCall = (options) => {
    const call = new FakeCall(options);
    made.push(call);
    return call as unknown as PeerCall;
  };
  return { made, makeCall };
}

class FakeVisitorClient extends Emitter<{
  change: unknown;
  signal: { conversationId: string; signal: RtcSignal };
}> {
  state = { conversation: null as View | null, iceServers: [] };
  sent: RtcSignal[] = [];
  signal(s: RtcSignal) {
    this.sent.push(s);
  }
  set(conversation: View | null) {
    this.state = { ...this.state, conversation };
    this.emit('change', this.state);
  }
  receive(signal: RtcSignal, conversationId = 'conv1') {
    this.emit('signal', { conversationId, signal });
  }
}

class FakeConsultantClient extends Emitter<{
  change: unknown;
  signal: { conversationId: string; signal: RtcSignal };
}> {
  state = { consultantId: 'dana', conversations: {} as Record<string, View>, iceServers: [] };
  sent: [string, RtcSignal][] = [];
  get ringing(): View[] {
    return Object.values(this.state.conversations).filter((v) => v.state === 'ringing' && v.consultantId === 'dana');
  }
  signal(conversationId: string, s: RtcSignal) {
    this.sent.push([conversationId, s]);
  }
  set(conversation: View | null) {
    const conversations = { ...this.state.conversations };
    if (conversation) conversations[conversation.id] = conversation;
    else delete conversations.conv1;
    this.state = { ...this.state, conversations };
    this.emit('change', this.state);
  }
  receive(signal: RtcSignal) {
    this.emit('signal', { conversationId: 'conv1', signal });
  }
}

class FakeMedia extends Emitter<{ change: { microphone: unknown; camera: unknown } }> {
  opened = 0;
  closed = false;
  open() {
    this.opened++;
    this.emit('change', { microphone: 'mic', camera: 'cam' });
    return Promise.resolve(null);
  }
  close() {
    this.closed = true;
  }
}

/** A console's client with its pre-connections, every call and camera they made recorded. */
function consoleWithPreCalls() {
  const client = new FakeConsultantClient();
  const { made, makeCall } = calls();
  const media: FakeMedia[] = [];
  const pre = new ConsultantPreCalls(client as unknown as ConsultantClient, {
    makeCall,
    supported: true,
    newMedia: () => {
      const m = new FakeMedia();
      media.push(m);
      return m as unknown as LocalMedia;
    },
  });
  return { client, made, media, pre };
}

const ask: RtcSignal = { kind: 'restart', epoch: 'r1' };
const answer: RtcSignal = { kind: 'answer', epoch: 'e1', sdp: 'v=0' };

describe('instant answer', () => {
  it('[IA1][IA2] a pre-connection is kept while it rings for its consultant, released once active with them, closed otherwise', () => {
    expect(preCallStep('dana', view('ringing', 'dana'))).toBe('keep');
    expect(preCallStep('dana', view('active', 'dana'))).toBe('release');
    expect(preCallStep('dana', view('ringing', 'sam'))).toBe('close');
    expect(preCallStep('dana', view('active', 'sam'))).toBe('close');
    expect(preCallStep('dana', view('active', 'dana', 'sfu'))).toBe('close');
    for (const state of ['queued', 'declined', 'abandoned', 'ended'] as const)
      expect(preCallStep('dana', view(state, state === 'queued' ? null : 'dana'))).toBe('close');
    expect(preCallStep('dana', undefined)).toBe('close');
  });

  it("[IA1][IA2] the visitor offers on the rung console's request with nothing on its senders, and sends only once accepted", () => {
    const client = new FakeVisitorClient();
    const { made, makeCall } = calls();
    let camera = 'camera-1';
    const pre = new VisitorPreCall(client as unknown as VisitorClient, {
      makeCall,
      supported: true,
      tracks: () => ({ audio: 'mic' as unknown as MediaStreamTrack, camera: camera as unknown as MediaStreamTrack }),
    });
    const stop = pre.start();
    client.set(view('queued', null));
    client.receive(ask);
    expect(made).toHaveLength(0); // nobody rings for it: no offer
    client.set(view('ringing', 'dana'));
    client.receive(ask);
    const call = made[0]!;
    expect(call.options).toMatchObject({ role: 'offerer', holdMedia: true, localStream: null });
    expect(call.started).toEqual([false]);
    client.receive(answer);
    expect(call.handled).toEqual([answer]);
    expect(pre.take('conv1')).toBeUndefined(); // not before Accept
    camera = 'camera-2'; // the visitor changed camera while it rang
    client.set(view('active', 'dana'));
    expect(call.holdingMedia).toBe(false);
    expect(call.tracks).toEqual({ audio: 'mic', camera: 'camera-2' });
    expect(pre.take('conv1')).toBe(call);
    expect(pre.take('conv1')).toBeUndefined(); // handed over once
    client.receive(answer);
    expect(call.handled).toHaveLength(1); // its new owner routes signals now
    stop();
    expect(call.isClosed).toBe(false);
  });

  it('[IA1] a ring that moves on closes the visitor’s pre-connection; the next console asks again', () => {
    const client = new FakeVisitorClient();
    const { made, makeCall } = calls();
    const pre = new VisitorPreCall(client as unknown as VisitorClient, {
      makeCall,
      supported: true,
      tracks: () => ({ audio: null, camera: null }),
    });
    const stop = pre.start();
    client.set(view('ringing', 'dana'));
    client.receive(ask);
    client.set(view('queued', null)); // withdrawn
    expect(made[0]!.isClosed).toBe(true);
    client.set(view('ringing', 'sam'));
    client.receive(ask);
    expect(made).toHaveLength(2);
    // Accepted by someone else than the one it was made with (picked meanwhile): not released, not handed over.
    client.set(view('active', 'lee'));
    expect(made[1]!.isClosed).toBe(true);
    expect(made[1]!.holdingMedia).toBe(true);
    expect(pre.take('conv1')).toBeUndefined();
    stop();
  });

  it('[IA1][IA4] the console opens camera and asks for an offer when a request rings for it, releases on Accept, hands it over', () => {
    const { client, made, media, pre } = consoleWithPreCalls();
    const stop = pre.start();
    client.set(view('queued', null));
    expect(made).toHaveLength(0);
    client.set(view('ringing', 'dana'));
    const call = made[0]!;
    expect(call.options).toMatchObject({ role: 'answerer', holdMedia: true });
    expect(client.sent).toEqual([['conv1', { kind: 'restart', epoch: 'e' }]]);
    expect(media[0]!.opened).toBe(1);
    expect(call.tracks).toEqual({ audio: 'mic', camera: 'cam' });
    expect(call.holdingMedia).toBe(true); // tracks kept, not sent
    client.receive({ kind: 'offer', epoch: 'e1', sdp: 'v=0' });
    expect(call.handled).toHaveLength(1);
    expect(pre.first()).toBe(call);
    client.set(view('active', 'dana'));
    expect(call.holdingMedia).toBe(false);
    const taken = pre.take('conv1');
    expect(taken?.call).toBe(call);
    expect(taken?.media).toBe(media[0]);
    stop();
    expect(call.isClosed).toBe(false);
    expect(media[0]!.closed).toBe(false);
  });

  it('[IA4] a ring that goes away closes the console’s call and camera; switched off, nothing is prepared', () => {
    const { client, made, media, pre } = consoleWithPreCalls();
    const stop = pre.start();
    client.set(view('ringing', 'dana'));
    client.set(null); // declined: it left this console's view
    expect(made[0]!.isClosed).toBe(true);
    expect(media[0]!.closed).toBe(true);
    expect(pre.first()).toBeUndefined();
    pre.enabled = false;
    client.set(view('ringing', 'dana'));
    expect(made).toHaveLength(1);
    expect(pre.peek('conv1')).toBeUndefined();
    stop();
  });

  it('[IA1] a signal refused because the ring moved on is not shown; other refusals are', () => {
    expect(isStaleSignalRefusal({ code: 'conversation_not_found', ref: 'rtc.signal' })).toBe(true);
    expect(isStaleSignalRefusal({ code: 'illegal_transition', ref: 'rtc.signal' })).toBe(true);
    expect(isStaleSignalRefusal({ code: 'rate_limited', ref: 'rtc.signal' })).toBe(false);
    expect(isStaleSignalRefusal({ code: 'conversation_not_found', ref: 'chat.send' })).toBe(false);
  });
});

import { z } from 'zod';

/**
 * SFU signalling relayed by Parley ([S1]–[S6]): browsers never reach the media server's API.
 * A *leg* is one peer connection between a browser and the SFU, named by the browser.
 */
const id = z.string().min(1).max(64);
const leg = z.string().min(1).max(32);
const sdp = z.string().min(1).max(60_000);

/** A media room: a broadcast link's stage, or a conference (a conversation with extra agents). */
export const MediaRoomRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('broadcast'), linkId: id }),
  z.object({ kind: z.literal('conversation'), conversationId: id }),
]);
export type MediaRoomRef = z.infer<typeof MediaRoomRef>;

export const MediaCandidate = z.object({
  candidate: z.string().max(1000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
});

export const MediaClientMessages = [
  /**
   * Publish own camera and microphone into the room, or (`source: 'screen'`, conferences only,
   * F-15) a shared screen as a second feed; answered by `media.answer`.
   */
  z.object({
    type: z.literal('media.publish'),
    room: MediaRoomRef,
    leg,
    sdp,
    source: z.enum(['camera', 'screen']).optional(),
  }),
  /** Receive one feed; answered by `media.offer`, completed with `media.start`. */
  z.object({ type: z.literal('media.subscribe'), room: MediaRoomRef, leg, feed: id }),
  z.object({ type: z.literal('media.start'), leg, sdp }),
  /** Trickle ICE to the SFU; `null` ends the candidates. */
  z.object({ type: z.literal('media.candidate'), leg, candidate: MediaCandidate.nullable() }),
  z.object({ type: z.literal('media.close'), leg }),
  /**
   * [NW11] A receiving leg asks for one simulcast layer of its feed (0 the smallest, 2 the full
   * picture) when its link cannot carry the one it gets, or can carry more again.
   */
  z.object({ type: z.literal('media.layer'), leg, substream: z.number().int().min(0).max(2) }),
  /** [S5] F-16: invite a colleague into the call; the invited one joins or declines. */
  z.object({ type: z.literal('conference.invite'), conversationId: id, consultantId: id }),
  z.object({ type: z.literal('conference.join'), conversationId: id }),
  z.object({ type: z.literal('conference.decline'), conversationId: id }),
  z.object({ type: z.literal('conference.leave'), conversationId: id }),
] as const;

export const MediaServerMessages = [
  z.object({ type: z.literal('media.answer'), leg, sdp: z.string() }),
  z.object({ type: z.literal('media.offer'), leg, sdp: z.string() }),
  /** [S5] To a consultant who left a conference: the call goes on without them. */
  z.object({ type: z.literal('conference.left'), conversationId: z.string() }),
] as const;

/**
 * [TP8] A side that stays on browser audio while a phone is in the call joins the call's phone
 * mix with one WebRTC peer connection (Opus, audio only), signalled through Parley like the SFU.
 */
export const PhoneMixClientMessages = [
  /** The browser's offer (audio only); answered by `call.mix.answer`. A new join replaces the old. */
  z.object({ type: z.literal('call.mix.join'), conversationId: id, sdp }),
  /** Trickle ICE to the mix; `null` ends the candidates. */
  z.object({ type: z.literal('call.mix.candidate'), conversationId: id, candidate: MediaCandidate.nullable() }),
  /** The browser leaves the mix (the last phone hung up, or the call view closed). */
  z.object({ type: z.literal('call.mix.leave'), conversationId: id }),
] as const;

export const PhoneMixServerMessages = [
  z.object({ type: z.literal('call.mix.answer'), conversationId: z.string(), sdp: z.string() }),
] as const;

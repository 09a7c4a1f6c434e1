import { z } from 'zod';
import { ChatMessageView, ConversationView } from './conversation.ts';
import { errorCodes, type ErrorCode } from './errors.ts';
import { MAX_CHAT_LENGTH, MAX_NAME_LENGTH } from './constants.ts';
import { TeamMemberView, TeamMessageView, TeamSend, VisitorContext } from './desk.ts';
import { MediaClientMessages, MediaServerMessages, PhoneMixClientMessages, PhoneMixServerMessages } from './media.ts';
import { MediaState, VisitorSetupInput } from './callMedia.ts';
import { CobrowseSignal } from './cobrowse.ts';
import { SessionCodeInput } from './appointments.ts';
import { SiteVisitorClientMessages, SiteVisitorServerMessages } from './siteVisitors.ts';
import { OverviewClientMessages, OverviewServerMessages } from './overview.ts';

const id = z.string().min(1).max(64);
const displayName = z.string().trim().max(MAX_NAME_LENGTH);

export const Locale = z.enum(['en', 'pl', 'nl', 'pt']);
export type Locale = z.infer<typeof Locale>;
export const locales = Locale.options;

/** [T9][U1] Why the server ended a consultant's login session (and closed its sockets). */
export const SessionEndReason = z.enum([
  'account_deactivated',
  'logged_out',
  'session_expired',
  'password_changed',
  'password_reset',
]);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

// ---- WebRTC signalling payloads (relayed, never interpreted by the server) ----

/** `epoch` names one peer connection; a new epoch means "start a fresh connection". */
const epoch = z.string().min(1).max(64);
export const RtcSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), epoch, sdp: z.string().min(1).max(60_000) }),
  z.object({ kind: z.literal('answer'), epoch, sdp: z.string().min(1).max(60_000) }),
  z.object({
    kind: z.literal('candidate'),
    epoch,
    candidate: z.object({
      candidate: z.string().max(1000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  /** "I have no peer connection (page reloaded): please offer a fresh one." */
  z.object({ kind: z.literal('restart'), epoch }),
]);
export type RtcSignal = z.infer<typeof RtcSignal>;

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

// ---- client → server ----

export const VisitorHello = z.object({
  type: z.literal('hello'),
  v: z.number().int(),
  role: z.literal('visitor'),
  linkKey: id,
  resumeToken: z.string().min(16).max(128).optional(),
  locale: Locale.optional(),
  /**
   * [E5] The origin of the page that embeds the visitor app (the iframe's parent), as the app
   * sees it. Checked against the tenant's allowed origins; the browser enforces the same list
   * with `frame-ancestors` on the app itself (docs/decisions/0002-origins.md).
   */
  embedOrigin: z.string().max(256).optional(),
  /**
   * [K2][D1] Identity and attached data from the embedding page (F-22, F-23). Invalid context is
   * dropped rather than refused: a page that attaches too much must not lock its visitors out.
   */
  context: VisitorContext.optional().catch(undefined),
  /** [SV8] The site visit the loader reported (issue 15): links the conversation to the visitor's row. */
  visitId: z.string().min(8).max(64).optional().catch(undefined),
});
export const ConsultantHello = z.object({
  type: z.literal('hello'),
  v: z.number().int(),
  role: z.literal('consultant'),
});
export const Hello = z.discriminatedUnion('role', [VisitorHello, ConsultantHello]);
export type Hello = z.infer<typeof Hello>;
export type VisitorHello = z.infer<typeof VisitorHello>;

const conversationRef = { conversationId: id };

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({
    type: z.literal('conversation.request'),
    name: displayName.optional(),
    /** [MD1] The media check's result; requests without it count as joined without a check. */
    setup: VisitorSetupInput.optional(),
    /** [DC1] The department the visitor chose, on a link that offers a choice. */
    departmentId: id.optional(),
    /** [AP7] A session code: the request waits for the consultant of that planned session. */
    sessionCode: SessionCodeInput.optional(),
  }),
  /** [AP8] The media check ended after the request (a guest with a session code asks first). */
  z.object({ type: z.literal('conversation.setup'), ...conversationRef, setup: VisitorSetupInput }),
  z.object({ type: z.literal('conversation.cancel'), ...conversationRef }),
  z.object({ type: z.literal('conversation.accept'), ...conversationRef }),
  z.object({ type: z.literal('conversation.decline'), ...conversationRef }),
  z.object({ type: z.literal('conversation.end'), ...conversationRef }),
  /** [C9] "Queue": park a ringing request in the communication queue, without ringing again. */
  z.object({ type: z.literal('conversation.queue'), ...conversationRef }),
  /** [C10] Take a waiting request from the queue panel. */
  z.object({ type: z.literal('conversation.pick'), ...conversationRef }),
  /** [C11] Hold / resume (consultant only). */
  z.object({ type: z.literal('conversation.hold'), ...conversationRef }),
  z.object({ type: z.literal('conversation.resume'), ...conversationRef }),
  /** [C12] Transfer to a colleague or to a link's queue, with a reason kept in the notes. */
  z.object({
    type: z.literal('conversation.transfer'),
    ...conversationRef,
    to: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('consultant'), consultantId: id }),
      z.object({ kind: z.literal('link'), linkId: id }),
    ]),
    reason: z.string().trim().max(500),
  }),
  /** [C13] Wrap-up: Mark as done, optionally with a disposition code. */
  z.object({
    type: z.literal('conversation.done'),
    ...conversationRef,
    disposition: z.string().trim().min(1).max(64).nullable(),
  }),
  z.object({ type: z.literal('broadcast.start'), linkId: id }),
  z.object({ type: z.literal('broadcast.stop'), linkId: id }),
  z.object({ type: z.literal('broadcast.join') }),
  z.object({ type: z.literal('broadcast.leave') }),
  z.object({ type: z.literal('presence.set'), available: z.boolean() }),
  z.object({
    type: z.literal('chat.send'),
    ...conversationRef,
    clientId: id,
    text: z.string().trim().min(1).max(MAX_CHAT_LENGTH),
  }),
  z.object({ type: z.literal('rtc.signal'), ...conversationRef, signal: RtcSignal }),
  // ---- the consultant's desk ----
  /** [K2][D1] The embedding page identified the visitor or attached data after the app started. */
  z.object({ type: z.literal('visitor.context'), context: VisitorContext }),
  /** [O1] Operator-to-operator chat: to one consultant of the tenant, or the whole team (null). */
  TeamSend,
  /** [Y1] The visitor asks for the transcript of their ended conversation by e-mail. */
  z.object({
    type: z.literal('transcript.send'),
    ...conversationRef,
    email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
    locale: Locale.optional(),
  }),
  ...MediaClientMessages,
  /** [MD4] "This is what I am sending now" (camera, microphone, screen, support video). */
  z.object({ type: z.literal('call.media'), ...conversationRef, state: MediaState }),
  /** [CB1]–[CB6] Co-browsing, relayed to the other side of an active conversation. */
  z.object({ type: z.literal('cobrowse'), ...conversationRef, signal: CobrowseSignal }),
  /** [TP4] The consultant switches the call's audio to the telephone (F-14). */
  z.object({ type: z.literal('call.phone'), ...conversationRef }),
  ...PhoneMixClientMessages,
  ...SiteVisitorClientMessages,
  ...OverviewClientMessages,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export type ClientMessageType = ClientMessage['type'] | 'hello';

// ---- server → client ----

export const SelfView = z.object({ id: z.string(), name: z.string() });

const LinkModeName = z.enum(['consultation', 'pool', 'broadcast']);

/** A link as its visitor app sees it: how it routes and what to show while nobody is there. */
/** [DC1] A department the visitor may choose, named as the admin named it. */
export const DepartmentChoice = z.object({ id: z.string(), name: z.string() });
export type DepartmentChoice = z.infer<typeof DepartmentChoice>;

export const VisitorLinkView = z.object({
  name: z.string(),
  mode: LinkModeName,
  offline: z.object({ text: z.string(), imageUrl: z.string().nullable() }),
  /** [DC1] Departments to choose between before Connect; empty when the link has a fixed one. */
  departments: z.array(DepartmentChoice),
});
export type VisitorLinkView = z.infer<typeof VisitorLinkView>;

/** A link a consultant serves. */
export const ConsultantLinkView = z.object({ id: z.string(), name: z.string(), mode: LinkModeName });
export type ConsultantLinkView = z.infer<typeof ConsultantLinkView>;

/** [B1]–[B5] A broadcast room's state: viewers see whether it is live, the presenter the count. */
export const BroadcastView = z.object({
  linkId: z.string(),
  live: z.boolean(),
  presenterId: z.string().nullable(),
  presenterName: z.string().nullable(),
  viewers: z.number().int().nonnegative(),
  capacity: z.number().int().positive(),
  /** [S1] The presenter's feed is in the SFU: viewers subscribe to it (null while not sending). */
  feed: z.string().nullable(),
});
export type BroadcastView = z.infer<typeof BroadcastView>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    v: z.number().int(),
    role: z.enum(['visitor', 'consultant']),
    self: SelfView,
    /** Visitor only: keep in sessionStorage and send back in hello to resume. */
    resumeToken: z.string().nullable(),
    iceServers: z.array(IceServer),
    /** Visitor: whether anybody can take a call on this link. Consultant: own availability. */
    available: z.boolean(),
    conversations: z.array(ConversationView),
    messages: z.array(ChatMessageView),
    /** Visitor: the link they came through. Consultant: null. */
    link: VisitorLinkView.nullable(),
    /** Consultant: the links they serve (visitors: empty). */
    links: z.array(ConsultantLinkView),
    /** Broadcast rooms this participant can see (the visitor's link, the consultant's broadcast links). */
    broadcasts: z.array(BroadcastView),
    /** Consultant: how many conversations they take at once (F-29). */
    capacity: z.number().int().positive(),
    /** [Y5] Whether this server can e-mail a transcript (SMTP configured); absent means no. */
    emailTranscripts: z.boolean().optional(),
    /** [GD5] Visitor: how long the tenant keeps a transcript (null: until deleted) and its privacy notice. */
    privacy: z
      .object({ keptDays: z.number().int().positive().nullable(), noticeUrl: z.string().nullable() })
      .optional(),
  }),
  z.object({ type: z.literal('pong') }),
  /**
   * [NW3] Fresh time-limited TURN credentials, sent on every connection at half their lifetime:
   * a peer connection made later in a long call (an ICE restart, a rejoin) uses these.
   */
  z.object({ type: z.literal('ice.servers'), iceServers: z.array(IceServer) }),
  z.object({ type: z.literal('availability'), available: z.boolean() }),
  z.object({ type: z.literal('conversation.updated'), conversation: ConversationView }),
  z.object({ type: z.literal('chat.message'), message: ChatMessageView }),
  z.object({ type: z.literal('broadcast.updated'), broadcast: BroadcastView }),
  /** To a consultant: an admin changed what they serve. */
  z.object({ type: z.literal('links.updated'), links: z.array(ConsultantLinkView), capacity: z.number().int() }),
  /**
   * [T9][U1] To a consultant socket whose login session ended (deactivated account, logout,
   * expiry, changed or reset password): the server closes it right after with close code 4401
   * and the same reason; the console returns to login.
   */
  z.object({ type: z.literal('session.ended'), reason: SessionEndReason }),
  /** [I5] The tenant's inbox changed: refetch it (the message carries nothing [I3] might hide). */
  z.object({ type: z.literal('inbox.changed') }),
  /** To one viewer: whether they are (still) in the room. */
  z.object({ type: z.literal('broadcast.joined'), linkId: z.string(), joined: z.boolean() }),
  z.object({ type: z.literal('rtc.signal'), conversationId: z.string(), signal: RtcSignal }),
  /** [CB1]–[CB6] Co-browsing from the other side of the conversation. */
  z.object({ type: z.literal('cobrowse'), conversationId: z.string(), signal: CobrowseSignal }),
  /**
   * [TP4][TP7][TP11] The call's audio goes by telephone: where to dial and this side's own PIN (a
   * secret: shown to its side only), and whose phone is connected now.
   */
  z.object({
    type: z.literal('call.phone'),
    conversationId: z.string(),
    numbers: z.array(z.string()),
    pin: z.string(),
    /** Whose phones are on: the visitor's, a consultant's (in a conference, any of theirs). */
    phones: z.object({ consultant: z.boolean(), visitor: z.boolean() }),
    /** [TP7] This side's own phone is on: its browser neither sends nor plays call audio. */
    mine: z.boolean(),
    /** [TP8][TP11] Someone else's phone is on: this side's browser audio goes through the mix. */
    others: z.boolean(),
  }),
  ...PhoneMixServerMessages,
  // ---- the consultant's desk ----
  /** [O2] Everyone of the tenant's team with their presence, sent on connect. */
  z.object({ type: z.literal('team.roster'), members: z.array(TeamMemberView) }),
  /**
   * [O2] One colleague changed: their presence (or name), or they joined the team; `member: null`
   * means they are no longer on it (deactivated).
   */
  z.object({ type: z.literal('team.member'), id: z.string(), member: TeamMemberView.nullable() }),
  /** [O3] Recent team messages this consultant may read, sent after welcome. */
  z.object({ type: z.literal('team.history'), messages: z.array(TeamMessageView) }),
  z.object({ type: z.literal('team.message'), message: TeamMessageView }),
  /** [Y1] The transcript went out. */
  z.object({ type: z.literal('transcript.sent'), conversationId: z.string() }),
  ...MediaServerMessages,
  ...SiteVisitorServerMessages,
  ...OverviewServerMessages,
  z.object({
    type: z.literal('error'),
    code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    /** The type of the client message this answers, when known. */
    ref: z.string().nullable(),
    /** [M3] For a refused `chat.send`: its client id, so the sender stops resending it. */
    clientId: z.string().optional(),
  }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

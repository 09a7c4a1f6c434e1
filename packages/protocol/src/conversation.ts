import { z } from 'zod';
import { ConversationMedia, VisitorSetup } from './callMedia.ts';
import { AppointmentFacts } from './appointments.ts';

/** Names of the conversation lifecycle states (see docs/SPEC.md [C1]–[C9]). */
export const conversationStateNames = [
  'queued',
  'ringing',
  'active',
  'ended',
  'done',
  'declined',
  'abandoned',
] as const;
export const ConversationStateName = z.enum(conversationStateNames);
export type ConversationStateName = z.infer<typeof ConversationStateName>;

export const EndReason = z.enum(['visitor_ended', 'consultant_ended', 'visitor_left', 'consultant_left']);
export type EndReason = z.infer<typeof EndReason>;

export const AbandonReason = z.enum(['visitor_cancelled', 'visitor_left']);
export type AbandonReason = z.infer<typeof AbandonReason>;

/** What a participant is shown of a conversation. Never carries secrets. */
export const ConversationView = z.object({
  id: z.string(),
  linkId: z.string(),
  state: ConversationStateName,
  visitorName: z.string(),
  consultantId: z.string().nullable(),
  consultantName: z.string().nullable(),
  /** 1-based place in the link's queue while queued or ringing; null otherwise. */
  queuePosition: z.number().int().positive().nullable(),
  /** [Q5] Estimated wait from recent handling times; null when there is no honest estimate. */
  estimatedWaitMs: z.number().int().nonnegative().nullable(),
  /** [Q6] The visitor may leave a message instead of waiting (nobody available, or wait limit passed). */
  canLeaveMessage: z.boolean(),
  /** [C9] Parked in the communication queue by a consultant: waits to be picked. */
  parked: z.boolean(),
  /** [C11] On hold: the visitor cannot send, media is paused. */
  held: z.boolean(),
  /** [C12] Ringing because this colleague (name) transferred it; null otherwise. */
  transferredFrom: z.string().nullable(),
  queuedAt: z.number(),
  acceptedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  closeReason: z.union([EndReason, AbandonReason, z.literal('declined')]).nullable(),
  /** [S5] F-16 conference: other consultants present in the call besides `consultantId`. */
  members: z.array(z.object({ id: z.string(), name: z.string() })),
  /** [S5] Colleagues invited to the call who have not joined yet. */
  invited: z.array(z.object({ id: z.string(), name: z.string() })),
  /** [S6] 'sfu' once a third party joined: everyone's media goes through the SFU room. */
  media: z.enum(['p2p', 'sfu']),
  /** [S6] Feeds published in the conversation's SFU room (`v-…` the visitor, `c-…` a consultant). */
  feeds: z.array(z.string()),
  /** [MD1][MD3] How the visitor joined: media check, mode, browser. Null for requests without it. */
  visitorSetup: VisitorSetup.nullable(),
  /** [MD4] What each side is sending now; null until that side has said. */
  mediaState: ConversationMedia,
  /** [AP7] A planned session's request: when it was planned for (it waits for one consultant). */
  appointment: AppointmentFacts.nullable().optional(),
  /** [M8] The visitor's first chat message, written while waiting: shown in the ring and the queue. */
  firstMessage: z.string().nullable().optional(),
});
export type ConversationView = z.infer<typeof ConversationView>;

export const ChatSender = z.enum(['visitor', 'consultant']);
export type ChatSender = z.infer<typeof ChatSender>;

export const ChatMessageView = z.object({
  id: z.string(),
  conversationId: z.string(),
  clientId: z.string(),
  sender: ChatSender,
  authorName: z.string(),
  text: z.string(),
  sentAt: z.number(),
});
export type ChatMessageView = z.infer<typeof ChatMessageView>;

import { z } from 'zod';
import { CallMode } from './callMedia.ts';
import { ChatMessageView, ConversationStateName } from './conversation.ts';

/**
 * [OV1]–[OV8] The Communication Overview (issue 15 item 4): supervisors and admins watch every
 * live conversation and waiting request of the tenant and the consultants' presence and load over
 * their console's WebSocket, read one conversation silently, take it over or transfer it.
 */

const id = z.string().min(1).max(64);

/** [OV1] Who may oversee: a supervisor (a consultant who also oversees) or an admin. */
export const overseeingRoles = ['supervisor', 'admin'] as const;
export function canOversee(role: string): boolean {
  return (overseeingRoles as readonly string[]).includes(role);
}

/** [OV2] One open conversation or waiting request as the overview shows it. */
export const OverviewConversation = z.object({
  id: z.string(),
  state: ConversationStateName,
  visitorName: z.string(),
  consultantId: z.string().nullable(),
  consultantName: z.string().nullable(),
  linkId: z.string(),
  linkName: z.string(),
  departmentName: z.string().nullable(),
  /** How the visitor joined (null: not known yet, e.g. a guest before the media check). */
  mode: CallMode.nullable(),
  parked: z.boolean(),
  held: z.boolean(),
  /** Timestamps (server clock): the console ticks the waiting and talking times from these. */
  queuedAt: z.number(),
  acceptedAt: z.number().nullable(),
});
export type OverviewConversation = z.infer<typeof OverviewConversation>;

/** [OV2] A consultant of the tenant with their presence and load. */
export const OverviewConsultant = z.object({
  id: z.string(),
  name: z.string(),
  connected: z.boolean(),
  available: z.boolean(),
  /** Ringing and active conversations they have now. */
  load: z.number().int().nonnegative(),
  capacity: z.number().int().positive(),
});
export type OverviewConsultant = z.infer<typeof OverviewConsultant>;

export const OverviewView = z.object({
  /** The server's clock when this was sent: the console corrects its own clock by it. */
  serverNow: z.number(),
  conversations: z.array(OverviewConversation),
  consultants: z.array(OverviewConsultant),
});
export type OverviewView = z.infer<typeof OverviewView>;

/** Console → server over the consultant's WebSocket (refused with `forbidden` unless [OV1]). */
export const OverviewClientMessages = [
  /** [OV3] Start (true) or stop receiving the overview. */
  z.object({ type: z.literal('overview.watch'), watch: z.boolean() }),
  /** [OV4] Read one conversation silently (null: stop reading). */
  z.object({ type: z.literal('overview.observe'), conversationId: id.nullable() }),
  /** [OV5] Take the conversation (or waiting request) over: it becomes the caller's. */
  z.object({ type: z.literal('overview.take_over'), conversationId: id }),
  /** [OV6] Hand an active conversation to an available colleague with a free slot. */
  z.object({
    type: z.literal('overview.transfer'),
    conversationId: id,
    consultantId: id,
    reason: z.string().trim().max(500),
  }),
] as const;

/** Server → console. */
export const OverviewServerMessages = [
  /** [OV3] The whole overview, sent when watching starts and after every change. */
  z.object({ type: z.literal('overview.state'), overview: OverviewView }),
  /** [OV4] The transcript so far of the conversation being read; new messages follow as `chat.message`. */
  z.object({
    type: z.literal('overview.transcript'),
    conversationId: z.string(),
    messages: z.array(ChatMessageView),
  }),
  /** [OV5] To the consultant whose conversation a supervisor took over. */
  z.object({
    type: z.literal('conversation.taken_over'),
    conversationId: z.string(),
    visitorName: z.string(),
    byName: z.string(),
  }),
] as const;

import { z } from 'zod';

/**
 * The consultant's desk (seeds 003/004): contact records (F-23), attached and custom data
 * (F-22), notepad and disposition codes (F-21), canned responses (F-24), operator-to-operator
 * chat (F-27) and transcripts by e-mail (F-30). Rule ids: docs/SPEC.md [K], [D], [N], [S], [O], [Y].
 */

// messages.ts imports this module, so its limits are repeated here instead of imported (no cycle).
const MAX_NAME_LENGTH = 80;
const MAX_CHAT_LENGTH = 4000;
const id = z.string().min(1).max(64);
const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
const label = z.string().trim().min(1).max(MAX_NAME_LENGTH);

// ---------------------------------------------------------------- identity and attached data

/** One signed field: taken exactly as signed (no trimming), and never a line break ([SD4]). */
const signedField = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\r\n]*$/);

/**
 * [K2][SD4] An identity the embedding page vouches for: signature = hex HMAC-SHA256(tenant secret,
 * `parley-identity-v1\nid\nname\nemail\nexpires`), `expires` in Unix seconds (README).
 */
export const VisitorIdentity = z.object({
  id: signedField(128).min(1),
  name: signedField(MAX_NAME_LENGTH).optional(),
  email: signedField(254).optional(),
  expires: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  signature: z.string().trim().min(1).max(128),
});
export type VisitorIdentity = z.infer<typeof VisitorIdentity>;

export const MAX_ATTACHED_FIELDS = 20;
export const MAX_ATTACHED_VALUE = 500;
/** [D1] Data the embedding page attaches: a few short string values under simple keys. */
export const AttachedData = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/), z.string().max(MAX_ATTACHED_VALUE))
  .refine((r) => Object.keys(r).length <= MAX_ATTACHED_FIELDS, { message: `at most ${MAX_ATTACHED_FIELDS} fields` });
export type AttachedData = z.infer<typeof AttachedData>;

/** What the loader hands the visitor app (URL fragment or postMessage) and the app hands the server. */
export const VisitorContext = z.object({
  identity: VisitorIdentity.optional(),
  attached: AttachedData.optional(),
});
export type VisitorContext = z.infer<typeof VisitorContext>;

// ---------------------------------------------------------------- contacts

/**
 * [CT1][CT3] How a contact came to be: named by a signed identity ([K2]), the browser of an
 * anonymous visitor, or typed in by a consultant. Only a signed contact has an external id.
 */
export const ContactKind = z.enum(['signed', 'anonymous', 'manual']);
export type ContactKind = z.infer<typeof ContactKind>;

export const ContactView = z.object({
  id: z.string(),
  kind: ContactKind,
  externalId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  note: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
});
export type ContactView = z.infer<typeof ContactView>;

export const MAX_CONTACT_NOTE_LENGTH = 2000;

/** [CT3] A contact as a consultant types it in or edits it; empty e-mail and phone mean none. */
export const ContactBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z
    .string()
    .trim()
    .pipe(z.union([z.literal(''), z.email().max(254)]))
    .default(''),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9+()./ -]*$/)
    .default(''),
  note: z.string().trim().max(MAX_CONTACT_NOTE_LENGTH).default(''),
});
export type ContactBody = z.infer<typeof ContactBody>;

/** [CT4] Merge `mergedId` into `survivorId`: the survivor stays, the other is deleted. */
export const ContactMergeBody = z
  .object({ survivorId: z.string().min(1).max(64), mergedId: z.string().min(1).max(64) })
  .refine((b) => b.survivorId !== b.mergedId, { message: 'a contact cannot be merged into itself' });
export type ContactMergeBody = z.infer<typeof ContactMergeBody>;

export const ContactSearchQuery = z.object({ q: z.string().trim().max(100).default('') });

export const NoteView = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  createdAt: z.number(),
});
export type NoteView = z.infer<typeof NoteView>;

export const MAX_NOTE_LENGTH = 4000;
export const NoteBody = z.object({ text: z.string().trim().min(1).max(MAX_NOTE_LENGTH) });

export const WrapUpView = z.object({
  dispositionCode: z.string().nullable(),
  dispositionLabel: z.string().nullable(),
  notes: z.string(),
  consultantId: z.string(),
  doneAt: z.number(),
});
export type WrapUpView = z.infer<typeof WrapUpView>;

/** One conversation in a contact's history. */
export const HistoryEntry = z.object({
  conversationId: z.string(),
  state: z.string(),
  consultantName: z.string().nullable(),
  queuedAt: z.number(),
  closedAt: z.number().nullable(),
  notes: z.array(NoteView),
  wrapUp: WrapUpView.nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ContactDetail = z.object({ contact: ContactView, history: z.array(HistoryEntry) });
export type ContactDetail = z.infer<typeof ContactDetail>;

// ---------------------------------------------------------------- dispositions, custom fields, settings

export const DispositionView = z.object({ id: z.string(), code: z.string(), label: z.string(), active: z.boolean() });
export type DispositionView = z.infer<typeof DispositionView>;
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/);
export const DispositionBody = z.object({ code, label });
export const UpdateDispositionBody = z.object({ label, active: z.boolean() }).partial();

export const CustomFieldView = z.object({ id: z.string(), label: z.string(), position: z.number().int() });
export type CustomFieldView = z.infer<typeof CustomFieldView>;
export const CustomFieldBody = z.object({ label, position: z.number().int().min(0).max(1000).optional() });

export const DeskSettings = z.object({
  /** [N3] "Mark as done" needs a disposition code. */
  dispositionRequired: z.boolean(),
});
export type DeskSettings = z.infer<typeof DeskSettings>;

/** [K1] Admins read (and rotate) the secret their backend signs visitor identities with. */
export const IdentitySecretView = z.object({ secret: z.string() });

export const MAX_CUSTOM_VALUE = 500;
/** [D2] Consultants edit values of the fields the admin defined; unknown field ids are refused. */
export const CustomValuesBody = z.object({
  values: z.record(id, z.string().trim().max(MAX_CUSTOM_VALUE)),
});

/** Everything the consultant sees beside a conversation. */
export const ConversationDeskView = z.object({
  conversationId: z.string(),
  contact: ContactView.nullable(),
  attached: z.record(z.string(), z.string()),
  fields: z.array(CustomFieldView.extend({ value: z.string() })),
  notes: z.array(NoteView),
  wrapUp: WrapUpView.nullable(),
  dispositions: z.array(DispositionView),
  settings: DeskSettings,
});
export type ConversationDeskView = z.infer<typeof ConversationDeskView>;

/** [N2] Mark as done: the disposition (required when the tenant says so) and closing notes. */
export const DoneBody = z.object({
  dispositionCode: code.nullable().default(null),
  notes: z.string().trim().max(MAX_NOTE_LENGTH).default(''),
});
export type DoneBody = z.infer<typeof DoneBody>;

// ---------------------------------------------------------------- canned responses

export const MAX_CANNED_TEXT = 2000;
/**
 * [CR1] Whose a canned response is: one consultant's own (`personal`), one department's, or the
 * whole tenant's. The desk's picker labels each by it ([CR3]).
 */
export const CannedScope = z.enum(['personal', 'department', 'tenant']);
export type CannedScope = z.infer<typeof CannedScope>;
export const CannedResponseView = z.object({
  id: z.string(),
  scope: CannedScope,
  departmentId: z.string().nullable(),
  title: z.string(),
  text: z.string(),
  /** [CR4] How often it was put into a chat input. */
  useCount: z.number().int().nonnegative(),
});
export type CannedResponseView = z.infer<typeof CannedResponseView>;
/** [CR1] An admin's shared response: the whole tenant's (`departmentId: null`) or one department's. */
export const CannedResponseBody = z.object({
  title: label,
  text: z.string().trim().min(1).max(MAX_CANNED_TEXT),
  departmentId: id.nullable().default(null),
});
export type CannedResponseBody = z.infer<typeof CannedResponseBody>;
/** [CR2] A consultant's own response: title and text only. */
export const PersonalCannedBody = CannedResponseBody.pick({ title: true, text: true });
export type PersonalCannedBody = z.infer<typeof PersonalCannedBody>;

// ---------------------------------------------------------------- team chat (WebSocket payloads)

export const TeamPresence = z.enum(['available', 'online', 'offline']);
export type TeamPresence = z.infer<typeof TeamPresence>;
export const TeamMemberView = z.object({ id: z.string(), name: z.string(), presence: TeamPresence });
export type TeamMemberView = z.infer<typeof TeamMemberView>;
export const TeamMessageView = z.object({
  id: z.string(),
  clientId: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  /** null: to the whole team of the tenant. */
  recipientId: z.string().nullable(),
  text: z.string(),
  sentAt: z.number(),
});
export type TeamMessageView = z.infer<typeof TeamMessageView>;
export const TeamSend = z.object({
  type: z.literal('team.send'),
  clientId: id,
  to: id.nullable(),
  text: z.string().trim().min(1).max(MAX_CHAT_LENGTH),
});

// ---------------------------------------------------------------- transcript by e-mail

export const TranscriptBody = z.object({ email, locale: z.enum(['en', 'pl', 'nl', 'pt']).optional() });
export type TranscriptBody = z.infer<typeof TranscriptBody>;

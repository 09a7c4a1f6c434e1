import { z } from 'zod';
import { MAX_NAME_LENGTH } from './constants.ts';
import { LinkTheme } from './linkTheme.ts';

/**
 * REST bodies of the admin area (departments, consultants, links) and of the left-message
 * inbox (F-04, F-10, F-11, F-31). Every route is scoped to the caller's tenant.
 */

const name = z.string().trim().min(1).max(MAX_NAME_LENGTH);
const id = z.string().min(1).max(64);
export const MAX_OFFLINE_TEXT = 500;
export const MAX_LEFT_MESSAGE = 4000;
/** Longest wait limit an admin may set (a day); null means "never offer to leave a message". */
export const MAX_WAIT_LIMIT_MS = 24 * 60 * 60 * 1000;
export const MAX_CONVERSATIONS_PER_CONSULTANT = 10;
export const MAX_BROADCAST_VIEWERS = 100;
/** The offline picture (F-10): raw PNG, JPEG or WebP body of at most 512 KiB. */
export const MAX_OFFLINE_IMAGE_BYTES = 512 * 1024;
export const OFFLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type OfflineImageType = (typeof OFFLINE_IMAGE_TYPES)[number];

export const LinkMode = z.enum(['consultation', 'pool', 'broadcast']);
export type LinkMode = z.infer<typeof LinkMode>;
export const LinkAcceptance = z.enum(['manual', 'automatic']);
export type LinkAcceptance = z.infer<typeof LinkAcceptance>;
/** [OV1] A supervisor is a consultant who also oversees the tenant's conversations; admins do too. */
export const Role = z.enum(['consultant', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const DepartmentView = z.object({ id: z.string(), name: z.string() });
export type DepartmentView = z.infer<typeof DepartmentView>;
export const DepartmentBody = z.object({ name });

export const ConsultantView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  departmentId: z.string().nullable(),
  active: z.boolean(),
  maxConversations: z.number().int(),
  linkIds: z.array(z.string()),
});
export type ConsultantView = z.infer<typeof ConsultantView>;

const maxConversations = z.number().int().min(1).max(MAX_CONVERSATIONS_PER_CONSULTANT);

/** Invite: the account is created with a one-time password the admin hands over. */
export const InviteConsultantBody = z.object({
  name,
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  role: Role.default('consultant'),
  departmentId: id.nullable().default(null),
  maxConversations: maxConversations.default(1),
});
export const InvitedConsultant = z.object({ consultant: ConsultantView, initialPassword: z.string() });
export type InvitedConsultant = z.infer<typeof InvitedConsultant>;

/** [U5] An admin reset a consultant's password: the one-time password is shown once. */
export const PasswordReset = z.object({ oneTimePassword: z.string() });
export type PasswordReset = z.infer<typeof PasswordReset>;

export const UpdateConsultantBody = z
  .object({ name, role: Role, departmentId: id.nullable(), active: z.boolean(), maxConversations })
  .partial();

const linkSettings = {
  name,
  mode: LinkMode,
  acceptance: LinkAcceptance,
  departmentId: id.nullable(),
  maxWaitMs: z.number().int().min(10_000).max(MAX_WAIT_LIMIT_MS).nullable(),
  offlineText: z.string().trim().max(MAX_OFFLINE_TEXT),
  /** Consultants assigned to the link (consultation and broadcast links route only to them). */
  consultantIds: z.array(id).max(500),
  /** [EA9] The button's look and place; null: Parley's default. Contrast is checked by the route ([EA10]). */
  theme: LinkTheme.nullable(),
};
export const CreateLinkBody = z.object(linkSettings).partial().required({ name: true });
export const UpdateLinkBody = z.object(linkSettings).partial();

/** What any consultant assigned to a link may change about it (F-10: consultant-defined). */
export const UpdateOfflineBody = z.object({ offlineText: linkSettings.offlineText });

export const LinkView = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  mode: LinkMode,
  acceptance: LinkAcceptance,
  departmentId: z.string().nullable(),
  maxWaitMs: z.number().nullable(),
  offlineText: z.string(),
  offlineImageUrl: z.string().nullable(),
  consultantIds: z.array(z.string()),
  /** [EA9] null while the link has Parley's default look. */
  theme: LinkTheme.nullable(),
  /** The two embed codes to copy (F-01). */
  embed: z.object({ visitor: z.string(), consultant: z.string() }),
});
export type LinkView = z.infer<typeof LinkView>;

/** Public: a visitor leaves a message when nobody can take the request (F-04). */
export const LeaveMessageBody = z.object({
  name: z.string().trim().max(MAX_NAME_LENGTH),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  text: z.string().trim().min(1).max(MAX_LEFT_MESSAGE),
  /** [RP3] The request the visitor was waiting in, if any: reports count it as "left a message". */
  conversationId: z.string().min(1).max(100).optional(),
});
export type LeaveMessageBody = z.infer<typeof LeaveMessageBody>;

export const LeftMessageView = z.object({
  id: z.string(),
  linkId: z.string(),
  linkName: z.string(),
  name: z.string(),
  email: z.string(),
  text: z.string(),
  createdAt: z.number(),
  handledAt: z.number().nullable(),
  /** [IB4] Who marked it handled (their name at the time of reading; null before, or for an unknown account). */
  handledByName: z.string().nullable(),
  /** [IB3] The colleague it is assigned to, by whom and when (null when nobody is). */
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  assignedAt: z.number().nullable(),
  assignedByName: z.string().nullable(),
  /** [IB2] The last e-mail answer: when and by whom (null before the first). */
  answeredAt: z.number().nullable(),
  answeredByName: z.string().nullable(),
});
export type LeftMessageView = z.infer<typeof LeftMessageView>;

/** [IB3] Assign a left message to a colleague who sees it, or to nobody (`null`). */
export const AssignLeftMessageBody = z.object({ consultantId: id.nullable() });
export type AssignLeftMessageBody = z.infer<typeof AssignLeftMessageBody>;

/** [IB2] Answer a left message by e-mail; `locale` is the language of the mail's own words. */
export const ReplyLeftMessageBody = z.object({
  text: z.string().trim().min(1).max(MAX_LEFT_MESSAGE),
  locale: z.enum(['en', 'pl', 'nl', 'pt']).optional(),
});
export type ReplyLeftMessageBody = z.infer<typeof ReplyLeftMessageBody>;

/** [IB3] A colleague a left message may be assigned to: admins see every link, others their own. */
export const InboxAssigneeView = z.object({
  id: z.string(),
  name: z.string(),
  admin: z.boolean(),
  linkIds: z.array(z.string()),
});
export type InboxAssigneeView = z.infer<typeof InboxAssigneeView>;

/** What a client sends (defaults not yet applied), for the typed SDK. */
export type InviteConsultantInput = z.input<typeof InviteConsultantBody>;
export type UpdateConsultantInput = z.input<typeof UpdateConsultantBody>;
export type CreateLinkInput = z.input<typeof CreateLinkBody>;
export type UpdateLinkInput = z.input<typeof UpdateLinkBody>;

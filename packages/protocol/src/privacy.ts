import { z } from 'zod';

/** Days something is kept; null keeps it until someone deletes it. Ten years at most. */
const RetentionDays = z.number().int().min(1).max(3650).nullable();

/**
 * [GD1] A tenant's retention periods and privacy notice (issue 15 item 7). Admins change them;
 * the visitor app links the notice.
 */
export const PrivacySettingsBody = z.object({
  /** Chat transcripts, team chat and planned sessions, counted from the conversation's end. */
  chatDays: RetentionDays,
  /** Consultants' notes and wrap-up notes. */
  notesDays: RetentionDays,
  /** Messages left in the inbox. */
  inboxDays: RetentionDays,
  /** Visitors' names, the data their pages attached, and invitations. */
  visitsDays: RetentionDays,
  /** The tenant's privacy notice, linked from the visitor app. https only. */
  privacyUrl: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable(),
});
export type PrivacySettingsBody = z.infer<typeof PrivacySettingsBody>;

/** [GD3] Everything Parley stores about one contact, as an admin downloads it. */
export interface ContactExport {
  exportedAt: string;
  contact: {
    id: string;
    kind: string;
    externalId: string;
    name: string;
    email: string;
    phone: string;
    note: string;
    createdAt: string;
    lastSeenAt: string;
  };
  /** [CT5] The browsers an anonymous visit linked (kept as SHA-256 hashes of their key only). */
  browsers: { keyHash: string; createdAt: string; lastSeenAt: string }[];
  /** [CT5] The contacts merged into this one, when and by whom (null: automatically). */
  merges: { mergedId: string; consultantId: string | null; mergedAt: string }[];
  visitors: { id: string; name: string; createdAt: string; attached: unknown }[];
  conversations: {
    id: string;
    linkId: string;
    visitorName: string;
    state: string;
    queuedAt: string;
    closedAt: string | null;
    messages: { sender: string; authorName: string; text: string; sentAt: string }[];
    notes: { authorName: string; text: string; createdAt: string }[];
    wrapUp: { disposition: string | null; notes: string; doneAt: string } | null;
    customValues: { fieldId: string; value: string }[];
  }[];
  leftMessages: { id: string; name: string; email: string; text: string; createdAt: string }[];
  appointments: {
    id: string;
    guestName: string;
    guestEmail: string | null;
    guestPhone: string | null;
    startsAt: string;
  }[];
}

/** [GD4] What erasing a contact removed, table by table. */
export const ContactErasure = z.object({ removed: z.record(z.string(), z.number().int()) });
export type ContactErasure = z.infer<typeof ContactErasure>;

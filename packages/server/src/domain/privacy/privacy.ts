import type { ContactErasure, ContactExport, PrivacySettingsBody } from '@parley/protocol';

export type PrivacySettings = PrivacySettingsBody;

/**
 * [GD1] Privacy by default: without an admin's choice, transcripts and notes are kept a year,
 * inbox messages a year, and what identifies a visitor (name, attached page data, invitations)
 * 90 days. Counts and times of conversations are kept for reports; only their content goes.
 */
export const defaultPrivacySettings: PrivacySettings = {
  chatDays: 365,
  notesDays: 365,
  inboxDays: 365,
  visitsDays: 90,
  privacyUrl: null,
};

/** The moment before which each kind of data is removed; undefined: kept. */
export interface RetentionCutoffs {
  chat?: number;
  notes?: number;
  inbox?: number;
  visits?: number;
}

const DAY_MS = 86_400_000;

export function cutoffsFor(settings: PrivacySettings, now: number): RetentionCutoffs {
  const cutoff = (days: number | null): number | undefined => (days === null ? undefined : now - days * DAY_MS);
  const cutoffs: RetentionCutoffs = {};
  const chat = cutoff(settings.chatDays);
  const notes = cutoff(settings.notesDays);
  const inbox = cutoff(settings.inboxDays);
  const visits = cutoff(settings.visitsDays);
  if (chat !== undefined) cutoffs.chat = chat;
  if (notes !== undefined) cutoffs.notes = notes;
  if (inbox !== undefined) cutoffs.inbox = inbox;
  if (visits !== undefined) cutoffs.visits = visits;
  return cutoffs;
}

/** How many rows (or fields, for scrubbed rows) one purge removed, by table. */
export type PurgeCounts = Record<string, number>;

export interface PrivacyStore {
  privacySettings(tenantId: string): Promise<PrivacySettings | undefined>;
  setPrivacySettings(tenantId: string, settings: PrivacySettings): Promise<void>;
  /** [GD2] Removes, for one tenant, what is older than each cutoff: one transaction. */
  purge(tenantId: string, cutoffs: RetentionCutoffs): Promise<PurgeCounts>;
  /** [GD3] Everything stored about one contact; undefined when there is no such contact. */
  exportContact(tenantId: string, contactId: string, now: number): Promise<ContactExport | undefined>;
  /** [GD4] Removes the contact and everything linked to it: one transaction. */
  eraseContact(tenantId: string, contactId: string): Promise<ContactErasure | undefined>;
  tenantIds(): Promise<string[]>;
}

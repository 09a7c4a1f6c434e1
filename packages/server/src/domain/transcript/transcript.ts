import { ParleyError, revealBidi, type ChatMessageView } from '@parley/protocol';
import type { Translate } from '@parley/i18n';
import { describe } from '../conversations/lifecycle.ts';
import type { ConversationReader, StoredConversation } from '../conversationDetails/conversationDetails.ts';
import type { Runtime } from '../runtime.ts';

/** An e-mail in plain text; the only kind Parley sends (nothing typed is ever HTML). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Where the recipient's answer goes, when not to the sender ([IB2]: the consultant who wrote). */
  replyTo?: string;
}

/** Sends mail; the SMTP adapter sits at the edge (transport/mail). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface TranscriptSource extends ConversationReader {
  listMessages(tenantId: string, conversationId: string): Promise<ChatMessageView[]>;
}

/**
 * [Y3] At most this many transcripts per requester and per conversation in `windowMs`;
 * [SD6] and per recipient address and per tenant in `longWindowMs` — requesters and conversations
 * are free to create, so only these two stop one address (or the tenant's mail server) being
 * flooded.
 */
export interface TranscriptLimits {
  perRequester: number;
  perConversation: number;
  windowMs: number;
  perRecipient: number;
  perTenant: number;
  longWindowMs: number;
}

export const TRANSCRIPT_LIMITS: TranscriptLimits = {
  perRequester: 3,
  perConversation: 5,
  windowMs: 10 * 60_000,
  perRecipient: 5,
  perTenant: 200,
  longWindowMs: 60 * 60_000,
};

/** How often the record of past sends is swept of keys with nothing left in any window. */
const PRUNE_EVERY_MS = 60_000;

/**
 * [SD6] One mailbox, however it is spelled: case, and the `+tag` most providers deliver to the
 * same inbox, do not make a new recipient.
 */
export function recipientKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  return `${lower.slice(0, at).replace(/\+.*$/, '')}${lower.slice(at)}`;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/**
 * [Y2] The transcript as plain text: who, when, and every message with its time and author.
 * [SD12] Names and messages come from visitors and pages: their bidi controls are shown as
 * `[U+XXXX]`, so a mail client cannot be made to display them reordered.
 */
export function formatTranscript(
  input: {
    company: string;
    visitorName: string;
    consultantName: string;
    startedAt: number;
    endedAt: number | null;
    messages: readonly ChatMessageView[];
  },
  t: Translate,
): { subject: string; text: string } {
  const lines = [
    t('transcript.heading', { company: revealBidi(input.company) }),
    t('transcript.between', { visitor: revealBidi(input.visitorName), consultant: revealBidi(input.consultantName) }),
    t('transcript.started', { time: stamp(input.startedAt) }),
    ...(input.endedAt === null ? [] : [t('transcript.ended', { time: stamp(input.endedAt) })]),
    '',
    ...(input.messages.length === 0
      ? [t('transcript.noMessages')]
      : input.messages.map(
          (m) => `[${stamp(m.sentAt).slice(11, 19)}] ${revealBidi(m.authorName)}: ${revealBidi(m.text)}`,
        )),
    '',
  ];
  return { subject: t('transcript.subject', { company: revealBidi(input.company) }), text: lines.join('\n') };
}

/** Transcripts by e-mail (F-30), for the visitor and the consultant, after the end. */
export class TranscriptService {
  /** Send times per limit key; swept of stale keys ([SD6]), so it does not grow with every address. */
  private readonly sent = new Map<string, number[]>();
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly source: TranscriptSource,
    private readonly mailer: Mailer | null,
    private readonly names: {
      consultant(id: string): Promise<string | undefined>;
      tenant(id: string): Promise<string | undefined>;
    },
    private readonly runtime: Runtime,
    private readonly limits: TranscriptLimits = TRANSCRIPT_LIMITS,
  ) {}

  /** [Y5] Transcripts go out only through a configured mailer: without one nobody is offered them. */
  get available(): boolean {
    return this.mailer !== null;
  }

  /**
   * [Y1] Only an ended conversation has a transcript (`illegal_transition` before).
   * [Y3] Rate-limited per requester and per conversation, [SD6] per recipient and per tenant
   * (`rate_limited`).
   */
  async send(
    conversation: StoredConversation,
    requester: string,
    to: string,
    t: Translate,
    fallbackVisitorName: string,
  ): Promise<void> {
    if (!this.mailer) throw new ParleyError('mail_not_configured');
    const facts = describe(conversation.state);
    if (conversation.state.name !== 'ended' && conversation.state.name !== 'done') {
      throw new ParleyError('illegal_transition', 'a transcript is sent after the end');
    }
    const { perRequester, perConversation, windowMs, perRecipient, perTenant, longWindowMs } = this.limits;
    this.admit([
      { key: `r:${requester}`, max: perRequester, windowMs },
      { key: `c:${conversation.id}`, max: perConversation, windowMs },
      { key: `m:${conversation.tenantId}:${recipientKey(to)}`, max: perRecipient, windowMs: longWindowMs },
      { key: `t:${conversation.tenantId}`, max: perTenant, windowMs: longWindowMs },
    ]);
    const messages = await this.source.listMessages(conversation.tenantId, conversation.id);
    const mail = formatTranscript(
      {
        company: (await this.names.tenant(conversation.tenantId)) ?? '',
        visitorName: conversation.visitorName || fallbackVisitorName,
        consultantName: (facts.consultantId && (await this.names.consultant(facts.consultantId))) || '—',
        startedAt: facts.acceptedAt ?? conversation.state.queuedAt,
        endedAt: facts.closedAt,
        messages,
      },
      t,
    );
    try {
      await this.mailer.send({ to, ...mail });
    } catch {
      // The SMTP server's own words may name internal hosts: the caller gets the code only.
      throw new ParleyError('mail_failed');
    }
  }

  /** How many limit keys are remembered (tests: the record is pruned). */
  get trackedKeys(): number {
    return this.sent.size;
  }

  /** Counts the send against every limit, or against none when any of them is used up. */
  private admit(limits: readonly { key: string; max: number; windowMs: number }[]): void {
    const now = this.runtime.clock.now();
    this.prune(now);
    const recent = limits.map((l) => (this.sent.get(l.key) ?? []).filter((at) => now - at < l.windowMs));
    if (limits.some((l, i) => (recent[i]?.length ?? 0) >= l.max)) throw new ParleyError('rate_limited');
    limits.forEach((l, i) => this.sent.set(l.key, [...(recent[i] ?? []), now]));
  }

  private prune(now: number): void {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    const longest = Math.max(this.limits.windowMs, this.limits.longWindowMs);
    for (const [key, times] of this.sent) {
      if (times.every((at) => now - at >= longest)) this.sent.delete(key);
    }
  }
}

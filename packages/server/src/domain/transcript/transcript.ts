import { ParleyError, type ChatMessageView } from '@parley/protocol';
import type { Translate } from '@parley/i18n';
import { describe } from '../conversations/lifecycle.ts';
import type { ConversationReader, StoredConversation } from '../desk/desk.ts';
import type { Runtime } from '../runtime.ts';

/** An e-mail in plain text; the only kind Parley sends (nothing typed is ever HTML). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail; the SMTP adapter sits at the edge (transport/mail). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface TranscriptSource extends ConversationReader {
  listMessages(tenantId: string, conversationId: string): Promise<ChatMessageView[]>;
}

/** [Y3] At most this many transcripts per requester per window, and per conversation per window. */
export const TRANSCRIPT_LIMITS = { perRequester: 3, perConversation: 5, windowMs: 10 * 60_000 };

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** [Y2] The transcript as plain text: who, when, and every message with its time and author. */
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
    t('transcript.heading', { company: input.company }),
    t('transcript.between', { visitor: input.visitorName, consultant: input.consultantName }),
    t('transcript.started', { time: stamp(input.startedAt) }),
    ...(input.endedAt === null ? [] : [t('transcript.ended', { time: stamp(input.endedAt) })]),
    '',
    ...(input.messages.length === 0
      ? [t('transcript.noMessages')]
      : input.messages.map((m) => `[${stamp(m.sentAt).slice(11, 19)}] ${m.authorName}: ${m.text}`)),
    '',
  ];
  return { subject: t('transcript.subject', { company: input.company }), text: lines.join('\n') };
}

/** Transcripts by e-mail (F-30), for the visitor and the consultant, after the end. */
export class TranscriptService {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly source: TranscriptSource,
    private readonly mailer: Mailer | null,
    private readonly names: {
      consultant(id: string): Promise<string | undefined>;
      tenant(id: string): Promise<string | undefined>;
    },
    private readonly runtime: Runtime,
  ) {}

  /**
   * [Y1] Only an ended conversation has a transcript (`illegal_transition` before).
   * [Y3] Rate-limited per requester and per conversation (`rate_limited`).
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
    this.take(`r:${requester}`, TRANSCRIPT_LIMITS.perRequester);
    this.take(`c:${conversation.id}`, TRANSCRIPT_LIMITS.perConversation);
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

  private take(key: string, limit: number): void {
    const now = this.runtime.clock.now();
    const recent = (this.sent.get(key) ?? []).filter((at) => now - at < TRANSCRIPT_LIMITS.windowMs);
    if (recent.length >= limit) throw new ParleyError('rate_limited');
    recent.push(now);
    this.sent.set(key, recent);
  }
}

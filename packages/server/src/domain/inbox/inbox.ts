import { ParleyError, revealBidi, type InboxAssigneeView, type LeftMessageView } from '@parley/protocol';
import type { Translate } from '@parley/i18n';
import { routableLinkIds } from '../routing/eligibility.ts';
import type { Runtime } from '../runtime.ts';
import type { Consultant, Directory, TrackedLeftMessage } from '../tenants/directory.ts';
import type { Mailer } from '../transcript/transcript.ts';

/** Longest excerpt of the visitor's message quoted in the answer's subject ([IB2]). */
const SUBJECT_EXCERPT = 50;

/** [IB2] One answer per message at a time: a second one within this window is `rate_limited`. */
export const REPLY_INTERVAL_MS = 10_000;

export interface InboxDeps {
  directory: Pick<Directory, 'links' | 'leftMessages' | 'consultants' | 'tenants'>;
  /** Null when the deployment has no SMTP server: answering is refused with `mail_not_configured`. */
  mailer: Mailer | null;
  runtime: Runtime;
  /** [I5] Tells every connected console of the tenant that its inbox changed. */
  changed(tenantId: string): void;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** The first line of what the visitor wrote, short enough for a subject, without control characters. */
function excerptOf(text: string): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').replace(/\p{Cc}/gu, ' ').trim();
  // Whole graphemes, so an emoji or an accented letter is never cut in half.
  const graphemes = Array.from(new Intl.Segmenter().segment(line), (s) => s.segment);
  return graphemes.length > SUBJECT_EXCERPT ? `${graphemes.slice(0, SUBJECT_EXCERPT).join('').trimEnd()}…` : line;
}

/**
 * [IB2] The answer as plain text: the consultant's words, their name and company, then the
 * visitor's message quoted. The subject names the company and quotes the start of the message,
 * so the visitor knows which message is answered. Visitor text shows its bidi controls ([SD12]).
 */
export function formatReply(
  input: { company: string; consultantName: string; reply: string; message: { text: string; createdAt: number } },
  t: Translate,
): { subject: string; text: string } {
  const quoted = revealBidi(input.message.text)
    .split(/\r?\n/)
    .map((line) => `> ${line}`);
  const lines = [
    input.reply,
    '',
    input.consultantName,
    input.company,
    '',
    t('inboxMail.wrote', { time: stamp(input.message.createdAt) }),
    ...quoted,
    '',
  ];
  return {
    subject: t('inboxMail.subject', { company: input.company, excerpt: revealBidi(excerptOf(input.message.text)) }),
    text: lines.join('\n'),
  };
}

/**
 * The consultants' inbox of left messages (F-04; docs/SPEC.md [I3]–[I5], [IB1]–[IB4]): what each
 * consultant sees, marking handled, assigning to a colleague and answering by e-mail. Every change
 * records who and when, and tells the tenant's consoles ([I5]).
 */
export class InboxService {
  constructor(private readonly deps: InboxDeps) {}

  /** [I3] Newest first: admins see every message of the tenant, consultants those of their links. */
  async list(consultant: Consultant): Promise<LeftMessageView[]> {
    const { directory } = this.deps;
    const sees = await this.linksSeenBy(consultant);
    const messages = (await directory.leftMessages.listLeftMessages(consultant.tenantId)).filter((m) =>
      sees.has(m.linkId),
    );
    const names = await this.names(consultant.tenantId);
    return messages.map((m) => this.view(m, names));
  }

  /** [I4][IB4] Keeps the first time (and who); only someone who sees the message may mark it. */
  async markHandled(consultant: Consultant, id: string): Promise<LeftMessageView> {
    const message = await this.visible(consultant, id);
    if (message.handledAt === null) {
      const at = this.deps.runtime.clock.now();
      await this.deps.directory.leftMessages.markLeftMessageHandled(consultant.tenantId, id, at, consultant.id);
      this.deps.changed(consultant.tenantId);
      return this.viewOf(consultant, { ...message, handledAt: at, handledBy: consultant.id });
    }
    return this.viewOf(consultant, message);
  }

  /**
   * [IB3] Assigns the message to a colleague who sees it (an active consultant of the tenant:
   * an admin, or one assigned to its link), or to nobody (`null`). Anyone else: `not_found`.
   */
  async assign(consultant: Consultant, id: string, assigneeId: string | null): Promise<LeftMessageView> {
    const message = await this.visible(consultant, id);
    if (assigneeId !== null) {
      const assignee = await this.deps.directory.consultants.getConsultant(assigneeId);
      if (assignee?.tenantId !== consultant.tenantId || !assignee.active) throw notFound('consultant');
      if (!(await this.linksSeenBy(assignee)).has(message.linkId)) throw notFound('consultant');
    }
    const at = this.deps.runtime.clock.now();
    await this.deps.directory.leftMessages.assignLeftMessage(consultant.tenantId, id, {
      assigneeId,
      at,
      by: consultant.id,
    });
    this.deps.changed(consultant.tenantId);
    return this.viewOf(consultant, { ...message, assigneeId, assignedAt: at, assignedBy: consultant.id });
  }

  /**
   * [IB2] Answers the visitor by e-mail through the deployment's mailer: to the address they left,
   * Reply-To the consultant who answers, in the language `t` speaks. Records who and when.
   */
  async reply(consultant: Consultant, id: string, text: string, t: Translate): Promise<LeftMessageView> {
    const { mailer, runtime, directory } = this.deps;
    if (!mailer) throw new ParleyError('mail_not_configured');
    const message = await this.visible(consultant, id);
    const now = runtime.clock.now();
    if (message.answeredAt !== null && now - message.answeredAt < REPLY_INTERVAL_MS) {
      throw new ParleyError('rate_limited');
    }
    const company = (await directory.tenants.getTenant(consultant.tenantId))?.name ?? '';
    const mail = formatReply({ company, consultantName: consultant.name, reply: text, message }, t);
    try {
      await mailer.send({ to: message.email, replyTo: consultant.email, ...mail });
    } catch {
      // The SMTP server's own words may name internal hosts: the caller gets the code only.
      throw new ParleyError('mail_failed');
    }
    await directory.leftMessages.markLeftMessageAnswered(consultant.tenantId, id, now, consultant.id);
    this.deps.changed(consultant.tenantId);
    return this.viewOf(consultant, { ...message, answeredAt: now, answeredBy: consultant.id });
  }

  /** [IB3] Colleagues a message may be assigned to, with the links they see (admins: all). */
  async assignees(consultant: Consultant): Promise<InboxAssigneeView[]> {
    const colleagues = (await this.deps.directory.consultants.listConsultants(consultant.tenantId)).filter(
      (c) => c.active,
    );
    const views: InboxAssigneeView[] = [];
    for (const c of colleagues) {
      views.push({ id: c.id, name: c.name, admin: c.role === 'admin', linkIds: [...(await this.linksSeenBy(c))] });
    }
    return views;
  }

  /** [I3] Admins see every link of the tenant; a consultant the links they serve ([R1], [R2]). */
  private async linksSeenBy(consultant: Consultant): Promise<Set<string>> {
    const { links } = this.deps.directory;
    const all = await links.listLinks(consultant.tenantId);
    if (consultant.role === 'admin') return new Set(all.map((l) => l.id));
    return new Set(
      routableLinkIds(consultant, all, await links.linkIdsOfConsultant(consultant.tenantId, consultant.id)),
    );
  }

  /** [T2][I4] A message of another tenant, or of a link the consultant does not see, is `not_found`. */
  private async visible(consultant: Consultant, id: string): Promise<TrackedLeftMessage> {
    const message = await this.deps.directory.leftMessages.getLeftMessage(consultant.tenantId, id);
    if (!message || !(await this.linksSeenBy(consultant)).has(message.linkId)) throw notFound('message');
    return message;
  }

  private async names(tenantId: string): Promise<{ consultants: Map<string, string>; links: Map<string, string> }> {
    const { directory } = this.deps;
    const consultants = await directory.consultants.listConsultants(tenantId);
    const links = await directory.links.listLinks(tenantId);
    return {
      consultants: new Map(consultants.map((c) => [c.id, c.name])),
      links: new Map(links.map((l) => [l.id, l.name])),
    };
  }

  private async viewOf(consultant: Consultant, message: TrackedLeftMessage): Promise<LeftMessageView> {
    return this.view(message, await this.names(consultant.tenantId));
  }

  private view(
    m: TrackedLeftMessage,
    names: { consultants: Map<string, string>; links: Map<string, string> },
  ): LeftMessageView {
    const nameOf = (id: string | null) => (id === null ? null : (names.consultants.get(id) ?? null));
    return {
      id: m.id,
      linkId: m.linkId,
      linkName: names.links.get(m.linkId) ?? '',
      name: m.name,
      email: m.email,
      text: m.text,
      createdAt: m.createdAt,
      handledAt: m.handledAt,
      handledByName: nameOf(m.handledBy),
      assigneeId: m.assigneeId,
      assigneeName: nameOf(m.assigneeId),
      assignedAt: m.assignedAt,
      assignedByName: nameOf(m.assignedBy),
      answeredAt: m.answeredAt,
      answeredByName: nameOf(m.answeredBy),
    };
  }
}

function notFound(what: string): ParleyError {
  return new ParleyError('not_found', `${what} not found`);
}

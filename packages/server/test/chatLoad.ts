import type { ConsultantClient, VisitorClient } from '@parley/client';
import { eventually } from './clusterProcesses.ts';

/**
 * Chat flowing both ways in one conversation while a test breaks things: a numbered message from
 * the visitor and one from the consultant every `everyMs`. `settle` waits until every message sent
 * is acknowledged and shown on both sides; `duplicates`/`missing` say what went wrong.
 */
export class ChatLoad {
  readonly sent: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private count = 0;

  constructor(
    private readonly v: VisitorClient,
    private readonly c: ConsultantClient,
    private readonly conversationId: string,
    private readonly label = 'load',
  ) {}

  start(everyMs = 250): void {
    this.timer = setInterval(() => this.sendPair(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  sendPair(): void {
    const n = ++this.count;
    const fromVisitor = `${this.label} v${n}`;
    const fromConsultant = `${this.label} c${n}`;
    if (this.v.sendChat(fromVisitor)) this.sent.push(fromVisitor);
    this.c.sendChat(this.conversationId, fromConsultant);
    this.sent.push(fromConsultant);
  }

  /** Texts each side shows, in order. */
  shown(): { visitor: string[]; consultant: string[] } {
    return {
      visitor: this.v.state.messages.map((m) => m.text),
      consultant: (this.c.state.messages[this.conversationId] ?? []).map((m) => m.text),
    };
  }

  /** Waits until nothing is left unacknowledged and both sides show every message sent. */
  async settle(limitMs = 30_000): Promise<void> {
    await eventually(
      () => {
        const { visitor, consultant } = this.shown();
        const done =
          this.v.state.sending.length === 0 &&
          this.c.state.sending.length === 0 &&
          this.sent.every((t) => visitor.includes(t) && consultant.includes(t));
        return Promise.resolve(done ? true : undefined);
      },
      `chat to settle (${this.missing().length} missing)`,
      limitMs,
    );
  }

  /** Sent messages that one side does not show. */
  missing(): string[] {
    const { visitor, consultant } = this.shown();
    return this.sent.filter((t) => !visitor.includes(t) || !consultant.includes(t));
  }

  /** Texts shown more than once on either side, or stored more than once in `stored`. */
  duplicates(stored: readonly string[]): string[] {
    const { visitor, consultant } = this.shown();
    return [visitor, consultant, [...stored]].flatMap((texts) =>
      texts.filter((t, i) => t.startsWith(`${this.label} `) && texts.indexOf(t) !== i),
    );
  }
}

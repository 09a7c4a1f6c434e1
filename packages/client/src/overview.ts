import type { ChatMessageView, ErrorCode, OverviewView } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { Emitter } from './emitter.ts';
import { upsertMessage } from './util.ts';

export interface OverviewState {
  /** The floor as last pushed (null until the first push, or while not watching). */
  overview: OverviewView | null;
  /** Server clock minus this machine's, measured at the last push: waiting times tick from it. */
  clockOffsetMs: number;
  /** [OV4] The conversation read silently now, with its transcript as it grows. */
  reading: { conversationId: string; messages: ChatMessageView[] } | null;
  /** The last refusal of an overview command (e.g. `forbidden` for a plain consultant). */
  refused: ErrorCode | null;
}

/**
 * [OV1]–[OV6] The Communication Overview over the consultant's connection: `watch()` asks for it
 * (again after every reconnect) and every change is pushed; nothing polls.
 */
export class Overview extends Emitter<{ change: OverviewState }> {
  private value: OverviewState = { overview: null, clockOffsetMs: 0, reading: null, refused: null };
  private watching = false;

  constructor(
    private readonly connection: ParleyConnection,
    private readonly now: () => number = () => Date.now(),
  ) {
    super();
    connection.on('welcome', () => {
      if (!this.watching) return;
      connection.send({ type: 'overview.watch', watch: true });
      const reading = this.value.reading;
      if (reading) connection.send({ type: 'overview.observe', conversationId: reading.conversationId });
    });
    connection.on('overview.state', ({ overview }) => {
      if (!this.watching) return;
      this.update({ overview, clockOffsetMs: overview.serverNow - this.now(), refused: null });
    });
    connection.on('overview.transcript', ({ conversationId, messages }) => {
      if (this.value.reading?.conversationId !== conversationId) return;
      this.update({ reading: { conversationId, messages } });
    });
    connection.on('chat.message', ({ message }) => {
      const reading = this.value.reading;
      if (reading?.conversationId !== message.conversationId) return;
      this.update({ reading: { ...reading, messages: upsertMessage(reading.messages, message) } });
    });
    connection.on('error', ({ code, ref }) => {
      if (ref?.startsWith('overview.')) this.update({ refused: code });
    });
  }

  get state(): OverviewState {
    return this.value;
  }

  watch(on: boolean): void {
    if (on === this.watching) return;
    this.watching = on;
    if (!on) this.update({ overview: null, reading: null });
    this.connection.send({ type: 'overview.watch', watch: on });
  }

  /** [OV4] Reads one conversation silently (null stops). */
  read(conversationId: string | null): void {
    this.update({ reading: conversationId === null ? null : { conversationId, messages: [] }, refused: null });
    this.connection.send({ type: 'overview.observe', conversationId });
  }

  /** [OV5] The conversation becomes this consultant's. */
  takeOver(conversationId: string): void {
    this.update({ refused: null });
    this.connection.send({ type: 'overview.take_over', conversationId });
  }

  /** [OV6] Moves a colleague's call to another colleague. */
  transfer(conversationId: string, consultantId: string, reason = ''): void {
    this.update({ refused: null });
    this.connection.send({ type: 'overview.transfer', conversationId, consultantId, reason });
  }

  private update(patch: Partial<OverviewState>): void {
    this.value = { ...this.value, ...patch };
    this.emit('change', this.value);
  }
}

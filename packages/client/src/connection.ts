import type { ClientMessage, Hello, ServerMessage, ServerMessageOf } from '@parley/protocol';
import { PROTOCOL_VERSION } from '@parley/protocol/constants';
import { fatalCloseCodes } from '@parley/protocol/errors';
import { Emitter } from './emitter.ts';
import { resumeBackoff, type ReconnectPolicy } from './reconnect.ts';

export { exponentialBackoff, resumeBackoff, type ReconnectPolicy, type RetryContext } from './reconnect.ts';

/** The subset of the WebSocket API the SDK needs; browsers' WebSocket and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

type ServerEvents = { [K in ServerMessage['type']]: ServerMessageOf<K> };
export type ConnectionEvents = ServerEvents & {
  status: ConnectionStatus;
  /** The server closed for a reason that retrying cannot fix (e.g. protocol version, not logged in). */
  fatal: { code: number; reason: string };
  /** [M3] The chat messages not yet acknowledged, oldest first, each time that list changes. */
  outbox: readonly ChatSend[];
};

const OPEN = 1;
const FATAL_CLOSE_CODES = new Set(fatalCloseCodes);

export type ChatSend = Extract<ClientMessage, { type: 'chat.send' }>;

/** Refusals of a `chat.send` that say nothing about the message itself: it is sent again. */
const RETRYABLE_CHAT_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'storage_unavailable']);

export interface ConnectionOptions {
  url: string;
  hello: () =>
    Hello | Omit<Extract<Hello, { role: 'visitor' }>, 'v'> | Omit<Extract<Hello, { role: 'consultant' }>, 'v'>;
  socketFactory?: SocketFactory;
  reconnect?: ReconnectPolicy;
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** Milliseconds since some epoch; tells the reconnect policy how long the connection has been down. */
  now?: () => number;
}

/**
 * One logical connection to the Parley server: sends hello on every (re)connect, queues
 * messages while disconnected, reconnects by the given policy, and emits typed server messages.
 */
export class ParleyConnection extends Emitter<ConnectionEvents> {
  private socket: SocketLike | undefined;
  private statusValue: ConnectionStatus = 'connecting';
  private attempt = 0;
  /** When the current outage began (the first close since the last welcome), by `now`. */
  private downSince: number | undefined;
  private closedByUser = false;
  private greeted = false;
  private readonly pending: ClientMessage[] = [];
  /** [M3] Chat messages sent but not yet acknowledged by the server, by client id, in send order. */
  private readonly unacked = new Map<string, ChatSend>();
  /** [M3] Retries so far of chat messages the server could not store (a transient failure). */
  private readonly retries = new Map<string, number>();
  private readonly factory: SocketFactory;
  private readonly policy: ReconnectPolicy;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly now: () => number;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.factory =
      options.socketFactory ??
      ((url) => new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(url));
    this.policy = options.reconnect ?? resumeBackoff();
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.now = options.now ?? (() => Date.now());
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  connect(): void {
    this.closedByUser = false;
    this.open();
  }

  /**
   * Sends now if greeted, otherwise after the next welcome. A `chat.send` is kept until the
   * server acknowledges it (its `chat.message` comes back, or an error other than
   * `internal_error` names its client id) and is resent after every reconnect, or after a
   * storage failure, until then ([M3]); the server stores it once ([M1]).
   */
  send(message: ClientMessage): void {
    if (message.type === 'chat.send') {
      this.unacked.set(message.clientId, message);
      this.emit('outbox', this.unacknowledged);
    }
    if (this.socket?.readyState === OPEN && this.greeted) this.socket.send(JSON.stringify(message));
    else this.pending.push(message);
  }

  /** Chat messages not yet acknowledged by the server, oldest first. */
  get unacknowledged(): readonly ChatSend[] {
    return [...this.unacked.values()];
  }

  /** Sends raw text as-is: only tests use this, to prove the server survives garbage. */
  sendRaw(text: string): void {
    this.socket?.send(text);
  }

  close(): void {
    this.closedByUser = true;
    this.setStatus('closed');
    this.socket?.close(1000, 'client closed');
  }

  /** Resolves with the next message of the given type. */
  next<K extends ServerMessage['type']>(
    type: K,
    predicate: (m: ServerMessageOf<K>) => boolean = () => true,
  ): Promise<ServerMessageOf<K>> {
    return new Promise((resolve) => {
      const off = this.on(type, (payload) => {
        const message = payload as unknown as ServerMessageOf<K>;
        if (!predicate(message)) return;
        off();
        resolve(message);
      });
    });
  }

  /** After a welcome: first what the old socket may have lost, then what waited for this one. */
  private flush(socket: SocketLike): void {
    const queued = this.pending.splice(0);
    const waiting = new Set(queued.map((m) => (m.type === 'chat.send' ? m.clientId : '')));
    for (const message of this.unacked.values()) {
      if (!waiting.has(message.clientId)) socket.send(JSON.stringify(message));
    }
    for (const message of queued) {
      // A queued chat message acknowledged meanwhile (listed in the welcome) is not sent again.
      if (message.type === 'chat.send' && !this.unacked.has(message.clientId)) continue;
      socket.send(JSON.stringify(message));
    }
  }

  private acknowledged(clientId: string): void {
    this.retries.delete(clientId);
    if (this.unacked.delete(clientId)) this.emit('outbox', this.unacknowledged);
  }

  /** Resends one chat message after the reconnect policy's delay (a reconnect meanwhile resends it anyway). */
  private retryLater(clientId: string): void {
    const attempt = this.retries.get(clientId) ?? 0;
    this.retries.set(clientId, attempt + 1);
    const delay = this.policy.nextRetryDelayMs({ attempt, elapsedMs: 0 }) ?? 10_000;
    this.setTimer(() => {
      const message = this.unacked.get(clientId);
      if (message && this.socket?.readyState === OPEN && this.greeted) this.socket.send(JSON.stringify(message));
    }, delay);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.emit('status', status);
  }

  private open(): void {
    this.greeted = false;
    const socket = this.factory(this.options.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...this.options.hello() }));
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'welcome') {
        this.greeted = true;
        this.attempt = 0;
        this.downSince = undefined;
        for (const stored of message.messages) this.acknowledged(stored.clientId);
        // State from the welcome is applied before anyone hears "open", so "open" means "ready".
        this.emit('welcome', message);
        this.setStatus('open');
        this.flush(socket);
        return;
      }
      if (message.type === 'chat.message') this.acknowledged(message.message.clientId);
      if (message.type === 'error' && message.clientId !== undefined) {
        // [M3] The server failed to store it (not the message's fault): keep it and try again.
        if (RETRYABLE_CHAT_ERRORS.has(message.code) && this.unacked.has(message.clientId)) {
          this.retryLater(message.clientId);
          return;
        }
        this.acknowledged(message.clientId);
      }
      this.emit(message.type, message);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.greeted = false;
      if (this.closedByUser) return;
      if (FATAL_CLOSE_CODES.has(event.code)) {
        this.setStatus('closed');
        this.emit('fatal', { code: event.code, reason: event.reason });
        return;
      }
      const now = this.now();
      this.downSince ??= now;
      const delay = this.policy.nextRetryDelayMs({ attempt: this.attempt++, elapsedMs: now - this.downSince });
      if (delay === null) {
        this.setStatus('closed');
        return;
      }
      this.setStatus('reconnecting');
      this.setTimer(() => {
        if (!this.closedByUser) this.open();
      }, delay);
    });
    socket.addEventListener('error', () => {
      // A 'close' event always follows; reconnecting is handled there.
    });
  }
}

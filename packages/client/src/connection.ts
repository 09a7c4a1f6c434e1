import {
  PROTOCOL_VERSION,
  type ClientMessage,
  type Hello,
  type ServerMessage,
  type ServerMessageOf,
} from '@parley/protocol';
import { Emitter } from './emitter.ts';

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

/** Decides how long to wait before reconnect attempt `attempt` (0-based); null gives up. */
export interface ReconnectPolicy {
  nextRetryDelayMs(context: { attempt: number }): number | null;
}

/** Exponential backoff with full jitter, capped. */
export function exponentialBackoff(baseMs = 500, maxMs = 10_000, random: () => number = Math.random): ReconnectPolicy {
  return {
    nextRetryDelayMs: ({ attempt }) => Math.round(random() * Math.min(maxMs, baseMs * 2 ** attempt)),
  };
}

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

type ServerEvents = { [K in ServerMessage['type']]: ServerMessageOf<K> };
export type ConnectionEvents = ServerEvents & {
  status: ConnectionStatus;
  /** The server closed for a reason that retrying cannot fix (e.g. protocol version, not logged in). */
  fatal: { code: number; reason: string };
};

const OPEN = 1;
const FATAL_CLOSE_CODES = new Set([4001, 4401]);

export interface ConnectionOptions {
  url: string;
  hello: () =>
    Hello | Omit<Extract<Hello, { role: 'visitor' }>, 'v'> | Omit<Extract<Hello, { role: 'consultant' }>, 'v'>;
  socketFactory?: SocketFactory;
  reconnect?: ReconnectPolicy;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

/**
 * One logical connection to the Parley server: sends hello on every (re)connect, queues
 * messages while disconnected, reconnects by the given policy, and emits typed server messages.
 */
export class ParleyConnection extends Emitter<ConnectionEvents> {
  private socket: SocketLike | undefined;
  private statusValue: ConnectionStatus = 'connecting';
  private attempt = 0;
  private closedByUser = false;
  private greeted = false;
  private readonly pending: ClientMessage[] = [];
  private readonly factory: SocketFactory;
  private readonly policy: ReconnectPolicy;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.factory =
      options.socketFactory ??
      ((url) => new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(url));
    this.policy = options.reconnect ?? exponentialBackoff();
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  connect(): void {
    this.closedByUser = false;
    this.open();
  }

  /** Sends now if greeted, otherwise after the next welcome. */
  send(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN && this.greeted) this.socket.send(JSON.stringify(message));
    else this.pending.push(message);
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
        // State from the welcome is applied before anyone hears "open", so "open" means "ready".
        this.emit('welcome', message);
        this.setStatus('open');
        for (const queued of this.pending.splice(0)) socket.send(JSON.stringify(queued));
        return;
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
      const delay = this.policy.nextRetryDelayMs({ attempt: this.attempt++ });
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

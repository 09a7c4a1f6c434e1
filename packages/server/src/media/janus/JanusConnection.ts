import WebSocket from 'ws';

/** A Janus JSON API message, loosely typed at the edge and narrowed where it is read. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: { type: string; sdp: string };
}

export class JanusError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(`janus ${code}: ${reason}`);
    this.name = 'JanusError';
  }
}

interface Pending {
  resolve: (message: JanusMessage) => void;
  /** Trickle and keepalive are answered by the `ack` itself; plugin messages by a later event. */
  ackAnswers: boolean;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One WebSocket to the Janus API (`janus-protocol`), with one Janus session kept alive.
 * Every request carries the API secret, which never leaves the server. `request()` resolves
 * with the first answer to its transaction that is not an `ack` (plugin events included).
 */
export class JanusConnection {
  private socket: WebSocket | undefined;
  private sessionId: number | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextTransaction = 1;
  private keepalive: NodeJS.Timeout | undefined;
  private opening: Promise<number> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly apiSecret: string,
    private readonly onEvent: (message: JanusMessage) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The Janus session id, connecting and creating the session on first use. */
  session(): Promise<number> {
    if (this.sessionId !== undefined && this.socket?.readyState === WebSocket.OPEN)
      return Promise.resolve(this.sessionId);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<number> {
    if (this.closed) throw new JanusError(0, 'connection closed');
    const socket = new WebSocket(this.url, 'janus-protocol');
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (error) => reject(error));
    });
    socket.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
    socket.on('close', () => this.lost());
    socket.on('error', () => undefined);
    const created = await this.send({ janus: 'create' });
    const id = created.data?.id;
    if (id === undefined) throw new JanusError(0, 'no session id');
    this.sessionId = id;
    this.keepalive = setInterval(() => {
      this.send({ janus: 'keepalive', session_id: id }).catch(() => undefined);
    }, 20_000);
    this.keepalive.unref();
    return id;
  }

  /** Sends a request and resolves with its answer; a Janus or plugin error rejects. */
  send(body: Record<string, unknown>): Promise<JanusMessage> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new JanusError(0, 'not connected'));
    const transaction = `t${this.nextTransaction++}`;
    const ackAnswers = body.janus === 'trickle' || body.janus === 'keepalive';
    return new Promise<JanusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusError(0, `timeout on ${String(body.janus)}`));
      }, this.timeoutMs);
      this.pending.set(transaction, { resolve, reject, timer, ackAnswers });
      socket.send(JSON.stringify({ ...body, transaction, apisecret: this.apiSecret }));
    });
  }

  private receive(text: string): void {
    let message: JanusMessage;
    try {
      message = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const pending = message.transaction === undefined ? undefined : this.pending.get(message.transaction);
    if (!pending || (message.janus === 'ack' && !pending.ackAnswers)) {
      if (!pending) this.onEvent(message);
      return;
    }
    this.pending.delete(message.transaction ?? '');
    clearTimeout(pending.timer);
    const pluginError = message.plugindata?.data.error_code;
    if (message.janus === 'error' && message.error)
      pending.reject(new JanusError(message.error.code, message.error.reason));
    else if (typeof pluginError === 'number') {
      pending.reject(new JanusError(pluginError, JSON.stringify(message.plugindata?.data.error ?? 'plugin error')));
    } else pending.resolve(message);
  }

  private lost(): void {
    clearInterval(this.keepalive);
    this.sessionId = undefined;
    this.socket = undefined;
    for (const [transaction, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new JanusError(0, 'connection lost'));
      this.pending.delete(transaction);
    }
    this.onEvent({ janus: 'parley.lost' });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.keepalive);
    this.socket?.close();
  }
}

import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One request a fake Janus was sent: the API verb and, for plugin messages, the body. */
export interface JanusRequest {
  janus: string;
  body?: Record<string, unknown>;
  jsep?: { type: string; sdp: string };
}

interface FakeRoom {
  secret: string;
  pin: string;
  feeds: Set<string>;
}

/**
 * A Janus WebSocket API with the VideoRoom requests Parley's JanusSfu sends, for tests of the
 * signalling path between nodes (no media flows): sessions, handles, rooms with their secret and
 * PIN checked, publishers answered and subscribers offered. It logs every request it was sent.
 */
export class FakeJanus {
  readonly requests: JanusRequest[] = [];
  readonly rooms = new Map<string, FakeRoom>();
  private nextId = 1000;

  private constructor(
    private readonly server: WebSocketServer,
    readonly apiSecret: string,
  ) {
    server.on('connection', (socket) => {
      socket.on('message', (data: Buffer) =>
        this.receive(socket, JSON.parse(data.toString()) as Record<string, unknown>),
      );
    });
  }

  static async start(apiSecret: string): Promise<FakeJanus> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'janus-protocol' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new FakeJanus(server, apiSecret);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The plugin requests (`create`, `join`, …) sent for one room. */
  requestsFor(roomId: string): Record<string, unknown>[] {
    return this.requests.flatMap((r) => (r.body?.room === roomId ? [r.body] : []));
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(socket: WebSocket, message: Record<string, unknown>): void {
    const transaction = message.transaction;
    const reply = (answer: Record<string, unknown>) => socket.send(JSON.stringify({ ...answer, transaction }));
    const body = message.body as Record<string, unknown> | undefined;
    const jsep = message.jsep as JanusRequest['jsep'];
    this.requests.push({ janus: String(message.janus), ...(body ? { body } : {}), ...(jsep ? { jsep } : {}) });
    if (message.apisecret !== this.apiSecret)
      return reply({ janus: 'error', error: { code: 403, reason: 'Unauthorized' } });
    switch (message.janus) {
      case 'create':
      case 'attach':
        return reply({ janus: 'success', data: { id: this.nextId++ } });
      case 'keepalive':
      case 'trickle':
        return reply({ janus: 'ack' });
      case 'detach':
        return reply({ janus: 'success' });
      case 'message':
        return reply(this.plugin(body ?? {}));
      default:
        return reply({ janus: 'error', error: { code: 453, reason: 'unknown request' } });
    }
  }

  private plugin(body: Record<string, unknown>): Record<string, unknown> {
    const data = (answer: Record<string, unknown>, sdp?: { type: string; sdp: string }) => ({
      janus: 'event',
      plugindata: { plugin: 'janus.plugin.videoroom', data: answer },
      ...(sdp ? { jsep: sdp } : {}),
    });
    const failure = (code: number, error: string) => data({ videoroom: 'event', error_code: code, error });
    const roomId = String(body.room);
    const room = this.rooms.get(roomId);
    switch (body.request) {
      case 'create':
        if (room) return failure(427, 'Room exists');
        this.rooms.set(roomId, { secret: String(body.secret), pin: String(body.pin), feeds: new Set() });
        return data({ videoroom: 'created', room: roomId });
      case 'destroy':
        if (!room) return failure(426, 'No such room');
        if (room.secret !== body.secret) return failure(433, 'Unauthorized (wrong secret)');
        this.rooms.delete(roomId);
        return data({ videoroom: 'destroyed', room: roomId });
      case 'joinandconfigure':
        if (!room) return failure(426, 'No such room');
        if (room.pin !== body.pin) return failure(433, 'Unauthorized (wrong pin)');
        room.feeds.add(String(body.id));
        return data({ videoroom: 'joined', room: roomId }, { type: 'answer', sdp: `answer from ${this.url}` });
      case 'join': {
        if (!room) return failure(426, 'No such room');
        if (room.pin !== body.pin) return failure(433, 'Unauthorized (wrong pin)');
        const [stream] = body.streams as { feed: string }[];
        if (!stream || !room.feeds.has(stream.feed)) return failure(428, 'No such feed');
        return data({ videoroom: 'attached', room: roomId }, { type: 'offer', sdp: `offer from ${this.url}` });
      }
      case 'start':
      case 'configure':
        return data({ videoroom: 'event', started: 'ok' });
      default:
        return failure(499, `unknown request ${String(body.request)}`);
    }
  }
}

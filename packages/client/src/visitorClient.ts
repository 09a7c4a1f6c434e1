import type {
  ChatMessageView,
  ConversationView,
  IceServer,
  Locale,
  RtcSignal,
  ServerMessageOf,
} from '@parley/protocol';
import { ParleyConnection, type ConnectionStatus, type ReconnectPolicy, type SocketFactory } from './connection.ts';
import { Emitter } from './emitter.ts';
import { newClientId, upsertMessage, wsUrl } from './util.ts';

/** Where the resume token lives: sessionStorage in browsers, a Map in tests. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface VisitorState {
  status: ConnectionStatus;
  /** Whether anybody can take a call on this link right now (F-02). */
  available: boolean;
  visitorId: string | null;
  /** The current or most recent conversation. */
  conversation: ConversationView | null;
  messages: ChatMessageView[];
  iceServers: IceServer[];
}

export interface VisitorClientEvents {
  change: VisitorState;
  signal: { conversationId: string; signal: RtcSignal };
  error: ServerMessageOf<'error'>;
  fatal: { code: number; reason: string };
}

export interface VisitorClientOptions {
  /** The Parley server origin, e.g. `https://help.example.com`. */
  baseUrl: string;
  linkKey: string;
  locale?: Locale;
  storage?: TokenStorage;
  socketFactory?: SocketFactory;
  reconnect?: ReconnectPolicy;
}

/** The visitor's side of Parley: availability, the queue, the conversation and its chat. */
export class VisitorClient extends Emitter<VisitorClientEvents> {
  readonly connection: ParleyConnection;
  private stateValue: VisitorState = {
    status: 'connecting',
    available: false,
    visitorId: null,
    conversation: null,
    messages: [],
    iceServers: [],
  };
  private readonly storageKey: string;

  constructor(private readonly options: VisitorClientOptions) {
    super();
    this.storageKey = `parley.resume.${options.linkKey}`;
    this.connection = new ParleyConnection({
      url: wsUrl(options.baseUrl),
      socketFactory: options.socketFactory,
      reconnect: options.reconnect,
      hello: () => ({
        type: 'hello',
        role: 'visitor',
        linkKey: options.linkKey,
        ...(options.locale ? { locale: options.locale } : {}),
        ...(this.resumeToken ? { resumeToken: this.resumeToken } : {}),
      }),
    });
    const c = this.connection;
    c.on('status', (status) => this.update({ status }));
    c.on('fatal', (e) => this.emit('fatal', e));
    c.on('welcome', (m) => {
      if (m.resumeToken) this.options.storage?.setItem(this.storageKey, m.resumeToken);
      this.update({
        available: m.available,
        visitorId: m.self.id,
        iceServers: m.iceServers,
        conversation:
          m.conversations[0] ?? (this.state.conversation?.state === 'active' ? null : this.state.conversation),
        messages: m.messages,
      });
    });
    c.on('availability', (m) => this.update({ available: m.available }));
    c.on('conversation.updated', (m) => {
      const newConversation = m.conversation.id !== this.state.conversation?.id;
      this.update({ conversation: m.conversation, messages: newConversation ? [] : this.state.messages });
    });
    c.on('chat.message', (m) => this.update({ messages: upsertMessage(this.state.messages, m.message) }));
    c.on('rtc.signal', (m) => this.emit('signal', { conversationId: m.conversationId, signal: m.signal }));
    c.on('error', (m) => this.emit('error', m));
  }

  get state(): VisitorState {
    return this.stateValue;
  }

  private get resumeToken(): string | null {
    return this.options.storage?.getItem(this.storageKey) ?? null;
  }

  connect(): void {
    this.connection.connect();
  }

  close(): void {
    this.connection.close();
  }

  /** Connect (F-04): join the link's queue. */
  request(name?: string): void {
    this.connection.send({ type: 'conversation.request', ...(name?.trim() ? { name: name.trim() } : {}) });
  }

  cancel(): void {
    const id = this.state.conversation?.id;
    if (id) this.connection.send({ type: 'conversation.cancel', conversationId: id });
  }

  end(): void {
    const id = this.state.conversation?.id;
    if (id) this.connection.send({ type: 'conversation.end', conversationId: id });
  }

  sendChat(text: string): string | null {
    const id = this.state.conversation?.id;
    if (!id) return null;
    const clientId = newClientId();
    this.connection.send({ type: 'chat.send', conversationId: id, clientId, text });
    return clientId;
  }

  signal(signal: RtcSignal): void {
    const id = this.state.conversation?.id;
    if (id) this.connection.send({ type: 'rtc.signal', conversationId: id, signal });
  }

  private update(patch: Partial<VisitorState>): void {
    this.stateValue = { ...this.stateValue, ...patch };
    this.emit('change', this.stateValue);
  }
}

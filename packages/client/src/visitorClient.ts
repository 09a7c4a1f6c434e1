import type {
  BroadcastView,
  ChatMessageView,
  ConversationView,
  IceServer,
  LeaveMessageBody,
  Locale,
  MediaState,
  RtcSignal,
  ServerMessageOf,
  VisitorContext,
  VisitorLinkView,
  VisitorSetupInput,
} from '@parley/protocol';
import { api } from './http.ts';
import { ParleyConnection, type ConnectionStatus, type ReconnectPolicy, type SocketFactory } from './connection.ts';
import { Emitter } from './emitter.ts';
import { PhoneCalls, type CallPhone } from './phoneCalls.ts';
import { isStaleSignalRefusal, newClientId, upsertMessage, wsUrl, type PendingChat } from './util.ts';

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
  /** How the link routes and what to show while nobody is there (F-10, F-11). */
  link: VisitorLinkView | null;
  /** Broadcast links: whether it is on air and how full the room is. */
  broadcast: BroadcastView | null;
  /** [Y5] Whether the server can e-mail the transcript: the form is offered only then. */
  emailTranscripts: boolean;
  /** [GD5] How long the tenant keeps this conversation, and its privacy notice (from the welcome). */
  privacy: { keptDays: number | null; noticeUrl: string | null } | null;
  /** Broadcast links: whether this visitor is in the room. */
  watching: boolean;
  /** [M3] Own chat messages not yet stored by the server (shown as "sending…"), oldest first. */
  sending: readonly PendingChat[];
}

export interface VisitorClientEvents {
  change: VisitorState;
  signal: { conversationId: string; signal: RtcSignal };
  /** [TP4][TP7] The call's audio goes by telephone: dial-in numbers, this side's PIN, phones on. */
  phone: ServerMessageOf<'call.phone'>;
  error: ServerMessageOf<'error'>;
  fatal: { code: number; reason: string };
  /** [Y1] The transcript of this conversation was e-mailed. */
  transcript: { conversationId: string };
}

export interface VisitorClientOptions {
  /** The Parley server origin, e.g. `https://help.example.com`. */
  baseUrl: string;
  linkKey: string;
  locale?: Locale;
  /** [E5] The origin of the page embedding the visitor app, checked against the tenant's sites. */
  embedOrigin?: string;
  storage?: TokenStorage;
  socketFactory?: SocketFactory;
  reconnect?: ReconnectPolicy;
  /** [K2][D1] Identity and attached data the embedding page passed in (sent with every hello). */
  context?: VisitorContext;
  /** [SV8] The site visit the loader reported, so the visitor's row shows this conversation. */
  visitId?: string;
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
    link: null,
    emailTranscripts: false,
    privacy: null,
    broadcast: null,
    watching: false,
    sending: [],
  };
  private readonly storageKey: string;
  private readonly phoneCalls: PhoneCalls;
  private context: VisitorContext | undefined;

  constructor(private readonly options: VisitorClientOptions) {
    super();
    this.storageKey = `parley.resume.${options.linkKey}`;
    this.context = options.context;
    this.connection = new ParleyConnection({
      url: wsUrl(options.baseUrl),
      socketFactory: options.socketFactory,
      reconnect: options.reconnect,
      hello: () => ({
        type: 'hello',
        role: 'visitor',
        linkKey: options.linkKey,
        ...(options.locale ? { locale: options.locale } : {}),
        ...(options.embedOrigin ? { embedOrigin: options.embedOrigin } : {}),
        ...(this.resumeToken ? { resumeToken: this.resumeToken } : {}),
        ...(this.context ? { context: this.context } : {}),
        ...(options.visitId ? { visitId: options.visitId } : {}),
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
        link: m.link,
        broadcast: m.broadcasts[0] ?? null,
        emailTranscripts: m.emailTranscripts ?? false,
        privacy: m.privacy ?? null,
      });
      // A viewer who reconnects takes their seat again (the room may have filled meanwhile).
      if (this.state.watching && m.broadcasts[0]?.live) this.joinBroadcast();
    });
    c.on('availability', (m) => this.update({ available: m.available }));
    // [NW3] Fresh TURN credentials before the welcome's expire: new peer connections take these.
    c.on('ice.servers', (m) => this.update({ iceServers: m.iceServers }));
    c.on('broadcast.updated', (m) =>
      this.update({ broadcast: m.broadcast, watching: m.broadcast.live && this.state.watching }),
    );
    c.on('broadcast.joined', (m) => this.update({ watching: m.joined }));
    c.on('conversation.updated', (m) => {
      const newConversation = m.conversation.id !== this.state.conversation?.id;
      this.update({ conversation: m.conversation, messages: newConversation ? [] : this.state.messages });
    });
    c.on('chat.message', (m) => this.update({ messages: upsertMessage(this.state.messages, m.message) }));
    c.on('outbox', (list) => this.update({ sending: list }));
    c.on('rtc.signal', (m) => this.emit('signal', { conversationId: m.conversationId, signal: m.signal }));
    c.on('error', (m) => {
      if (!isStaleSignalRefusal(m)) this.emit('error', m);
    });
    this.phoneCalls = new PhoneCalls(c, (m) => this.emit('phone', m));
    c.on('transcript.sent', (m) => this.emit('transcript', { conversationId: m.conversationId }));
  }

  /** [TP7][TP10] The call's latest dial-in details while it is in phone mode. */
  dialIn(conversationId: string): CallPhone | undefined {
    return this.phoneCalls.of(conversationId);
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

  /**
   * Connect (F-04): join the link's queue, saying how the media check went ([MD1]) and, on a link
   * that offers a choice, which department the visitor chose ([DC1]; none: anyone). With a session
   * code ([AP7]) the request waits for that planned session's consultant.
   */
  request(
    name?: string,
    setup?: VisitorSetupInput,
    target: { departmentId?: string; sessionCode?: string } = {},
  ): void {
    const { departmentId, sessionCode } = target;
    this.connection.send({
      type: 'conversation.request',
      ...(name?.trim() ? { name: name.trim() } : {}),
      ...(setup ? { setup } : {}),
      ...(departmentId ? { departmentId } : {}),
      ...(sessionCode ? { sessionCode } : {}),
    });
  }

  /** [AP8] The media check ended after asking (a guest with a session code asks first). */
  reportSetup(setup: VisitorSetupInput): void {
    const id = this.state.conversation?.id;
    if (id) this.connection.send({ type: 'conversation.setup', conversationId: id, setup });
  }

  /** [MD4] Tell the consultant what this side sends now (camera, microphone, screen). */
  setMediaState(state: MediaState): void {
    const id = this.state.conversation?.id;
    if (id && this.state.conversation?.state === 'active')
      this.connection.send({ type: 'call.media', conversationId: id, state });
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

  /** [K2][D1] The embedding page identified the visitor or attached data after the app started. */
  setContext(context: VisitorContext): void {
    this.context = { ...this.context, ...context };
    if (this.state.status === 'open') this.connection.send({ type: 'visitor.context', context });
  }

  /** [Y1] E-mails the transcript of the visitor's ended conversation. */
  sendTranscript(email: string, locale?: Locale): void {
    const id = this.state.conversation?.id;
    if (!id) return;
    this.connection.send({ type: 'transcript.send', conversationId: id, email, ...(locale ? { locale } : {}) });
  }

  /** Broadcast links: take a seat in the room (no camera, no microphone, no chat). */
  joinBroadcast(): void {
    this.connection.send({ type: 'broadcast.join' });
  }

  leaveBroadcast(): void {
    this.update({ watching: false });
    this.connection.send({ type: 'broadcast.leave' });
  }

  /** F-04: leave a message when nobody can take the request; cancels a waiting request. */
  async leaveMessage(body: LeaveMessageBody, fetchImpl?: typeof fetch): Promise<void> {
    const conversation = this.state.conversation;
    const waiting = conversation && (conversation.state === 'queued' || conversation.state === 'ringing');
    // [RP3] Naming the request lets reports count it as "left a message" rather than abandoned.
    const sent = waiting ? { ...body, conversationId: conversation.id } : body;
    await api(
      this.options.baseUrl,
      `/api/v1/links/${encodeURIComponent(this.options.linkKey)}/messages`,
      { method: 'POST', body: JSON.stringify(sent) },
      fetchImpl,
    );
    if (waiting) this.cancel();
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

import type {
  BroadcastView,
  ChatMessageView,
  ConsultantLinkView,
  ChangePasswordBody,
  ConsultantMe,
  ConversationView,
  IceServer,
  MediaState,
  RtcSignal,
  ServerMessageOf,
  TransferTargets,
} from '@parley/protocol';
import { ParleyConnection, type ConnectionStatus, type ReconnectPolicy, type SocketFactory } from './connection.ts';
import { Emitter } from './emitter.ts';
import { PhoneCalls, type CallPhone } from './phoneCalls.ts';
import { activeCalls, endedCalls, hasFreeSlot, mine, settledIds } from './deskSelection.ts';
import { api } from './http.ts';
import { isStaleSignalRefusal, newClientId, upsertMessage, wsUrl, type PendingChat } from './util.ts';

export interface ConsultantState {
  status: ConnectionStatus;
  available: boolean;
  consultantId: string | null;
  /** Open conversations of this consultant's links, by id; closed ones stay until dismissed. */
  conversations: Record<string, ConversationView>;
  messages: Record<string, ChatMessageView[]>;
  iceServers: IceServer[];
  /** Links this consultant serves. */
  links: ConsultantLinkView[];
  /** Broadcast rooms of those links, by link id. */
  broadcasts: Record<string, BroadcastView>;
  /** How many conversations this consultant takes at once (F-29). */
  capacity: number;
  /**
   * [I5] Goes up whenever the inbox may have changed (a message left or handled, or a reconnect
   * after which pushes may have been missed): a view of the inbox refetches when it moves.
   */
  inboxVersion: number;
  /** [M3] Own chat messages not yet stored by the server (shown as "sending…"), oldest first. */
  sending: readonly PendingChat[];
}

export interface ConsultantClientEvents {
  change: ConsultantState;
  /** A request started ringing for this consultant (play a sound, notify). */
  ring: ConversationView;
  signal: { conversationId: string; signal: RtcSignal };
  /** [TP4][TP7] A call's audio goes by telephone: dial-in numbers, this side's PIN, phones on. */
  phone: ServerMessageOf<'call.phone'>;
  error: ServerMessageOf<'error'>;
  fatal: { code: number; reason: string };
}

export interface ConsultantClientOptions {
  baseUrl: string;
  socketFactory?: SocketFactory;
  reconnect?: ReconnectPolicy;
  /**
   * [CD5] Forget settled conversations (declined, done, a colleague's ended conference) as they
   * arrive, as the console's desk does. Off by default: tests and tools see every state.
   */
  dismissSettled?: boolean;
}

export function login(
  baseUrl: string,
  email: string,
  password: string,
  fetchImpl?: typeof fetch,
): Promise<ConsultantMe> {
  return api<ConsultantMe>(
    baseUrl,
    '/api/v1/auth/login',
    { method: 'POST', body: JSON.stringify({ email, password }) },
    fetchImpl,
  );
}
export function logout(baseUrl: string, fetchImpl?: typeof fetch): Promise<unknown> {
  return api(baseUrl, '/api/v1/auth/logout', { method: 'POST', body: '{}' }, fetchImpl);
}
/** [C12] Available colleagues and queues to transfer to. */
export function transferTargets(baseUrl: string, fetchImpl?: typeof fetch): Promise<TransferTargets> {
  return api<TransferTargets>(baseUrl, '/api/v1/transfer-targets', {}, fetchImpl);
}
/** [U2] Change one's own password; the server signs out every other session of the account. */
export function changePassword(
  baseUrl: string,
  body: ChangePasswordBody,
  fetchImpl?: typeof fetch,
): Promise<ConsultantMe> {
  return api<ConsultantMe>(baseUrl, '/api/v1/auth/password', { method: 'POST', body: JSON.stringify(body) }, fetchImpl);
}
export function me(baseUrl: string, fetchImpl?: typeof fetch): Promise<ConsultantMe> {
  return api<ConsultantMe>(baseUrl, '/api/v1/auth/me', {}, fetchImpl);
}

/** The consultant's side: presence, incoming requests, conversations and their chat. */
export class ConsultantClient extends Emitter<ConsultantClientEvents> {
  readonly connection: ParleyConnection;
  private stateValue: ConsultantState = {
    status: 'connecting',
    available: false,
    consultantId: null,
    conversations: {},
    messages: {},
    iceServers: [],
    links: [],
    broadcasts: {},
    capacity: 1,
    inboxVersion: 0,
    sending: [],
  };

  private readonly dismissSettled: boolean;
  private readonly phoneCalls: PhoneCalls;

  constructor(options: ConsultantClientOptions) {
    super();
    this.dismissSettled = options.dismissSettled ?? false;
    this.connection = new ParleyConnection({
      url: wsUrl(options.baseUrl),
      socketFactory: options.socketFactory,
      reconnect: options.reconnect,
      hello: () => ({ type: 'hello', role: 'consultant' }),
    });
    const c = this.connection;
    c.on('status', (status) => this.update({ status }));
    c.on('fatal', (e) => this.emit('fatal', e));
    c.on('welcome', (m) => {
      const messages: Record<string, ChatMessageView[]> = {};
      for (const message of m.messages)
        messages[message.conversationId] = upsertMessage(messages[message.conversationId] ?? [], message);
      this.update({
        available: m.available,
        consultantId: m.self.id,
        iceServers: m.iceServers,
        conversations: Object.fromEntries(m.conversations.map((v) => [v.id, v])),
        messages,
        links: m.links,
        broadcasts: Object.fromEntries(m.broadcasts.map((b) => [b.linkId, b])),
        capacity: m.capacity,
        inboxVersion: this.state.inboxVersion + 1,
      });
      for (const v of m.conversations) if (this.isRingingForMe(v)) this.emit('ring', v);
    });
    c.on('availability', (m) => this.update({ available: m.available }));
    // [NW3] Fresh TURN credentials before the welcome's expire: new peer connections take these.
    c.on('ice.servers', (m) => this.update({ iceServers: m.iceServers }));
    c.on('links.updated', (m) => this.update({ links: m.links, capacity: m.capacity }));
    c.on('broadcast.updated', ({ broadcast }) =>
      this.update({ broadcasts: { ...this.state.broadcasts, [broadcast.linkId]: broadcast } }),
    );
    c.on('conversation.updated', ({ conversation }) => {
      const before = this.state.conversations[conversation.id];
      const me = this.state.consultantId;
      // [S5] A colleague sees the calls they joined or are invited into, not only their own.
      // [C14] A request queues on this console only for a link it serves: one this consultant
      // just transferred to another queue leaves their view.
      const visible =
        (conversation.state === 'queued' && this.state.links.some((l) => l.id === conversation.linkId)) ||
        conversation.consultantId === me ||
        conversation.members.some((m) => m.id === me) ||
        conversation.invited.some((m) => m.id === me);
      const { [conversation.id]: _previous, ...others } = this.state.conversations;
      this.update({ conversations: visible ? { ...others, [conversation.id]: conversation } : others });
      if (this.isRingingForMe(conversation) && !(before && this.isRingingForMe(before)))
        this.emit('ring', conversation);
    });
    c.on('chat.message', ({ message }) => {
      const list = upsertMessage(this.state.messages[message.conversationId] ?? [], message);
      this.update({ messages: { ...this.state.messages, [message.conversationId]: list } });
    });
    c.on('conference.left', ({ conversationId }) => this.dismiss(conversationId));
    c.on('inbox.changed', () => this.update({ inboxVersion: this.state.inboxVersion + 1 }));
    c.on('outbox', (list) => this.update({ sending: list }));
    c.on('rtc.signal', (m) => this.emit('signal', { conversationId: m.conversationId, signal: m.signal }));
    c.on('error', (m) => {
      if (!isStaleSignalRefusal(m)) this.emit('error', m);
    });
    this.phoneCalls = new PhoneCalls(c, (m) => this.emit('phone', m));
  }

  /** [TP7][TP10] The call's latest dial-in details while it is in phone mode. */
  dialIn(conversationId: string): CallPhone | undefined {
    return this.phoneCalls.of(conversationId);
  }

  get state(): ConsultantState {
    return this.stateValue;
  }

  /** Requests ringing for this consultant now. */
  get ringing(): ConversationView[] {
    return Object.values(this.state.conversations).filter((v) => this.isRingingForMe(v));
  }

  get active(): ConversationView[] {
    return Object.values(this.state.conversations).filter(
      (v) => v.state === 'active' && v.consultantId === this.state.consultantId,
    );
  }

  /** [S5] This consultant's conversations: their own and conferences they joined. */
  get mine(): ConversationView[] {
    return mine(this.state);
  }

  /** F-29 Calls going on, in the order they were accepted (the desk's tabs). */
  get activeCalls(): ConversationView[] {
    return activeCalls(this.state);
  }

  /** [CD3] Own calls that ended and wait for their wrap-up. */
  get endedCalls(): ConversationView[] {
    return endedCalls(this.state);
  }

  /** F-29 Available and fewer calls (going on or ringing) than the capacity: one more may be taken. */
  get hasFreeSlot(): boolean {
    return hasFreeSlot(this.state);
  }

  /** Requests waiting in the queue panel (not ringing for anyone), oldest first. */
  get queued(): ConversationView[] {
    return Object.values(this.state.conversations)
      .filter((v) => v.state === 'queued')
      .sort((a, b) => a.queuedAt - b.queuedAt);
  }

  get waitingCount(): number {
    return Object.values(this.state.conversations).filter((v) => v.state === 'queued' || v.state === 'ringing').length;
  }

  connect(): void {
    this.connection.connect();
  }

  close(): void {
    this.connection.close();
  }

  setAvailable(available: boolean): void {
    this.connection.send({ type: 'presence.set', available });
  }

  accept(conversationId: string): void {
    this.connection.send({ type: 'conversation.accept', conversationId });
  }

  decline(conversationId: string): void {
    this.connection.send({ type: 'conversation.decline', conversationId });
  }

  /** "Queue" (F-06): park a ringing request in the communication queue; it will not ring again. */
  queue(conversationId: string): void {
    this.connection.send({ type: 'conversation.queue', conversationId });
  }

  /** Take a waiting request from the queue panel. */
  pick(conversationId: string): void {
    this.connection.send({ type: 'conversation.pick', conversationId });
  }

  /** [C11] Hold (true) or resume (false). */
  setHold(conversationId: string, held: boolean): void {
    this.connection.send({ type: held ? 'conversation.hold' : 'conversation.resume', conversationId });
  }

  /** [C12] Transfer to a colleague or a queue; the reason goes into the notes. */
  transfer(
    conversationId: string,
    to: { kind: 'consultant'; consultantId: string } | { kind: 'link'; linkId: string },
    reason: string,
  ): void {
    this.connection.send({ type: 'conversation.transfer', conversationId, to, reason });
  }

  /** [C13] Wrap-up: Mark as done, with a disposition code when one was chosen. */
  markDone(conversationId: string, disposition: string | null = null): void {
    this.connection.send({ type: 'conversation.done', conversationId, disposition });
  }

  startBroadcast(linkId: string): void {
    this.connection.send({ type: 'broadcast.start', linkId });
  }

  stopBroadcast(linkId: string): void {
    this.connection.send({ type: 'broadcast.stop', linkId });
  }

  end(conversationId: string): void {
    this.connection.send({ type: 'conversation.end', conversationId });
  }

  /** Forgets a closed conversation in the local view. */
  dismiss(conversationId: string): void {
    const { [conversationId]: _dismissed, ...conversations } = this.state.conversations;
    this.update({ conversations });
  }

  sendChat(conversationId: string, text: string): string {
    const clientId = newClientId();
    this.connection.send({ type: 'chat.send', conversationId, clientId, text });
    return clientId;
  }

  /** [MD4] Tell the visitor what this side sends now (camera, microphone, screen, support video). */
  setMediaState(conversationId: string, state: MediaState): void {
    this.connection.send({ type: 'call.media', conversationId, state });
  }

  /** [TP4] Switch the call's audio to the telephone: both sides get dial-in numbers and a PIN. */
  audioViaTelephone(conversationId: string): void {
    this.connection.send({ type: 'call.phone', conversationId });
  }

  /** [S5] Invite an available colleague into this call. */
  inviteToConference(conversationId: string, consultantId: string): void {
    this.connection.send({ type: 'conference.invite', conversationId, consultantId });
  }

  /** [S5][S6] Join (true) or decline (false) a call one is invited into. */
  answerInvitation(conversationId: string, join: boolean): void {
    this.connection.send({ type: join ? 'conference.join' : 'conference.decline', conversationId });
  }

  /** [S5] Leave a conference; it goes on without this consultant. */
  leaveConference(conversationId: string): void {
    this.connection.send({ type: 'conference.leave', conversationId });
  }

  /** [S5] Calls a colleague invited this consultant into and that still wait for an answer. */
  get invitations(): ConversationView[] {
    const me = this.state.consultantId;
    return Object.values(this.state.conversations).filter(
      (v) => v.state === 'active' && v.invited.some((m) => m.id === me),
    );
  }

  signal(conversationId: string, signal: RtcSignal): void {
    this.connection.send({ type: 'rtc.signal', conversationId, signal });
  }

  private isRingingForMe(v: ConversationView): boolean {
    return v.state === 'ringing' && v.consultantId === this.state.consultantId;
  }

  private update(patch: Partial<ConsultantState>): void {
    let next = { ...this.stateValue, ...patch };
    const settled = this.dismissSettled ? settledIds(next) : [];
    if (settled.length > 0) {
      const gone = new Set(settled);
      const conversations = Object.fromEntries(Object.entries(next.conversations).filter(([id]) => !gone.has(id)));
      next = { ...next, conversations };
    }
    this.stateValue = next;
    this.emit('change', this.stateValue);
  }
}

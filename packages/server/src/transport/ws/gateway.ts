import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import {
  ClientMessage,
  closeCodes,
  errorCatalogue,
  Hello,
  isParleyError,
  MAX_FRAME_BYTES,
  ParleyError,
  PROTOCOL_VERSION,
  summarizeIssues,
  type ErrorCode,
  type ServerMessage,
} from '@parley/protocol';
import { topicOf, type Bus } from '../../bus/bus.ts';
import type { Recipient } from '../../domain/ports/outbox.ts';
import type { Welcome } from '../../domain/live/core.ts';
import type { LiveCommands } from '../../cluster/placement.ts';
import type { Services } from '../services.ts';
import { MessageRate } from '../guards/limits.ts';
import { requestOwnOrigins } from '../http/security.ts';
import type { Visitor } from '../../domain/tenants/directory.ts';
import { handleContextTeamTranscript } from './contextTeamTranscriptCommands.ts';
import { isMediaMessage, MediaCommands } from './mediaCommands.ts';
import { isPhoneMixMessage, PhoneMixCommands } from './phoneMixCommands.ts';
import { frameOf, rawText } from './frames.ts';
import type { LiveSocket } from './liveSockets.ts';
import { CobrowseGuard, defaultCobrowseBudget } from '../../domain/cobrowse/guard.ts';
import { relayCobrowse } from './cobrowseCommands.ts';
import { isOverviewMessage, OverviewCommands } from './overviewCommands.ts';
import { bindTenant, ownerMoved } from './tenantBinding.ts';
import { consultantOf, type Greeted } from './greeted.ts';
import { handleConversationCommand } from './conversationCommands.ts';
import { SiteVisitorCommands } from './siteVisitorCommands.ts';
import { greetConsultant, greetVisitor, type Greeting } from './greeting.ts';
import { phoneCallsOnReturn, refreshIceServers, welcomeMessage, type PrivacyNotice } from './welcome.ts';

/**
 * The WebSocket edge: validates every frame against the protocol schemas, turns them into
 * commands of the tenant's live state, and forwards bus messages for this participant to the socket.
 * Bad input is answered with a coded `error` message; the connection stays open.
 */
export function registerGateway(app: FastifyInstance, services: Services): void {
  app.get('/ws', { websocket: true }, (socket, request) => {
    // [E7] Too many sockets from one address: say why, then close with the documented code.
    if (!services.connections.acquire(request.ip)) {
      const { message } = errorCatalogue.too_many_connections;
      socket.send(JSON.stringify({ type: 'error', code: 'too_many_connections', message, ref: null }));
      services.metrics?.errorSent('ws', 'too_many_connections');
      socket.close(closeCodes.tooManyConnections, 'too many connections');
      return;
    }
    socket.once('close', () => services.connections.release(request.ip));
    new Connection(socket, request, services, app.log.child({ sessionId: request.id })).start();
  });
}

export const wsOptions = { maxPayload: MAX_FRAME_BYTES };

/**
 * [OP3] How long a closing peer may take to answer the close handshake before its socket is cut.
 * A wall-clock safety net for shutdown, not a product rule, so not on the injected clock (a fake
 * clock in tests would never let it go off).
 */
const CLOSE_HANDSHAKE_MS = 3000;

class Connection implements LiveSocket {
  private greeted: Greeted | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  private readonly rate: MessageRate;
  /** The visitor record behind a visitor connection (contact and transcript commands need it). */
  private visitor: Visitor | undefined;
  private mediaCommands: MediaCommands | undefined;
  private phoneMixCommands: PhoneMixCommands | undefined;
  private cobrowseGuard: CobrowseGuard | undefined;
  /** [SV5][SV7] This console's Visitors list commands (and whether it watches). */
  private siteVisitorCommands: SiteVisitorCommands | undefined;
  /** [OV3] This console's Communication Overview commands (and whether it watches). */
  private overviewCommands: OverviewCommands | undefined;
  /** Resolves when cleanup has run: every frame received before the close has been handled. */
  private readonly settled: Promise<void>;
  private markSettled = (): void => undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly request: FastifyRequest,
    private readonly services: Services,
    private readonly log: FastifyBaseLogger,
  ) {
    const { limits } = services.config;
    this.rate = new MessageRate(
      { perSecond: limits.messagesPerSecond, burst: limits.messageBurst, strikes: limits.messageStrikes },
      () => services.runtime.clock.now(),
    );
    this.settled = new Promise((resolve) => (this.markSettled = resolve));
  }

  get role(): LiveSocket['role'] {
    return this.greeted?.role ?? 'unidentified';
  }

  closeAndSettle(code: number, reason: string): Promise<void> {
    this.socket.close(code, reason);
    const cut = setTimeout(() => {
      this.log.warn({ code }, 'no answer to the close handshake: socket cut');
      this.socket.terminate();
    }, CLOSE_HANDSHAKE_MS);
    return this.settled.finally(() => clearTimeout(cut));
  }

  start(): void {
    this.services.sockets.add(this);
    this.socket.on('message', (data, isBinary) => {
      // [E6] Rate is judged on arrival, before any parsing or queuing work is spent on the frame.
      // Refusals go through the same chain as answers, so a client sees them in order.
      const verdict = this.rate.check();
      if (verdict === 'close') {
        this.chain = this.chain.then(() => this.socket.close(closeCodes.rateLimited, 'message rate exceeded'));
        return;
      }
      if (verdict === 'refuse') {
        this.chain = this.chain.then(() => this.sendError('rate_limited', null));
        return;
      }
      // Frames are handled strictly in order: hello must finish before the next message runs.
      this.chain = this.chain.then(() => this.handle(isBinary ? null : rawText(data)));
    });
    this.socket.on('close', () => {
      this.chain = this.chain.then(() => this.cleanup());
    });
    this.socket.on('error', (error) => this.log.warn({ err: error }, 'socket error'));
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frameOf(message), { binary: false });
  }

  private sendError(code: ErrorCode, ref: string | null, message?: string, clientId?: string): void {
    const text = message ?? errorCatalogue[code].message;
    this.services.metrics?.errorSent('ws', code);
    this.send({ type: 'error', code, message: text, ref, ...(clientId === undefined ? {} : { clientId }) });
  }

  /** Refuses the hello with a coded error and closes with `closeCode` ([E2] says whether to retry). */
  private refuse(code: ErrorCode, closeCode: number, reason: string): void {
    this.sendError(code, 'hello');
    this.socket.close(closeCode, reason);
  }

  private async handle(text: string | null): Promise<void> {
    let ref: string | null = null;
    let clientId: string | undefined;
    try {
      if (text === null) throw new ParleyError('invalid_message', 'binary frames are not part of the protocol');
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new ParleyError('invalid_json');
      }
      if (raw && typeof raw === 'object' && 'type' in raw && typeof raw.type === 'string') ref = raw.type.slice(0, 64);
      if (!this.greeted) {
        await this.hello(raw);
        return;
      }
      if (ref === 'hello') throw new ParleyError('already_greeted');
      const parsed = ClientMessage.safeParse(raw);
      if (!parsed.success) throw new ParleyError('invalid_message', summarizeIssues(parsed.error.issues));
      if (parsed.data.type === 'chat.send') clientId = parsed.data.clientId;
      await this.dispatch(parsed.data);
    } catch (error) {
      if (ownerMoved(error)) {
        this.log.info({ err: error, ref }, 'tenant owner moved: client told to resume');
        this.socket.close(closeCodes.serviceRestart, 'tenant moved');
      } else if (isParleyError(error)) {
        // [E18] A failure behind the refusal (e.g. the SFU's) is logged here, never sent.
        if (error.cause === undefined) this.log.info({ code: error.code, ref }, 'refused client message');
        else this.log.warn({ code: error.code, ref, err: error.cause }, 'refused client message');
        this.sendError(error.code, ref, error.message, clientId);
      } else {
        this.log.error({ err: error, ref }, 'failed to handle client message');
        this.sendError('internal_error', ref, undefined, clientId);
      }
    }
  }

  private async hello(raw: unknown): Promise<void> {
    if (!raw || typeof raw !== 'object' || (raw as { type?: unknown }).type !== 'hello') {
      throw new ParleyError('handshake_required');
    }
    const parsed = Hello.safeParse(raw);
    if (!parsed.success) throw new ParleyError('invalid_message', summarizeIssues(parsed.error.issues));
    const hello = parsed.data;
    if (hello.v !== PROTOCOL_VERSION) {
      this.sendError('unsupported_protocol_version', 'hello', `server speaks protocol ${PROTOCOL_VERSION}`);
      this.socket.close(closeCodes.protocolVersion, 'unsupported protocol version');
      return;
    }
    const greeting: Greeting = {
      services: this.services,
      request: this.request,
      own: requestOwnOrigins(this.services, this.request),
      refuse: (code, closeCode, reason) => this.refuse(code, closeCode, reason),
      close: (code, reason) => this.socket.close(code, reason),
      send: (message) => this.send(message),
      bind: (tenantId) => this.bind(tenantId),
      subscribe: (recipient, observe) => this.subscribe(recipient, observe),
      onClose: (stop) => {
        this.unsubscribe.push(stop);
      },
      knowVisitor: (visitor) => (this.visitor = visitor),
      greet: (greeted) => (this.greeted = greeted),
      welcome: (...welcome) => this.welcome(...welcome),
    };
    if (hello.role === 'consultant') await greetConsultant(greeting);
    else await greetVisitor(greeting, hello);
  }

  /** The tenant's live state for this socket; the socket closes if it moves to another node. */
  private async bind(tenantId: string): Promise<LiveCommands> {
    const { live, unbind } = await bindTenant(this.services, tenantId, () =>
      this.socket.close(closeCodes.serviceRestart, 'tenant moved'),
    );
    this.unsubscribe.push(unbind);
    return live;
  }

  private welcome(
    role: 'visitor' | 'consultant',
    self: { id: string; name: string },
    resumeToken: string | null,
    w: Welcome,
    privacy?: PrivacyNotice,
  ): void {
    this.send(welcomeMessage(this.services, role, self, resumeToken, w, privacy));
    // [TP10][PL42] Asked of the tenant's owner, which may be another node: sent when it answers.
    void phoneCallsOnReturn(this.services, this.greeted).then(
      (phones) => {
        for (const phone of phones) if (!this.closed) this.send(phone);
      },
      () => undefined,
    );
    const stopRefreshing = refreshIceServers(
      this.services,
      self.id,
      (m) => this.send(m),
      () => this.closed,
    );
    if (stopRefreshing) this.unsubscribe.push(stopRefreshing);
  }

  private subscribe(recipient: Recipient, observe?: (message: ServerMessage) => void): void {
    const bus: Bus = this.services.bus;
    this.unsubscribe.push(
      bus.subscribe(topicOf(recipient), (message) => {
        this.send(message);
        observe?.(message);
      }),
    );
  }

  private async dispatch(message: ClientMessage): Promise<void> {
    const greeted = this.greeted;
    if (!greeted) throw new ParleyError('handshake_required');
    const { actor, live: switchboard } = greeted;
    if (isMediaMessage(message)) {
      this.mediaCommands ??= new MediaCommands(switchboard, actor, (m) => this.send(m));
      return this.mediaCommands.handle(message);
    }
    if (isPhoneMixMessage(message)) {
      this.phoneMixCommands ??= new PhoneMixCommands(
        this.services.telephony?.deskOf(switchboard.tenantId) ?? null,
        actor,
        (m) => this.send(m),
      );
      return this.phoneMixCommands.handle(message);
    }
    if (isOverviewMessage(message)) {
      this.overviewCommands ??= new OverviewCommands(switchboard, consultantOf(greeted, message.type));
      return this.overviewCommands.handle(message);
    }
    switch (message.type) {
      case 'ping':
        this.send({ type: 'pong' });
        return;
      case 'visitor.context':
      case 'team.send':
      case 'transcript.send': {
        const who =
          greeted.role === 'consultant'
            ? { role: 'consultant' as const, consultantId: greeted.actor.consultantId }
            : this.visitor && { role: 'visitor' as const, visitor: this.visitor };
        if (!who) throw new ParleyError('handshake_required');
        return handleContextTeamTranscript(this.services, who, message, (m) => this.send(m));
      }
      case 'visitors.watch':
      case 'visitors.invite':
        this.siteVisitorCommands ??= new SiteVisitorCommands(
          this.services,
          switchboard.tenantId,
          consultantOf(greeted, message.type),
        );
        return this.siteVisitorCommands.handle(message);
      case 'cobrowse':
        this.cobrowseGuard ??= new CobrowseGuard(defaultCobrowseBudget, () => this.services.runtime.clock.now());
        this.cobrowseGuard.admit(greeted.role, message.signal);
        return relayCobrowse(this.services, switchboard, actor, message);
      default: {
        const caller = { greeted, visitor: this.visitor, address: this.request.ip };
        return handleConversationCommand(this.services, caller, message);
      }
    }
  }

  private async cleanup(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.leave();
    } finally {
      this.services.sockets.delete(this);
      this.markSettled();
    }
  }

  private async leave(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    await this.mediaCommands?.closeAll();
    this.phoneMixCommands?.closeAll();
    const greeted = this.greeted;
    if (!greeted) return;
    await this.siteVisitorCommands?.close();
    // In a cluster the owner may be gone: its successor restored everyone as disconnected ([P5]).
    const unreached = (error: unknown): void => {
      if (!ownerMoved(error)) throw error;
    };
    await this.overviewCommands?.close().catch(unreached);
    if (greeted.role === 'visitor') await greeted.live.visitorDisconnected(greeted.actor.visitorId).catch(unreached);
    else {
      await greeted.live.consultantDisconnected(greeted.actor.consultantId).catch(unreached);
      // Best effort: presence is announced to whoever is left, and a server shutting down may
      // already have closed its database.
      await this.services.team
        .disconnected(greeted.actor.consultantId)
        .catch((error: unknown) => this.log.debug({ err: error }, 'team presence not announced'));
    }
  }
}

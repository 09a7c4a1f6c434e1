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
import { SESSION_COOKIE } from '../http/cookies.ts';
import { MessageRate } from '../guards/limits.ts';
import { canonicalOrigin, originAllowed, siteAllowed } from '../guards/origins.ts';
import { requestOwnOrigins } from '../http/security.ts';
import type { Visitor } from '../../domain/tenants/directory.ts';
import { applyVisitorContext, linkSiteVisit, handleContextTeamTranscript } from './contextTeamTranscriptCommands.ts';
import { isMediaMessage, MediaCommands } from './mediaCommands.ts';
import { isPhoneMixMessage, PhoneMixCommands } from './phoneMixCommands.ts';
import { frameOf, rawText } from './frames.ts';
import { describeUserAgent } from '../../domain/media/userAgent.ts';
import type { LiveSocket } from './liveSockets.ts';
import { CobrowseGuard, defaultCobrowseBudget } from '../../domain/cobrowse/guard.ts';
import { relayCobrowse } from './cobrowseCommands.ts';
import { isOverviewMessage, OverviewCommands } from './overviewCommands.ts';
import { bindTenant, ownerMoved } from './tenantBinding.ts';
import { consultantOf, type Greeted } from './greeted.ts';
import { handleConversationCommand } from './conversationCommands.ts';
import { SiteVisitorCommands } from './siteVisitorCommands.ts';
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
    const { directory, auth } = this.services;
    const origin = this.request.headers.origin;
    const own = requestOwnOrigins(this.services, this.request);
    if (hello.role === 'consultant') {
      // [E5] The console is served by Parley only: a page elsewhere must not ride the session cookie.
      if (!originAllowed(origin, own, [])) {
        this.refuse('origin_not_allowed', closeCodes.originNotAllowed, 'origin not allowed');
        return;
      }
      const signedIn = await auth.authenticateSession(this.request.cookies[SESSION_COOKIE]);
      if (!signedIn) {
        this.refuse('not_authenticated', closeCodes.notAuthenticated, 'not authenticated');
        return;
      }
      const { consultant, session } = signedIn;
      // [U4] A one-time password opens nothing but the password change.
      if (consultant.mustChangePassword) {
        this.refuse('password_change_required', closeCodes.notAuthenticated, 'password_change_required');
        return;
      }
      const live = await this.bind(consultant.tenantId);
      this.greeted = { role: 'consultant', actor: { kind: 'consultant', consultantId: consultant.id }, live };
      // [T9][U1] An ended session or a deactivated account keeps no open console: retrying cannot help, so 4401.
      const endOnSessionEnded = (message: ServerMessage): void => {
        if (message.type === 'session.ended') this.socket.close(closeCodes.notAuthenticated, message.reason);
      };
      this.subscribe({ kind: 'consultant', consultantId: consultant.id }, endOnSessionEnded);
      // [U1] The socket lives no longer than the login session it was opened with.
      this.subscribe({ kind: 'session', sessionId: session.id }, endOnSessionEnded);
      const expiry = this.services.runtime.timers.setTimeout(
        () => {
          this.send({ type: 'session.ended', reason: 'session_expired' });
          this.socket.close(closeCodes.notAuthenticated, 'session_expired');
        },
        Math.max(0, session.expiresAt - this.services.runtime.clock.now()),
      );
      this.unsubscribe.push(() => expiry.cancel());
      await this.services.bus.subscribed?.();
      const welcome = await live.consultantConnected(consultant);
      this.welcome('consultant', { id: consultant.id, name: consultant.name }, null, welcome);
      await this.services.team.connected(consultant, welcome.available);
      return;
    }
    const link = await directory.links.findLinkByKey(hello.linkKey);
    if (!link) throw new ParleyError('link_not_found');
    // [E5][EM1] The socket's own Origin (Parley's, from the iframe; or a customer page using the
    // SDK) and the embedding page the app reports must both be Parley or a site the tenant allows.
    const sites = await directory.tenants.getAllowedOrigins(link.tenantId);
    const embed = hello.embedOrigin === undefined ? undefined : (canonicalOrigin(hello.embedOrigin) ?? 'invalid:');
    if (!siteAllowed(origin, own, sites) || !siteAllowed(embed, own, sites)) {
      this.refuse('origin_not_allowed', closeCodes.originNotAllowed, 'origin not allowed');
      return;
    }
    const resumed = hello.resumeToken ? await this.services.visitors.resume(hello.resumeToken, link) : undefined;
    // [E16] Each new visitor is a stored row: an address may start only so many, a returning one
    // (valid resume token) is never held up. Retrying later helps, so 4429 (the client backs off).
    if (!resumed && !this.services.newVisitors.take(this.request.ip)) {
      this.refuse('rate_limited', closeCodes.rateLimited, 'too many new visitors');
      return;
    }
    const { visitor, resumeToken } = resumed ?? (await this.services.visitors.create(link));
    this.visitor = visitor;
    if (hello.context) await applyVisitorContext(this.services, visitor, hello.context);
    const live = await this.bind(visitor.tenantId);
    this.greeted = { role: 'visitor', actor: { kind: 'visitor', visitorId: visitor.id }, live };
    this.subscribe({ kind: 'visitor', visitorId: visitor.id });
    this.subscribe({ kind: 'link', linkId: link.id });
    // [MD3] The browser is read from the upgrade request, not taken from what the page claims.
    const client = describeUserAgent(this.request.headers['user-agent']);
    // [SV8] The site visit the loader reported: the visitor's row shows this app's conversations.
    if (hello.visitId) await linkSiteVisit(this.services, visitor, hello.visitId);
    await this.services.bus.subscribed?.();
    const welcome = await live.visitorConnected(visitor, link, client);
    const privacy = await this.services.privacy.settings(link.tenantId);
    this.welcome('visitor', { id: visitor.id, name: visitor.name }, resumeToken, welcome, {
      keptDays: privacy.chatDays,
      noticeUrl: privacy.privacyUrl,
    });
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
    for (const phone of phoneCallsOnReturn(this.services, this.greeted)) this.send(phone);
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
      this.phoneMixCommands ??= new PhoneMixCommands(this.services.telephony, switchboard.tenantId, actor, (m) =>
        this.send(m),
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

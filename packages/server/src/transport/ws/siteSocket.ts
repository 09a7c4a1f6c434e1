import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import {
  closeCodes,
  errorCatalogue,
  isParleyError,
  ParleyError,
  SITE_PROTOCOL_VERSION,
  SiteClientMessage,
  SiteHello,
  summarizeIssues,
  type ErrorCode,
  type SiteServerMessage,
  type VisitorIdentity,
} from '@parley/protocol';
import type { Services } from '../services.ts';
import { MessageRate } from '../guards/limits.ts';
import { siteAllowed } from '../guards/origins.ts';
import { requestOwnOrigins } from '../http/security.ts';
import { describeUserAgent } from '../../domain/media/userAgent.ts';
import { headerSaysOne, trackingDecision } from '../../domain/siteVisitors/tracking.ts';
import type { SiteVisitorCommands } from '../../domain/siteVisitors/siteVisitorCommands.ts';
import { ownerMoved } from './tenantBinding.ts';

/** Closed after `site.untracked`: nothing to retry, the loader stays quiet. */
const UNTRACKED_CLOSE = 1000;

/**
 * [SV1]–[SV9] The loader's own small WebSocket on the customer's page: one per open page, while
 * it is open. It reports the page (and single-page-app moves), and carries invitations to the
 * page and the visitor's answer back. Every frame is validated against the site schemas; the
 * visitor's IP address is used for the rate limits only and never kept.
 */
export function registerSiteSocket(app: FastifyInstance, services: Services): void {
  app.get('/ws/site', { websocket: true }, (socket, request) => {
    // [E7] Shares the per-address connection limit with the app's sockets.
    if (!services.connections.acquire(request.ip)) {
      send(socket, {
        type: 'error',
        code: 'too_many_connections',
        message: errorCatalogue.too_many_connections.message,
      });
      socket.close(closeCodes.tooManyConnections, 'too many connections');
      return;
    }
    socket.once('close', () => services.connections.release(request.ip));
    new SitePage(socket, request, services, app.log.child({ sessionId: request.id })).start();
  });
}

function send(socket: WebSocket, message: SiteServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

class SitePage {
  private chain: Promise<void> = Promise.resolve();
  private opened: { visitors: SiteVisitorCommands; pageId: string } | undefined;
  /** [PL31] Stops watching for the tenant's owner to move. */
  private unbind: (() => void) | undefined;
  private greeted = false;
  private closed = false;
  private readonly rate: MessageRate;

  constructor(
    private readonly socket: WebSocket,
    private readonly request: FastifyRequest,
    private readonly services: Services,
    private readonly log: FastifyBaseLogger,
  ) {
    const { limits } = services.config;
    // A page sends a handful of messages in its life: a tenth of the app's allowance is plenty.
    this.rate = new MessageRate({ perSecond: Math.max(1, limits.messagesPerSecond / 10), burst: 10, strikes: 5 }, () =>
      services.runtime.clock.now(),
    );
  }

  start(): void {
    this.socket.on('message', (data, isBinary) => {
      const verdict = this.rate.check();
      if (verdict === 'close') {
        this.socket.close(closeCodes.rateLimited, 'message rate exceeded');
        return;
      }
      if (verdict === 'refuse') {
        this.chain = this.chain.then(() => this.sendError('rate_limited'));
        return;
      }
      const text = isBinary ? null : Buffer.from(data as Buffer).toString('utf8');
      this.chain = this.chain.then(() => this.handle(text));
    });
    this.socket.on('close', () => {
      this.chain = this.chain.then(async () => {
        this.closed = true;
        this.unbind?.();
        // An owner that moved or died lost the page already ([PL31]); nothing to tell it then.
        if (this.opened)
          await Promise.resolve(this.opened.visitors.closePage(this.opened.pageId)).catch(() => undefined);
      });
    });
    this.socket.on('error', (error) => this.log.warn({ err: error }, 'site socket error'));
  }

  private sendError(code: ErrorCode, message?: string): void {
    this.services.metrics?.errorSent('ws', code);
    send(this.socket, { type: 'error', code, message: message ?? errorCatalogue[code].message });
  }

  private async handle(text: string | null): Promise<void> {
    try {
      if (text === null) throw new ParleyError('invalid_message', 'binary frames are not part of the protocol');
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new ParleyError('invalid_json');
      }
      if (!this.greeted) {
        await this.hello(raw);
        return;
      }
      const parsed = SiteClientMessage.safeParse(raw);
      if (!parsed.success) throw new ParleyError('invalid_message', summarizeIssues(parsed.error.issues));
      if (!this.opened) return;
      const { visitors, pageId } = this.opened;
      const message = parsed.data;
      switch (message.type) {
        case 'site.page':
          await visitors.changePage(pageId, message.page);
          return;
        case 'site.invitation.answer':
          await visitors.answer(pageId, message.invitationId, message.answer);
          return;
        default: {
          const unreachable: never = message;
          throw new ParleyError('invalid_message', `unhandled ${String(unreachable)}`);
        }
      }
    } catch (error) {
      if (ownerMoved(error)) {
        // [PL31] The list moved with the tenant's lease: the loader reconnects and opens the page again.
        this.log.info({ code: (error as ParleyError).code }, 'site visitors moved: page told to reconnect');
        this.socket.close(closeCodes.serviceRestart, 'tenant moved');
      } else if (isParleyError(error)) {
        this.log.info({ code: error.code }, 'refused site message');
        this.sendError(error.code, error.message);
      } else {
        this.log.error({ err: error }, 'failed to handle site message');
        this.sendError('internal_error');
      }
    }
  }

  /** Refuses the hello with a coded error and closes ([E2] says whether to retry). */
  private refuse(code: ErrorCode, closeCode: number): void {
    this.sendError(code);
    this.socket.close(closeCode, code);
  }

  private async hello(raw: unknown): Promise<void> {
    const parsed = SiteHello.safeParse(raw);
    if (!parsed.success) {
      this.sendError('invalid_message', summarizeIssues(parsed.error.issues));
      this.socket.close(closeCodes.protocolVersion, 'invalid hello');
      return;
    }
    this.greeted = true;
    const hello = parsed.data;
    if (hello.v !== SITE_PROTOCOL_VERSION) {
      this.refuse('unsupported_protocol_version', closeCodes.protocolVersion);
      return;
    }
    const { directory, siteVisitors } = this.services;
    const link = await directory.links.findLinkByKey(hello.linkKey);
    if (!link) {
      this.refuse('link_not_found', closeCodes.protocolVersion);
      return;
    }
    // [SV1][EM1] The same allowed sites as the embed: the page (Origin) and the page it reports.
    const sites = await directory.tenants.getAllowedOrigins(link.tenantId);
    const own = requestOwnOrigins(this.services, this.request);
    const reported = new URL(hello.page.url).origin;
    if (!siteAllowed(this.request.headers.origin, own, sites) || !siteAllowed(reported, own, sites)) {
      {
        this.refuse('origin_not_allowed', closeCodes.originNotAllowed);
        return;
      }
    }
    // [SV4] Do Not Track and Global Privacy Control, from the browser's headers or the page.
    const headers = this.request.headers;
    const decision = trackingDecision(await siteVisitors.settings(link.tenantId), {
      doNotTrackHeader: headerSaysOne(headers.dnt),
      globalPrivacyControlHeader: headerSaysOne(headers['sec-gpc']),
      pageSaysDoNotTrack: hello.doNotTrack,
    });
    if (decision !== 'track') {
      send(this.socket, { type: 'site.untracked', reason: decision });
      this.socket.close(UNTRACKED_CLOSE, 'untracked');
      return;
    }
    // [SV9] Page views per address; the address itself is not kept anywhere.
    if (!this.services.newSitePages.take(this.request.ip)) {
      this.refuse('rate_limited', closeCodes.rateLimited);
      return;
    }
    const contact = await this.contactOf(link.tenantId, hello.identity, hello.visitorKey).catch(() => null);
    if (this.closed) return;
    // [PL31] The tenant's list runs on its owner: here, or on the node holding its lease.
    const { sites: visitors, owner } = await this.services.siteVisitorsOf(link.tenantId);
    this.unbind = this.services.placement.onMoved(link.tenantId, owner, () =>
      this.socket.close(closeCodes.serviceRestart, 'tenant moved'),
    );
    // An invitation still waiting for an answer comes with the page: it follows the welcome.
    const early: SiteServerMessage[] = [];
    let welcomed = false;
    const opened = await visitors.openPage(
      {
        link,
        visitId: hello.visitId,
        visitorKey: hello.visitorKey,
        page: hello.page,
        // [SV2] The browser from the upgrade's User-Agent, not from what the page claims.
        client: describeUserAgent(headers['user-agent']),
        language: hello.language,
        contact: contact && { id: contact.id, name: contact.name },
      },
      { send: (message) => (welcomed ? send(this.socket, message) : early.push(message)) },
    );
    this.opened = { visitors, pageId: opened.pageId };
    send(this.socket, {
      type: 'site.welcome',
      visitId: opened.visitId,
      visitorKey: opened.visitorKey,
      returning: opened.returning,
    });
    welcomed = true;
    for (const message of early.splice(0)) send(this.socket, message);
  }

  /**
   * [SV2][K2] A correctly signed identity names the contact (and [CT2] takes in the browser's
   * anonymous contact); without one, [CT1] the contact an earlier visit of this browser had.
   */
  private async contactOf(
    tenantId: string,
    identity: VisitorIdentity | undefined,
    visitorKey: string | undefined,
  ): Promise<{ id: string; name: string } | null> {
    const { contacts } = this.services;
    const identified = identity ? await contacts.identify(tenantId, identity, visitorKey) : null;
    const contact = identified ?? (visitorKey ? await contacts.recognize(tenantId, visitorKey) : undefined);
    return contact ? { id: contact.id, name: contact.name } : null;
  }
}

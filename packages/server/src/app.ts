import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import type { Kysely } from 'kysely';
import { MAX_SUPPORT_VIDEO_BYTES } from '@parley/protocol';
import { BusOutbox, InMemoryBus, type Bus } from './bus/bus.ts';
import type { Config } from './config.ts';
import { AuthService } from './domain/auth/auth.ts';
import { LiveRegistry } from './domain/live/liveRegistry.ts';
import { MediaRooms } from './domain/media/mediaRooms.ts';
import type { Sfu } from './domain/media/sfu.ts';
import { JanusSfu } from './media/janus/JanusSfu.ts';
import { janusPool } from './media/janus/janusPool.ts';
import { SqlMediaRoomRecords } from './storage/mediaRoomStore.ts';
import { Telephony } from './telephony/telephony.ts';
import { systemRuntime, type Runtime } from './domain/runtime.ts';
import { VisitorService } from './domain/visitors/visitors.ts';
import { SupportVideoLibrary, type BlobStore } from './domain/media/supportVideos.ts';
import { DiskBlobStore } from './storage/blobs.ts';
import { supportVideoRoutes } from './transport/http/routes/supportVideos.ts';
import type { Database } from './storage/schema.ts';
import { sqlStores } from './storage/stores.ts';
import { frameworkErrors, registerErrorHandling } from './transport/http/errors.ts';
import { nameTheNode } from './transport/http/nodeHeader.ts';
import { registerAdminRoutes } from './transport/http/routes/admin.ts';
import { registerLinkAdminRoutes } from './transport/http/routes/adminLinks.ts';
import { registerAuthRoutes } from './transport/http/routes/auth.ts';
import { registerInboxRoutes } from './transport/http/routes/inbox.ts';
import { registerLinkRoutes } from './transport/http/routes/links.ts';
import { registerConversationDetailRoutes } from './transport/http/routes/conversationDetails.ts';
import { registerPages } from './transport/http/routes/pages.ts';
import { ConnectionCounter } from './transport/guards/limits.ts';
import { LoginThrottle } from './transport/guards/loginThrottle.ts';
import { PerKeyTokenBucket } from './transport/http/rateLimit.ts';
import { registerSecurity } from './transport/http/security.ts';
import { registerSettingsRoutes } from './transport/http/routes/settings.ts';
import type { Services } from './transport/services.ts';
import { registerGateway, wsOptions } from './transport/ws/gateway.ts';
import { ContactService } from './domain/contacts/contacts.ts';
import { ConversationDetails } from './domain/conversationDetails/conversationDetails.ts';
import { CannedResponses } from './domain/conversationDetails/cannedResponses.ts';
import { TeamChat } from './domain/team/teamChat.ts';
import { TranscriptService } from './domain/transcript/transcript.ts';
import { InboxService } from './domain/inbox/inbox.ts';
import { MarkDone } from './domain/wrapup/markDone.ts';
import { WrapUpService } from './domain/wrapup/wrapUp.ts';
import { SmtpMailer } from './transport/mail/smtpMailer.ts';
import { registerConversationDataAdminRoutes } from './transport/http/routes/adminConversationData.ts';
import { closeCodes } from '@parley/protocol';
import { ParleyMetrics } from './ops/metrics.ts';
import { ReadinessProbe } from './ops/readiness.ts';
import { registerOperationRoutes } from './transport/http/routes/operations.ts';
import { LiveSockets } from './transport/ws/liveSockets.ts';
import { AppointmentService } from './domain/appointments/appointments.ts';
import { CodeAttempts } from './domain/appointments/codeAttempts.ts';
import { registerAppointmentRoutes } from './transport/http/routes/appointments.ts';
import type { SiteVisitorOptions } from './domain/siteVisitors/siteVisitors.ts';
import { SiteVisitorRegistry } from './domain/siteVisitors/siteVisitorRegistry.ts';
import { registerSiteSocket } from './transport/ws/siteSocket.ts';
import { registerSiteVisitorRoutes } from './transport/http/routes/siteVisitors.ts';
import { registerPrivacyRoutes } from './transport/http/routes/privacy.ts';
import { registerReportRoutes } from './transport/http/routes/reports.ts';
import { ReportService } from './domain/reports/reports.ts';
import { PrivacyService } from './domain/privacy/privacyService.ts';
import { RetentionJob } from './domain/privacy/retentionJob.ts';
import { invitationTexts, translatorFor } from './transport/translators.ts';
import { ClusterNode, type ClusterLog } from './cluster/clusterNode.ts';
import { SingleNodePlacement } from './cluster/placement.ts';
import { tellOwner } from './transport/ws/tenantBinding.ts';
import { SqlFenceStore } from './storage/fenceStore.ts';

export interface BuildOptions {
  config: Config;
  db: Kysely<Database>;
  runtime?: Runtime;
  bus?: Bus;
  /** The SFU adapter; default: Janus when `config.janus` is set, else none (media unavailable). */
  sfu?: Sfu | null;
  /** Where support-video bytes go; a folder under config.mediaDir by default. */
  blobs?: BlobStore;
  /** [SV6][SV8] Site visitors' timings (tests shorten them); defaults otherwise. */
  siteVisitors?: SiteVisitorOptions;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | { level: string };
}

const SERVICE_UNAVAILABLE = 'HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n';

/** Makes the Fastify app with every route and the WebSocket gateway; does not listen. */
export async function build(
  options: BuildOptions,
): Promise<{ app: FastifyInstance; services: Services; routes: readonly { method: string; url: string }[] }> {
  const runtime = options.runtime ?? systemRuntime;
  // The app (and its logger) is made further down; the cluster logs through it once it exists.
  let clusterLog: ClusterLog = { warn: () => undefined, info: () => undefined };
  // [PL7] One node of several: leases, forwarded commands and the bus on Redis. Else no Redis at all.
  const cluster = options.config.cluster
    ? await ClusterNode.connect(options.config.cluster, new SqlFenceStore(options.db), runtime, {
        warn: (object, message) => clusterLog.warn(object, message),
        info: (object, message) => clusterLog.info(object, message),
      })
    : null;
  const bus = options.bus ?? cluster?.bus ?? new InMemoryBus();
  const stores = sqlStores(options.db, () => runtime.clock.now());
  const outbox = new BusOutbox(bus);
  const live = new LiveRegistry(
    stores,
    stores.conversations,
    outbox,
    runtime,
    options.config.switchboard,
    undefined,
    cluster ? (tenantId) => cluster.portsOf(tenantId) : undefined,
  );
  // Where each tenant's live state runs: here, or (cluster) on the node holding its lease ([PL6]).
  const placement = cluster ?? new SingleNodePlacement(live);
  const sfu =
    options.sfu !== undefined ? options.sfu : options.config.janus ? new JanusSfu(options.config.janus) : null;
  // [PL26][PL27] Each room is recorded with its SFU; a room left by a node that died is found there.
  const sfus = sfu ? janusPool(sfu, options.config.janus) : null;
  const media =
    sfu && sfus
      ? new MediaRooms(sfu, (tenantId) => live.of(tenantId), {
          records: new SqlMediaRoomRecords(options.db),
          sfuAt: (location) => sfus.at(location),
          now: () => runtime.clock.now(),
          newRoomSuffix: () => runtime.ids.next('r'),
          onError: (error) => clusterLog.warn({ err: error }, 'media rooms'),
        })
      : null;
  if (media) {
    // [PL25] Media signalling runs where the tenant's live state runs.
    live.useMedia(media);
    // [S2][S4][S5] Media follows the live state's events; the live state knows no media.
    live.events.on((event) => media.onLiveEvent(event));
    // [PL27] A tenant's rooms go with its live state when the lease moves; its new owner clears
    // what a node that died left behind.
    live.onPlacement(({ tenantId, kind }) => {
      if (kind === 'dropped') media.tenantDropped(tenantId);
      else void media.clearLeftovers(tenantId);
    });
  }
  // The app (and its logger) is made further down; telephony logs through it once it exists.
  let telephonyLog: { info(object: object, message: string): void; warn(object: object, message: string): void } = {
    info: () => undefined,
    warn: () => undefined,
  };
  // [TP1]-[TP6] Telephone dial-in, when a SIP port is configured; ended calls hang up their phones.
  const telephony = options.config.sip
    ? await Telephony.start({
        config: options.config.sip,
        janus: options.config.janus,
        clock: runtime.clock,
        // [PL42] In a cluster a tenant's calls are told through its lease's fenced outbox.
        outboxOf: cluster ? (tenantId) => cluster.portsOf(tenantId).outbox : () => outbox,
        ...(cluster ? { cluster: cluster.phones } : {}),
        // [PL43] Calls in phone mode are kept with the live state (fenced by the lease in a cluster).
        storeOf: cluster ? (tenantId) => cluster.portsOf(tenantId).store : () => stores.conversations,
        log: {
          info: (object, message) => telephonyLog.info(object, message),
          warn: (object, message) => telephonyLog.warn(object, message),
        },
      })
    : null;
  if (telephony) {
    cluster?.phones.attach(telephony);
    live.events.on((event) => telephony.onLiveEvent(event));
    // [PL43] A tenant's calls in phone mode go with its live state when the lease moves.
    live.onPlacement(({ tenantId, kind }) => {
      if (kind === 'dropped') telephony.forget(tenantId);
      else void telephony.restore(tenantId).catch((error: unknown) => telephonyLog.warn({ err: error }, 'call.phone'));
    });
  }
  const sockets = new LiveSockets();
  // [SV5] Site visitors show whether their conversation waits or talks: they follow the live state.
  const siteVisitors = new SiteVisitorRegistry({
    outbox,
    runtime,
    store: stores.siteVisitors,
    texts: invitationTexts,
    ...(options.siteVisitors ? { options: options.siteVisitors } : {}),
    // [PL11] The owner's live state knows who is available, on whichever node the page's socket is.
    inviter: async (tenantId, linkId) => (await placement.bind(tenantId)).live.inviterFor(linkId),
    // [PL31] In a cluster the owner keeps the list, and tells consoles through its fenced outbox.
    ...(cluster ? { outboxOf: (tenantId: string) => cluster.portsOf(tenantId).outbox } : {}),
  });
  cluster?.serveSiteVisitors(siteVisitors);
  live.events.on((event) => siteVisitors.onLiveEvent(event));
  // Beside the live state: contacts, wrap-up, conversation details, team chat, transcripts.
  const wrapUps = new WrapUpService(stores.wrapUps, runtime);
  const team = new TeamChat(stores.team, stores, outbox, runtime);
  // [O2] Team presence follows the live state's availability events.
  live.events.on((event) => team.onLiveEvent(event));
  const { smtpUrl, mailFrom } = options.config;
  const smtp = smtpUrl ? new SmtpMailer(smtpUrl, mailFrom) : null;
  // [OP2] Metrics exist only with a token; without one the command path runs no metrics code.
  const metrics = options.config.metricsToken
    ? new ParleyMetrics({
        census: () => live.census(),
        sockets: () => sockets.byRole(),
        sfu: () => media?.census() ?? null,
      })
    : null;
  if (metrics) live.observe(metrics);
  const services: Services = {
    config: options.config,
    runtime,
    directory: stores,
    live,
    placement,
    media,
    telephony,
    // [U1] An ended login session closes every socket opened with it, on whichever node holds it.
    auth: new AuthService(stores, runtime, (sessionIds, reason) => {
      for (const sessionId of sessionIds)
        outbox.send({ kind: 'session', sessionId }, { type: 'session.ended', reason });
    }),
    visitors: new VisitorService(stores, runtime),
    supportVideos: new SupportVideoLibrary(
      stores.supportVideos,
      options.blobs ?? new DiskBlobStore(resolve(options.config.mediaDir, 'support-videos')),
      runtime,
      { maxBytes: MAX_SUPPORT_VIDEO_BYTES, quotaBytes: options.config.tenantStorageQuotaBytes },
    ),
    bus,
    connections: new ConnectionCounter(options.config.limits.connectionsPerIp),
    loginThrottle: new LoginThrottle(
      {
        failuresPerAddress: options.config.limits.loginFailuresPerWindow,
        windowMs: options.config.limits.loginWindowMs,
        accountFreeFailures: options.config.limits.loginAccountFreeFailures,
        accountBaseDelayMs: options.config.limits.loginAccountDelayMs,
        accountMaxDelayMs: options.config.limits.loginAccountMaxDelayMs,
      },
      () => runtime.clock.now(),
    ),
    newVisitors: new PerKeyTokenBucket(runtime.clock, {
      capacity: options.config.limits.newVisitorBurst,
      refillMs: options.config.limits.newVisitorRefillMs,
    }),
    newSitePages: new PerKeyTokenBucket(runtime.clock, {
      capacity: options.config.limits.sitePageBurst,
      refillMs: options.config.limits.sitePageRefillMs,
    }),
    siteVisitors,
    siteVisitorsOf: cluster
      ? (tenantId) => cluster.siteVisitorsOf(tenantId)
      : (tenantId) => Promise.resolve({ sites: siteVisitors.of(tenantId), owner: 'this node' }),
    privacy: new PrivacyService(stores.privacy, runtime.clock),
    reports: new ReportService(stores.reports, stores),
    contacts: new ContactService(stores.contacts, runtime),
    wrapUps,
    // [C13][PL8] The tenant's owner stores the done state, closing note and wrap-up in one transaction.
    markDone: new MarkDone(async (tenantId) => (await placement.bind(tenantId)).live, wrapUps),
    conversationDetails: new ConversationDetails(
      stores.conversations,
      stores.contacts,
      stores.wrapUps,
      stores.customData,
      runtime,
    ),
    cannedResponses: new CannedResponses(stores.customData, runtime.ids),
    team,
    transcripts: new TranscriptService(
      stores.conversations,
      smtp,
      {
        consultant: async (id) => (await stores.consultants.getConsultant(id))?.name,
        tenant: async (id) => (await stores.tenants.getTenant(id))?.name,
      },
      runtime,
      options.config.transcriptLimits,
    ),
    inbox: new InboxService({
      directory: stores,
      mailer: smtp,
      runtime,
      // [PL10] Handled, assigned or answered on any node: the owner tells the tenant's consoles.
      changed: (tenantId) =>
        void tellOwner(placement, tenantId, (owner) => owner.inboxChanged()).catch((error: unknown) =>
          clusterLog.warn({ err: error }, 'inbox.changed'),
        ),
    }),
    wrapUpStore: stores.wrapUps,
    customDataStore: stores.customData,
    sockets,
    metrics,
    appointments: new AppointmentService({
      store: stores.appointments,
      directory: stores,
      mailer: smtp,
      runtime,
      attempts: new CodeAttempts(runtime.clock),
      publicUrl: options.config.publicUrl,
      translate: translatorFor,
    }),
  };
  // [P5] Open conversations and available consultants survive a restart of the process. In a
  // cluster each tenant is restored by the node that takes its lease, when it takes it ([PL7]).
  if (cluster) {
    const tenantIds = (await stores.tenants.listTenants()).map((tenant) => tenant.id);
    cluster.start(live, stores.conversations, outbox, tenantIds);
  } else {
    await live.restore();
    // [PL43] Calls in phone mode are back with their PINs.
    if (telephony) for (const tenant of await stores.tenants.listTenants()) await telephony.restore(tenant.id);
    // [PL27] Rooms this process left on the SFU before it restarted have nobody in them any more
    // (not awaited: a slow SFU does not hold the start up).
    void media?.clearLeftovers();
  }

  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    bodyLimit: 64 * 1024,
    // [E13] Only the listed proxies' X-Forwarded-For is believed; none listed: the socket's address.
    trustProxy: options.config.trustProxy.length > 0 ? options.config.trustProxy : false,
    genReqId: () => runtime.ids.next('req'),
    frameworkErrors,
    // [OP3] avvio holds the close hooks (the sockets' close handshakes, the last group commit) to
    // the plugin timeout too; its 10 s default made a shutdown under heavy load fail with exit 1
    // before the database was closed. The shutdown's own deadline (main.ts, 15 s) bounds it.
    pluginTimeout: 30_000,
  });
  telephonyLog = app.log;
  clusterLog = app.log;
  // The route table, for the fuzz tests to reach every route (including ones added later).
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', ({ method, url }) => {
    for (const m of [method].flat()) routes.push({ method: m, url });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, {
    options: wsOptions,
    // [OP3] At shutdown (new requests already get 503) every socket is told to reconnect at once,
    // and each finishes handling the frames it received before the server stops listening.
    preClose: async () => {
      // New upgrades are refused and their sockets ended: the 503 Fastify answers a closing server
      // with would leave an upgrade's socket open, and the server would wait for it forever.
      app.server.removeAllListeners('upgrade');
      app.server.on('upgrade', (_request, socket: Duplex) => socket.end(SERVICE_UNAVAILABLE));
      await sockets.closeAll(closeCodes.serviceRestart, 'server restarting');
      // [SV1] The loaders' page sockets hold no live state: told to come back, they go at once.
      for (const client of app.websocketServer.clients) client.close(closeCodes.serviceRestart, 'server restarting');
      app.websocketServer.close();
    },
  });
  registerErrorHandling(app);
  if (cluster) nameTheNode(app, cluster.nodeId);
  registerOperationRoutes(
    app,
    new ReadinessProbe(options.db, media, runtime.timers, cluster ? () => cluster.reachable() : undefined),
    metrics && options.config.metricsToken ? { metrics, token: options.config.metricsToken } : null,
  );
  registerSecurity(app, services);
  registerAuthRoutes(app, services);
  registerSettingsRoutes(app, services);
  registerLinkRoutes(app, services);
  registerConversationDetailRoutes(app, services);
  registerAdminRoutes(app, services);
  registerLinkAdminRoutes(app, services);
  registerInboxRoutes(app, services);
  registerPages(app, services);
  registerConversationDataAdminRoutes(app, services);
  registerAppointmentRoutes(app, services);
  await app.register(supportVideoRoutes(services));
  registerGateway(app, services);
  registerSiteSocket(app, services);
  registerSiteVisitorRoutes(app, services);
  registerPrivacyRoutes(app, services);
  registerReportRoutes(app, services);
  // [GD2] Each tenant's retention periods are applied a minute after start, then hourly.
  const retention = new RetentionJob(stores.privacy, runtime, (tenantId, result) => {
    if (result instanceof Error) app.log.error({ tenantId, err: result }, 'retention failed');
    else if (Object.keys(result).length > 0) app.log.info({ tenantId, removed: result }, 'retention applied');
  });
  retention.start();
  app.addHook('onClose', async () => {
    retention.stop();
    await live.settled();
    // [PL4] A drained node hands its tenants over at once.
    await cluster?.stop();
    smtp?.close();
    await sfu?.close();
    await sfus?.close();
    await telephony?.close();
  });
  return { app, services, routes };
}

import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import type { Kysely } from 'kysely';
import { BusOutbox, InMemoryBus, type Bus } from './bus/bus.ts';
import type { Config } from './config.ts';
import { AuthService } from './domain/auth/auth.ts';
import { Switchboard } from './domain/live/switchboard.ts';
import { MediaRooms } from './domain/media/mediaRooms.ts';
import type { Sfu } from './domain/media/sfu.ts';
import { JanusSfu } from './media/janus/JanusSfu.ts';
import { systemRuntime, type Runtime } from './domain/runtime.ts';
import { VisitorService } from './domain/visitors/visitors.ts';
import { SupportVideoLibrary, type BlobStore } from './domain/media/supportVideos.ts';
import { DiskBlobStore } from './storage/blobs.ts';
import { SqlSupportVideoStore } from './storage/supportVideoStore.ts';
import { supportVideoRoutes } from './transport/http/routes/supportVideos.ts';
import type { Database } from './storage/schema.ts';
import { SqlStore } from './storage/stores.ts';
import { frameworkErrors, registerErrorHandling } from './transport/http/errors.ts';
import { registerAdminRoutes } from './transport/http/routes/admin.ts';
import { registerLinkAdminRoutes } from './transport/http/routes/adminLinks.ts';
import { registerAuthRoutes } from './transport/http/routes/auth.ts';
import { registerInboxRoutes } from './transport/http/routes/inbox.ts';
import { registerLinkRoutes } from './transport/http/routes/links.ts';
import { registerDeskRoutes } from './transport/http/routes/desk.ts';
import { registerPages } from './transport/http/routes/pages.ts';
import { AttemptWindow, ConnectionCounter } from './transport/guards/limits.ts';
import { registerSecurity } from './transport/http/security.ts';
import { registerSettingsRoutes } from './transport/http/routes/settings.ts';
import type { Services } from './transport/services.ts';
import { registerGateway, wsOptions } from './transport/ws/gateway.ts';
import { buildDeskServices } from './transport/deskServices.ts';
import { registerDeskAdminRoutes } from './transport/http/routes/deskAdmin.ts';

export interface BuildOptions {
  config: Config;
  db: Kysely<Database>;
  runtime?: Runtime;
  bus?: Bus;
  /** The SFU adapter; default: Janus when `config.janus` is set, else none (media unavailable). */
  sfu?: Sfu | null;
  /** Where support-video bytes go; a folder under config.mediaDir by default. */
  blobs?: BlobStore;
  /** pino options, or false to stay quiet (tests). */
  logger?: boolean | { level: string };
}

/** Makes the Fastify app with every route and the WebSocket gateway; does not listen. */
export async function build(
  options: BuildOptions,
): Promise<{ app: FastifyInstance; services: Services; routes: readonly { method: string; url: string }[] }> {
  const runtime = options.runtime ?? systemRuntime;
  const bus = options.bus ?? new InMemoryBus();
  const store = new SqlStore(options.db, () => runtime.clock.now());
  const outbox = new BusOutbox(bus);
  const switchboard = new Switchboard(store, store, outbox, runtime, options.config.switchboard);
  const sfu =
    options.sfu !== undefined ? options.sfu : options.config.janus ? new JanusSfu(options.config.janus) : null;
  const media = sfu ? new MediaRooms(sfu, switchboard) : null;
  if (media) switchboard.useMedia(media);
  const services: Services = {
    config: options.config,
    runtime,
    db: options.db,
    directory: store,
    switchboard,
    media,
    // [U1] An ended login session closes every socket opened with it, on whichever node holds it.
    auth: new AuthService(store, runtime, (sessionIds, reason) => {
      for (const sessionId of sessionIds)
        outbox.send({ kind: 'session', sessionId }, { type: 'session.ended', reason });
    }),
    visitors: new VisitorService(store, runtime),
    supportVideos: new SupportVideoLibrary(
      new SqlSupportVideoStore(options.db),
      options.blobs ?? new DiskBlobStore(resolve(options.config.mediaDir, 'support-videos')),
      runtime,
    ),
    bus,
    connections: new ConnectionCounter(options.config.limits.connectionsPerIp),
    loginFailures: new AttemptWindow(
      options.config.limits.loginFailuresPerWindow,
      options.config.limits.loginWindowMs,
      () => runtime.clock.now(),
    ),
    desk: buildDeskServices({ config: options.config, db: options.db, runtime, store, directory: store, outbox }),
  };
  // [P5] Open conversations and available consultants survive a restart of the process.
  await switchboard.restore();

  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    bodyLimit: 64 * 1024,
    trustProxy: options.config.trustProxy,
    genReqId: () => runtime.ids.next('req'),
    frameworkErrors,
  });
  // The route table, for the fuzz tests to reach every route (including ones added later).
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', ({ method, url }) => {
    for (const m of [method].flat()) routes.push({ method: m, url });
  });
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: wsOptions });
  registerErrorHandling(app);
  registerSecurity(app, services);
  registerAuthRoutes(app, services);
  registerSettingsRoutes(app, services);
  registerLinkRoutes(app, services);
  registerDeskRoutes(app, services);
  registerAdminRoutes(app, services);
  registerLinkAdminRoutes(app, services);
  registerInboxRoutes(app, services);
  registerPages(app, services);
  registerDeskAdminRoutes(app, services);
  await app.register(supportVideoRoutes(services));
  registerGateway(app, services);
  app.addHook('onClose', async () => {
    await switchboard.settled();
    services.desk.close();
    await sfu?.close();
  });
  return { app, services, routes };
}

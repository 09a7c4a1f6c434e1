import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Bus } from '../bus/bus.ts';
import type { AuthService } from '../domain/auth/auth.ts';
import type { LiveRegistry } from '../domain/live/liveRegistry.ts';
import type { MediaRooms } from '../domain/media/mediaRooms.ts';
import type { Runtime } from '../domain/runtime.ts';
import type { DirectoryStore } from '../domain/tenants/directory.ts';
import type { VisitorService } from '../domain/visitors/visitors.ts';
import type { SupportVideoLibrary } from '../domain/media/supportVideos.ts';
import type { Database } from '../storage/schema.ts';
import type { ConnectionCounter } from './guards/limits.ts';
import type { LoginThrottle } from './guards/loginThrottle.ts';
import type { PerKeyTokenBucket } from './http/rateLimit.ts';
import type { DeskServices } from './deskServices.ts';
import type { ParleyMetrics } from '../ops/metrics.ts';
import type { LiveSockets } from './ws/liveSockets.ts';

/** Everything the transport edge needs, wired once in `build()`. */
export interface Services {
  config: Config;
  runtime: Runtime;
  db: Kysely<Database>;
  directory: DirectoryStore;
  /** The live state, one unit per tenant: `live.of(tenantId)`. */
  live: LiveRegistry;
  /** [S1]–[S6] SFU rooms; null when no media server is configured (broadcast video, conference off). */
  media: MediaRooms | null;
  auth: AuthService;
  visitors: VisitorService;
  supportVideos: SupportVideoLibrary;
  bus: Bus;
  /** [E7] Open WebSocket connections per client IP. */
  connections: ConnectionCounter;
  /** [E10][E14] Failed logins per address, and a growing delay per account. */
  loginThrottle: LoginThrottle;
  /** [E16] New visitor sessions per client address. */
  newVisitors: PerKeyTokenBucket;
  /** The consultant's desk: contacts, wrap-up, custom data, canned responses, team chat, transcripts. */
  desk: DeskServices;
  /** [OP3] Open WebSocket connections: counted for metrics, closed together at shutdown. */
  sockets: LiveSockets;
  /** [OP2] Prometheus metrics; null when `PARLEY_METRICS_TOKEN` is not set (metrics off). */
  metrics: ParleyMetrics | null;
}

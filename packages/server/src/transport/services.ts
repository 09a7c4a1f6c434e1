import type { Telephony } from '../telephony/telephony.ts';
import type { Config } from '../config.ts';
import type { Bus } from '../bus/bus.ts';
import type { Placement } from '../cluster/placement.ts';
import type { AuthService } from '../domain/auth/auth.ts';
import type { LiveRegistry } from '../domain/live/liveRegistry.ts';
import type { MediaRooms } from '../domain/media/mediaRooms.ts';
import type { Runtime } from '../domain/runtime.ts';
import type { Directory } from '../domain/tenants/directory.ts';
import type { VisitorService } from '../domain/visitors/visitors.ts';
import type { SupportVideoLibrary } from '../domain/media/supportVideos.ts';
import type { ConnectionCounter } from './guards/limits.ts';
import type { LoginThrottle } from './guards/loginThrottle.ts';
import type { PerKeyTokenBucket } from './http/rateLimit.ts';
import type { ContactService } from '../domain/contacts/contacts.ts';
import type { ConversationDetails, CustomDataStore } from '../domain/conversationDetails/conversationDetails.ts';
import type { CannedResponses } from '../domain/conversationDetails/cannedResponses.ts';
import type { TeamChat } from '../domain/team/teamChat.ts';
import type { TranscriptService } from '../domain/transcript/transcript.ts';
import type { InboxService } from '../domain/inbox/inbox.ts';
import type { MarkDone } from '../domain/wrapup/markDone.ts';
import type { WrapUpService, WrapUpStore } from '../domain/wrapup/wrapUp.ts';
import type { ParleyMetrics } from '../ops/metrics.ts';
import type { LiveSockets } from './ws/liveSockets.ts';
import type { AppointmentService } from '../domain/appointments/appointments.ts';
import type { SiteVisitorRegistry } from '../domain/siteVisitors/siteVisitorRegistry.ts';
import type { SiteVisitorBinding } from '../domain/siteVisitors/siteVisitorCommands.ts';
import type { PrivacyService } from '../domain/privacy/privacyService.ts';
import type { ReportService } from '../domain/reports/reports.ts';

/** Everything the transport edge needs, wired once in `build()`. */
export interface Services {
  config: Config;
  runtime: Runtime;
  directory: Directory;
  /** The live state, one unit per tenant: `live.of(tenantId)`. */
  live: LiveRegistry;
  /** Where each tenant's live state runs: here, or (cluster) on the node holding its lease. */
  placement: Placement;
  /** [S1]–[S6] SFU rooms; null when no media server is configured (broadcast video, conference off). */
  media: MediaRooms | null;
  /** [TP1]-[TP6] Telephone dial-in; null when no SIP port is configured. */
  telephony: Telephony | null;
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
  /** [SV9] Site page views (loader sockets) per client address. */
  newSitePages: PerKeyTokenBucket;
  /** [SV1]–[SV9] The visitors on each tenant's sites now, and invitations. */
  siteVisitors: SiteVisitorRegistry;
  /**
   * [PL31] A tenant's site visitors for a socket: this node's list, or (cluster) the lease
   * holder's through forwarded commands. Settings and rules are read from `siteVisitors`.
   */
  siteVisitorsOf(tenantId: string): Promise<SiteVisitorBinding>;
  /** [GD1]–[GD4] Retention periods, purge, a contact's export and erasure. */
  privacy: PrivacyService;
  /** [RP1]–[RP9] Reports for supervisors and admins. */
  reports: ReportService;
  /** [K1]–[K4] Contacts and the signed visitor identity. */
  contacts: ContactService;
  /** [N1]–[N4] Notepad, disposition codes and wrap-ups. */
  wrapUps: WrapUpService;
  /** [C13] The Mark as done use case: `done` and its wrap-up in one transaction. */
  markDone: MarkDone;
  /** [N1][D1][D2] What a consultant sees and edits beside a conversation. */
  conversationDetails: ConversationDetails;
  /** [CR1]–[CR4] Canned responses: shared, personal, counted. */
  cannedResponses: CannedResponses;
  /** [O1]–[O3] Team chat and presence. */
  team: TeamChat;
  /** [Y1] Transcripts by e-mail. */
  transcripts: TranscriptService;
  /** [I3]–[I5][IB1]–[IB4] The inbox of left messages: list, handled, assign, answer by e-mail. */
  inbox: InboxService;
  /** Admin of disposition codes and the tenant's wrap-up rule (routes/adminConversationData.ts). */
  wrapUpStore: WrapUpStore;
  /** Admin of custom data fields (routes/adminConversationData.ts). */
  customDataStore: CustomDataStore;
  /** [OP3] Open WebSocket connections: counted for metrics, closed together at shutdown. */
  sockets: LiveSockets;
  /** [AP1]–[AP6] Planned sessions and session codes. */
  appointments: AppointmentService;
  /** [OP2] Prometheus metrics; null when `PARLEY_METRICS_TOKEN` is not set (metrics off). */
  metrics: ParleyMetrics | null;
}

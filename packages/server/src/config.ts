import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { ClusterConfig } from './cluster/clusterNode.ts';
import { defaultLeaseTiming } from './domain/placement/leaseKeeper.ts';
import { defaultLiveOptions, type LiveOptions } from './domain/live/core.ts';
import { TRANSCRIPT_LIMITS, type TranscriptLimits } from './domain/transcript/transcript.ts';

export interface TurnConfig {
  urls: string[];
  /** The coturn `static-auth-secret` shared with Parley (TURN REST API credentials). */
  secret: string;
  ttlSeconds: number;
}

/** [E6][E7][E10] Abuse limits at the edge; every one can be set from the environment. */
export interface LimitsConfig {
  messagesPerSecond: number;
  messageBurst: number;
  /** Refused messages tolerated before a flooding socket is closed with 4429. */
  messageStrikes: number;
  connectionsPerIp: number;
  loginFailuresPerWindow: number;
  loginWindowMs: number;
  /** [E14] Failures an account takes before each attempt on it waits a growing delay. */
  loginAccountFreeFailures: number;
  loginAccountDelayMs: number;
  loginAccountMaxDelayMs: number;
  /** [E16] New visitor sessions (a hello without a valid resume token) per address: a burst… */
  newVisitorBurst: number;
  /** …then one more every this many milliseconds. */
  newVisitorRefillMs: number;
  /** [SV9] Site page views (loader sockets opened) per address: a burst… */
  sitePageBurst: number;
  /** …then one more every this many milliseconds. */
  sitePageRefillMs: number;
}

export const defaultLimits: LimitsConfig = {
  messagesPerSecond: 30,
  messageBurst: 60,
  messageStrikes: 30,
  // Visitors behind one company NAT share an address: the limit is generous on purpose.
  connectionsPerIp: 200,
  loginFailuresPerWindow: 10,
  loginWindowMs: 10 * 60 * 1000,
  loginAccountFreeFailures: 5,
  loginAccountDelayMs: 1000,
  loginAccountMaxDelayMs: 60_000,
  // Generous for the same reason as connectionsPerIp; stops a script minting rows in a loop.
  newVisitorBurst: 60,
  newVisitorRefillMs: 2000,
  // A page view costs memory only (nothing is stored), and a shop's visitors click fast.
  sitePageBurst: 120,
  sitePageRefillMs: 500,
};

/** [TP1]-[TP3] Telephone dial-in (F-14): the SIP port and the numbers a trunk routes to it. */
export interface SipConfig {
  host: string;
  /** UDP and TCP. */
  port: number;
  /** The address a trunk or phone reaches (Contact, Via, SDP); default `host`. */
  publicAddress: string | null;
  /** RTP ports for calls; null: any free port. */
  rtpPorts: { min: number; max: number } | null;
  /** The dial-in numbers shown to both sides, each with its prompt's language. */
  numbers: { number: string; locale: string }[];
}

/** The Janus SFU's WebSocket API (scripts/janus.sh prints these); never exposed to browsers. */
export interface JanusConfig {
  url: string;
  apiSecret: string;
  adminKey: string;
}

export interface Config {
  host: string;
  port: number;
  /** How browsers reach this server; used in printed URLs and embed codes. */
  publicUrl: string;
  databaseFile: string;
  /** Where uploaded support videos are kept (F-19). */
  mediaDir: string;
  /** [E17] Support videos of one tenant together at most (bytes). */
  tenantStorageQuotaBytes: number;
  /** Uploaded files (offline pictures), one folder per tenant; beside the database by default. */
  uploadsDir: string;
  /** PostgreSQL connection string; when set, SQLite is not used. */
  databaseUrl: string | null;
  /** [PL40] How long getting a PostgreSQL connection keeps retrying while it restarts (ms). */
  databaseRetryMs?: number;
  /** [PL41] How long one PostgreSQL statement may go unanswered before `storage_unavailable` (ms; 0: no limit). */
  databaseStatementTimeoutMs?: number;
  logLevel: string;
  secureCookies: boolean;
  /**
   * [E13] The reverse proxies whose `X-Forwarded-For` is believed (addresses, CIDRs, or proxy-addr's
   * `loopback` / `linklocal` / `uniquelocal`); the client is the last hop not in this list. Empty:
   * the socket's address is the client's ([E7], [E10], [I2]).
   */
  trustProxy: string[];
  stunUrls: string[];
  turn: TurnConfig | null;
  /** [S1]–[S6] null: broadcast video and conferences are unavailable. */
  janus: JanusConfig | null;
  /** [TP1] null (no PARLEY_SIP_PORT): no telephone dial-in. */
  sip: SipConfig | null;
  switchboard: LiveOptions;
  limits: LimitsConfig;
  /** Built front-ends; missing folders mean "not built", reported at start. */
  widgetDist: string;
  consoleDist: string;
  /**
   * [U6] The demo tenant: null with PARLEY_DEMO=off. `password` null: generated at first start and
   * printed once. `explicit`: PARLEY_DEMO=on, which alone lets it be created on an https URL.
   */
  demo: { email: string; password: string | null; explicit: boolean } | null;
  /** [E19] `PARLEY_TEST_HOOKS=on` (end-to-end tests only): the apps expose `window.__parley`. */
  testHooks: boolean;
  /** [Y1] SMTP for transcripts by e-mail (F-30): `smtp://user:pass@host:587`; null turns mail off. */
  smtpUrl: string | null;
  mailFrom: string;
  /** [Y3][SD6] How many transcripts may be mailed, per requester, conversation, recipient and tenant. */
  transcriptLimits: TranscriptLimits;
  /** [OP2] Bearer token that `GET /metrics` requires; null turns the metrics off. */
  metricsToken: string | null;
  /**
   * [PL7] One node of several (PARLEY_REDIS_URL set; PostgreSQL expected): leases, forwarding and
   * the bus on Redis. Missing or null: the single-node default, with no Redis at all.
   */
  cluster?: ClusterConfig | null;
}

/**
 * The checkout's root. From src/ when run from source, from dist/ when run compiled ([OP5]): both
 * sit at the same depth in packages/server, and the bundle is one file there.
 */
export const repoRoot = resolve(import.meta.dirname, '../../..');

/** [OP2] A shorter token is refused at start: it would be guessable. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

function metricsToken(value: string | undefined): string | null {
  if (!value) return null;
  if (value.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new Error(`PARLEY_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`);
  }
  return value;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A configuration value the server refuses to start with; the message says how to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Whether `entry` is an IP address, an address/prefix CIDR, or a proxy-addr keyword. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * [E13] `PARLEY_TRUST_PROXY`: the proxies to believe. The old `on` believed every hop, so any client
 * could name its own address in `X-Forwarded-For` and slip past every per-address limit; it is
 * refused rather than guessed at, with the fix in the message.
 */
export function parseTrustProxy(value: string | undefined): string[] {
  const raw = (value ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'off' || raw === 'false' || raw === 'no') return [];
  if (raw === 'on' || raw === 'true' || raw === 'yes' || raw === '1' || raw === '*') {
    throw new ConfigError(
      `PARLEY_TRUST_PROXY=${value ?? ''} is no longer accepted: it trusted X-Forwarded-For from anyone, so ` +
        'any client could pick its own address and skip the per-address limits. List your reverse ' +
        'proxies instead, e.g. PARLEY_TRUST_PROXY=127.0.0.1 (proxy on this host) or ' +
        'PARLEY_TRUST_PROXY=10.0.0.5,10.0.1.0/24 (see docs/deploy.md).',
    );
  }
  const entries = list(raw);
  const bad = entries.filter((entry) => !isProxyEntry(entry));
  if (bad.length > 0) {
    throw new ConfigError(
      `PARLEY_TRUST_PROXY: ${bad.join(', ')} is not an IP address or CIDR (e.g. 10.0.0.5, 10.0.1.0/24, ` + 'loopback).',
    );
  }
  return entries;
}

function int(value: string | undefined, fallback: number): number {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/**
 * [TP1][TP3] `PARLEY_SIP_PORT` turns dial-in on; `PARLEY_SIP_NUMBERS` lists the numbers with their
 * prompt language (`+31205550100=nl,+48225550100=pl`), `PARLEY_SIP_RTP_PORTS` a range (`40000-40999`).
 */
function sipConfig(env: NodeJS.ProcessEnv, host: string): SipConfig | null {
  if (!env.PARLEY_SIP_PORT) return null;
  const range = /^(\d+)-(\d+)$/.exec(env.PARLEY_SIP_RTP_PORTS ?? '');
  return {
    host: env.PARLEY_SIP_HOST ?? host,
    port: int(env.PARLEY_SIP_PORT, 5060),
    publicAddress: env.PARLEY_SIP_PUBLIC_ADDRESS ?? null,
    rtpPorts: range ? { min: Number(range[1]), max: Number(range[2]) } : null,
    numbers: list(env.PARLEY_SIP_NUMBERS).map((entry) => {
      const [number = '', locale = 'en'] = entry.split('=');
      return { number: number.trim(), locale: locale.trim() };
    }),
  };
}

/**
 * [PL7] Cluster settings from PARLEY_REDIS_URL, PARLEY_NODE_ID, PARLEY_REDIS_NAMESPACE and PARLEY_LEASE_TTL_MS (the
 * failover time's main part; renewals, retries and the drift margin scale with it).
 */
function clusterConfig(env: NodeJS.ProcessEnv): ClusterConfig | null {
  if (!env.PARLEY_REDIS_URL) return null;
  const ttlMs = int(env.PARLEY_LEASE_TTL_MS, defaultLeaseTiming.ttlMs);
  const scale = ttlMs / defaultLeaseTiming.ttlMs;
  return {
    redisUrl: env.PARLEY_REDIS_URL,
    nodeId: (env.PARLEY_NODE_ID ?? `${hostname()}-${process.pid}`).replaceAll('|', '-'),
    lease: {
      ttlMs,
      renewEveryMs: Math.round(defaultLeaseTiming.renewEveryMs * scale),
      retryEveryMs: Math.round(defaultLeaseTiming.retryEveryMs * scale),
      driftMs: Math.round(defaultLeaseTiming.driftMs * scale),
      callTimeoutMs: Math.round(defaultLeaseTiming.callTimeoutMs * scale),
    },
    commandTimeoutMs: int(env.PARLEY_FORWARD_TIMEOUT_MS, 3000),
    namespace: redisNamespace(env.PARLEY_REDIS_NAMESPACE),
  };
}

/** [PL44] PARLEY_REDIS_NAMESPACE: letters, digits, `_`, `-` and `.`, at most 40; `parley` if unset. */
function redisNamespace(value: string | undefined): string {
  if (value === undefined || value === '') return 'parley';
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(value)) {
    throw new Error(
      `PARLEY_REDIS_NAMESPACE must be 1–40 letters, digits, '_', '-' or '.' (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** Reads configuration from the environment; every setting has an embedded default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 8080);
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = (env.PARLEY_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  const turnSecret = env.PARLEY_TURN_SECRET;
  const dataDir = resolve(env.PARLEY_DATA_DIR ?? resolve(repoRoot, 'data'));
  return {
    host,
    port,
    publicUrl,
    databaseFile: resolve(dataDir, 'parley.sqlite'),
    mediaDir: resolve(env.PARLEY_MEDIA_DIR ?? resolve(dataDir, 'media')),
    tenantStorageQuotaBytes: int(env.PARLEY_TENANT_STORAGE_QUOTA_MB, 1024) * 1024 * 1024,
    uploadsDir: resolve(env.PARLEY_UPLOADS_DIR ?? resolve(dataDir, 'uploads')),
    databaseUrl: env.PARLEY_DATABASE_URL ?? null,
    databaseRetryMs: int(env.PARLEY_DB_RETRY_MS, 15_000),
    databaseStatementTimeoutMs: int(env.PARLEY_DB_STATEMENT_TIMEOUT_MS, 10_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: publicUrl.startsWith('https:'),
    trustProxy: parseTrustProxy(env.PARLEY_TRUST_PROXY),
    stunUrls: list(env.PARLEY_STUN_URLS),
    turn: turnSecret
      ? { urls: list(env.PARLEY_TURN_URLS), secret: turnSecret, ttlSeconds: int(env.PARLEY_TURN_TTL, 3600) }
      : null,
    janus: env.PARLEY_JANUS_URL
      ? {
          url: env.PARLEY_JANUS_URL,
          apiSecret: env.PARLEY_JANUS_API_SECRET ?? '',
          adminKey: env.PARLEY_JANUS_ADMIN_KEY ?? '',
        }
      : null,
    sip: sipConfig(env, host),
    switchboard: {
      ringTimeoutMs: int(env.PARLEY_RING_TIMEOUT_MS, defaultLiveOptions.ringTimeoutMs),
      consultantGraceMs: int(env.PARLEY_CONSULTANT_GRACE_MS, defaultLiveOptions.consultantGraceMs),
      visitorGraceMs: int(env.PARLEY_VISITOR_GRACE_MS, defaultLiveOptions.visitorGraceMs),
    },
    limits: {
      messagesPerSecond: int(env.PARLEY_WS_MESSAGES_PER_SECOND, defaultLimits.messagesPerSecond),
      messageBurst: int(env.PARLEY_WS_MESSAGE_BURST, defaultLimits.messageBurst),
      messageStrikes: int(env.PARLEY_WS_MESSAGE_STRIKES, defaultLimits.messageStrikes),
      connectionsPerIp: int(env.PARLEY_WS_CONNECTIONS_PER_IP, defaultLimits.connectionsPerIp),
      loginFailuresPerWindow: int(env.PARLEY_LOGIN_FAILURES, defaultLimits.loginFailuresPerWindow),
      loginWindowMs: int(env.PARLEY_LOGIN_WINDOW_MS, defaultLimits.loginWindowMs),
      loginAccountFreeFailures: int(env.PARLEY_LOGIN_ACCOUNT_FREE_FAILURES, defaultLimits.loginAccountFreeFailures),
      loginAccountDelayMs: int(env.PARLEY_LOGIN_ACCOUNT_DELAY_MS, defaultLimits.loginAccountDelayMs),
      loginAccountMaxDelayMs: int(env.PARLEY_LOGIN_ACCOUNT_MAX_DELAY_MS, defaultLimits.loginAccountMaxDelayMs),
      newVisitorBurst: int(env.PARLEY_NEW_VISITOR_BURST, defaultLimits.newVisitorBurst),
      newVisitorRefillMs: int(env.PARLEY_NEW_VISITOR_REFILL_MS, defaultLimits.newVisitorRefillMs),
      sitePageBurst: int(env.PARLEY_SITE_PAGE_BURST, defaultLimits.sitePageBurst),
      sitePageRefillMs: int(env.PARLEY_SITE_PAGE_REFILL_MS, defaultLimits.sitePageRefillMs),
    },
    widgetDist: resolve(repoRoot, 'packages/widget/dist'),
    consoleDist: resolve(repoRoot, 'packages/console/dist'),
    testHooks: env.PARLEY_TEST_HOOKS === 'on',
    smtpUrl: env.PARLEY_SMTP_URL ?? null,
    mailFrom: env.PARLEY_MAIL_FROM ?? `Parley <no-reply@${new URL(publicUrl).hostname}>`,
    transcriptLimits: {
      ...TRANSCRIPT_LIMITS,
      perRecipient: int(env.PARLEY_TRANSCRIPTS_PER_ADDRESS, TRANSCRIPT_LIMITS.perRecipient),
      perTenant: int(env.PARLEY_TRANSCRIPTS_PER_TENANT, TRANSCRIPT_LIMITS.perTenant),
    },
    metricsToken: metricsToken(env.PARLEY_METRICS_TOKEN),
    cluster: clusterConfig(env),
    demo:
      env.PARLEY_DEMO === 'off'
        ? null
        : {
            email: env.PARLEY_DEMO_EMAIL ?? 'consultant@demo.parley',
            password: env.PARLEY_DEMO_PASSWORD || null,
            explicit: env.PARLEY_DEMO === 'on',
          },
  };
}

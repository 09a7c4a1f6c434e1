import { resolve } from 'node:path';
import { defaultSwitchboardOptions, type SwitchboardOptions } from './domain/live/switchboard.ts';

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
}

export const defaultLimits: LimitsConfig = {
  messagesPerSecond: 30,
  messageBurst: 60,
  messageStrikes: 30,
  // Visitors behind one company NAT share an address: the limit is generous on purpose.
  connectionsPerIp: 200,
  loginFailuresPerWindow: 10,
  loginWindowMs: 10 * 60 * 1000,
};

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
  /** Uploaded files (offline pictures), one folder per tenant; beside the database by default. */
  uploadsDir: string;
  /** PostgreSQL connection string; when set, SQLite is not used. */
  databaseUrl: string | null;
  logLevel: string;
  secureCookies: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For ([E7], [E10]). */
  trustProxy: boolean;
  stunUrls: string[];
  turn: TurnConfig | null;
  /** [S1]–[S6] null: broadcast video and conferences are unavailable. */
  janus: JanusConfig | null;
  switchboard: SwitchboardOptions;
  limits: LimitsConfig;
  /** Built front-ends; missing folders mean "not built", reported at start. */
  widgetDist: string;
  consoleDist: string;
  /**
   * [U6] The demo tenant: null with PARLEY_DEMO=off. `password` null: generated at first start and
   * printed once. `explicit`: PARLEY_DEMO=on, which alone lets it be created on an https URL.
   */
  demo: { email: string; password: string | null; explicit: boolean } | null;
  /** [Y1] SMTP for transcripts by e-mail (F-30): `smtp://user:pass@host:587`; null turns mail off. */
  smtpUrl: string | null;
  mailFrom: string;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(value: string | undefined, fallback: number): number {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) ? parsed : fallback;
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
    uploadsDir: resolve(env.PARLEY_UPLOADS_DIR ?? resolve(dataDir, 'uploads')),
    databaseUrl: env.PARLEY_DATABASE_URL ?? null,
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: publicUrl.startsWith('https:'),
    trustProxy: env.PARLEY_TRUST_PROXY === 'on',
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
    switchboard: {
      ringTimeoutMs: int(env.PARLEY_RING_TIMEOUT_MS, defaultSwitchboardOptions.ringTimeoutMs),
      consultantGraceMs: int(env.PARLEY_CONSULTANT_GRACE_MS, defaultSwitchboardOptions.consultantGraceMs),
      visitorGraceMs: int(env.PARLEY_VISITOR_GRACE_MS, defaultSwitchboardOptions.visitorGraceMs),
    },
    limits: {
      messagesPerSecond: int(env.PARLEY_WS_MESSAGES_PER_SECOND, defaultLimits.messagesPerSecond),
      messageBurst: int(env.PARLEY_WS_MESSAGE_BURST, defaultLimits.messageBurst),
      messageStrikes: int(env.PARLEY_WS_MESSAGE_STRIKES, defaultLimits.messageStrikes),
      connectionsPerIp: int(env.PARLEY_WS_CONNECTIONS_PER_IP, defaultLimits.connectionsPerIp),
      loginFailuresPerWindow: int(env.PARLEY_LOGIN_FAILURES, defaultLimits.loginFailuresPerWindow),
      loginWindowMs: int(env.PARLEY_LOGIN_WINDOW_MS, defaultLimits.loginWindowMs),
    },
    widgetDist: resolve(repoRoot, 'packages/widget/dist'),
    consoleDist: resolve(repoRoot, 'packages/console/dist'),
    smtpUrl: env.PARLEY_SMTP_URL ?? null,
    mailFrom: env.PARLEY_MAIL_FROM ?? `Parley <no-reply@${new URL(publicUrl).hostname}>`,
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

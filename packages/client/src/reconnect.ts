/** What a reconnect policy knows when it picks the next delay. */
export interface RetryContext {
  /** 0-based: how many attempts have failed since the connection was last open. */
  attempt: number;
  /** How long the connection has been down (0 for the first attempt). */
  elapsedMs: number;
}

/** Decides how long to wait before reconnect attempt `attempt` (0-based); null gives up. */
export interface ReconnectPolicy {
  nextRetryDelayMs(context: RetryContext): number | null;
}

/** Exponential backoff with full jitter, capped: a delay drawn evenly from [0, min(max, base·2^attempt)]. */
export function exponentialBackoff(baseMs = 500, maxMs = 10_000, random: () => number = Math.random): ReconnectPolicy {
  return {
    nextRetryDelayMs: ({ attempt }) => Math.round(random() * Math.min(maxMs, baseMs * 2 ** attempt)),
  };
}

export interface ResumeBackoffOptions {
  /** Ceiling of the first attempt's delay; it doubles per failed attempt up to `capMs`. */
  baseMs?: number;
  /** Ceiling while an outage is young (a restart, a deploy): bounds how long a client waits once the server is back. */
  capMs?: number;
  /** After this long down the outage is no restart (even a slow deploy is back in minutes); the ceiling rises to `longOutageCapMs`. */
  longOutageAfterMs?: number;
  longOutageCapMs?: number;
  random?: () => number;
}

/**
 * [RS1] The default policy: exponential backoff with full jitter and a low cap while the outage is
 * young. Each delay is drawn evenly from [0, ceiling], so once the server listens again every
 * client is back within the cap (on average within about a third of it), and a thousand clients
 * spread their attempts evenly over that window instead of arriving in the same millisecond.
 * An outage longer than `longOutageAfterMs` is no restart: the ceiling rises so clients stop
 * knocking on a server that is gone for good more than once every few seconds.
 */
export function resumeBackoff(options: ResumeBackoffOptions = {}): ReconnectPolicy {
  const {
    baseMs = 250,
    capMs = 1_500,
    longOutageAfterMs = 300_000,
    longOutageCapMs = 10_000,
    random = Math.random,
  } = options;
  return {
    nextRetryDelayMs: ({ attempt, elapsedMs }) => {
      const cap = elapsedMs >= longOutageAfterMs ? longOutageCapMs : capMs;
      return Math.round(random() * Math.min(cap, baseMs * 2 ** attempt));
    },
  };
}

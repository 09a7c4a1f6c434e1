/**
 * [Q5] An honest estimate of the wait, from recent handling times on the link: the requests
 * ahead of the visitor are shared among the consultants who can serve the link right now.
 * No estimate (null) without recent history or without anyone available: better no number
 * than a made-up one.
 */
export const HANDLING_SAMPLES = 20;

export function estimateWaitMs(position: number, servers: number, recentHandlingMs: readonly number[]): number | null {
  if (servers <= 0 || recentHandlingMs.length === 0) return null;
  const average = recentHandlingMs.reduce((sum, ms) => sum + ms, 0) / recentHandlingMs.length;
  // The first `servers` visitors in line are next up; each further round waits one handling time.
  const rounds = Math.floor((position - 1) / servers);
  return Math.round(rounds * average + average / 2);
}

/** Keeps the most recent handling times of one link, newest last. */
export function recordHandling(samples: readonly number[], ms: number): number[] {
  return [...samples, ms].slice(-HANDLING_SAMPLES);
}

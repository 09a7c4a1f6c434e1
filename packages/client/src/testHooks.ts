import { TEST_HOOKS_COOKIE } from '@parley/protocol';

/**
 * Puts `hooks` on `window.__parley` for the end-to-end tests (they read call statistics and
 * client state through it) — only when the server says it runs for tests. Otherwise nothing is
 * exposed: a production page offers no handle on its client, calls or peer connections.
 */
export function exposeTestHooks(hooks: object): void {
  if (typeof document === 'undefined') return;
  const enabled = document.cookie.split(/;\s*/).includes(`${TEST_HOOKS_COOKIE}=1`);
  if (enabled) (window as unknown as { __parley: unknown }).__parley = hooks;
}

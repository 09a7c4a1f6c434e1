import { TEST_HOOKS_COOKIE } from '@parley/protocol/constants';

/** Where a server run for tests ([E19]) answers; a production server has no such route (404). */
export const TEST_HOOKS_PATH = '/api/v1/test-hooks';

let serverSaysTests: Promise<boolean> | undefined;

/**
 * Puts `hooks` on `window.__parley` for the end-to-end tests (they read call statistics and
 * client state through it) — only when the server says it runs for tests. Otherwise nothing is
 * exposed: a production page offers no handle on its client, calls or peer connections.
 * The server says so by a cookie, or — where a cookie cannot arrive, as in the visitor app framed
 * by a customer's site on another origin (a third-party context) — by answering TEST_HOOKS_PATH,
 * asked once per page.
 */
export function exposeTestHooks(hooks: object): void {
  if (typeof document === 'undefined') return;
  const expose = (): void => {
    (window as unknown as { __parley: unknown }).__parley = hooks;
  };
  if (document.cookie.split(/;\s*/).includes(`${TEST_HOOKS_COOKIE}=1`)) return expose();
  serverSaysTests ??= fetch(TEST_HOOKS_PATH, { credentials: 'omit' }).then(
    (response) => response.ok,
    () => false,
  );
  void serverSaysTests.then((enabled) => {
    if (enabled) expose();
  });
}

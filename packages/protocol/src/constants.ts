/**
 * Plain protocol constants, free of zod: the widget and client import values only from here and
 * from `errors.ts`, so the schemas (and zod) stay out of the visitor app's bundle.
 */

/** Bumped on any incompatible change to the messages in `messages.ts`. */
export const PROTOCOL_VERSION = 1;

/** Largest WebSocket frame the server accepts (SDP offers are the biggest legitimate messages). */
export const MAX_FRAME_BYTES = 64 * 1024;
/**
 * [CB2] Longest piece of a co-browsing recording in one frame. The sender cuts pieces much
 * shorter (so that even escaped JSON stays under MAX_FRAME_BYTES); this is the server's bound.
 */
export const MAX_COBROWSE_CHUNK_CHARS = 60_000;
export const MAX_CHAT_LENGTH = 4000;
export const MAX_NAME_LENGTH = 80;

/** The header every cookie-authenticated, state-changing request must carry ([E9]). */
export const CSRF_HEADER = 'x-parley-csrf';

/**
 * [E19] Set on the apps' pages only by a server started with `PARLEY_TEST_HOOKS=on` (the end-to-end
 * tests' server): then, and only then, the apps expose `window.__parley` for the tests.
 */
export const TEST_HOOKS_COOKIE = 'parley_test_hooks';

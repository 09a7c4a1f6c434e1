export const SESSION_COOKIE = 'parley_session';
/** [E14] Marks a browser that has logged into an account before: it is not delayed by others' guesses. */
export const KNOWN_BROWSER_COOKIE = 'parley_known_browser';

export const SESSION_COOKIE = 'parley_session';

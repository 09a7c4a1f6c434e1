/**
 * [CB6] The visitor's "Share this page" lasts for one conversation, across page loads in this
 * tab (sessionStorage of Parley's origin, as the resume token): a pushed page or a followed link
 * shares again without asking, and a new conversation asks again.
 */
const key = (conversationId: string): string => `parley-cobrowse-${conversationId}`;

function store(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined; // blocked storage: the visitor is asked again after a page load
  }
}

/** `control`: [CB8] the tenant lets the visitor grant control (the grant itself is per page). */
export function rememberConsent(conversationId: string, control = false): void {
  store()?.setItem(key(conversationId), control ? 'control' : '1');
}

export function forgetConsent(conversationId: string): void {
  store()?.removeItem(key(conversationId));
}

export function consentRemembered(conversationId: string): boolean {
  const value = store()?.getItem(key(conversationId));
  return value === '1' || value === 'control';
}

/** [CB8] Whether control may be offered, as the consultant's ask said. */
export function controlOffered(conversationId: string): boolean {
  return store()?.getItem(key(conversationId)) === 'control';
}

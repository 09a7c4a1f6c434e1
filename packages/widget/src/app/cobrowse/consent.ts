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

export function rememberConsent(conversationId: string): void {
  store()?.setItem(key(conversationId), '1');
}

export function forgetConsent(conversationId: string): void {
  store()?.removeItem(key(conversationId));
}

export function consentRemembered(conversationId: string): boolean {
  return store()?.getItem(key(conversationId)) === '1';
}

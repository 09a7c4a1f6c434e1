import { useEffect } from 'preact/hooks';
import type { VisitorClient } from '@parley/client';
import type { VisitorContext } from '@parley/protocol';

/**
 * [K2][D1] The embedding page's identity and attached data, from the loader: in the URL fragment
 * when the app opens, by postMessage from the parent page later. The app passes them on as they
 * are; the server validates them (zod) and checks the identity's signature.
 */
export function contextFromFragment(hash: string): VisitorContext | undefined {
  const raw = new URLSearchParams(hash.replace(/^#/, '')).get('ctx');
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** [SV8] The site visit the loader reported (a server-made id), from the URL fragment. */
export function visitFromFragment(hash: string): string | undefined {
  const visit = new URLSearchParams(hash.replace(/^#/, '')).get('visit');
  return visit && /^[A-Za-z0-9_-]{8,64}$/.test(visit) ? visit : undefined;
}

/** Applies context the parent page sends later (Parley.identify / Parley.attach). */
export function useContextMessages(client: VisitorClient): void {
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      // Only the page that embeds this app may speak for the visitor.
      if (event.source !== window.parent || window.parent === window) return;
      const data = event.data as { parley?: unknown; context?: unknown } | null;
      if (data?.parley !== 'context' || !data.context || typeof data.context !== 'object') return;
      client.setContext(data.context);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [client]);
}

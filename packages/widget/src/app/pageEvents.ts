import { useEffect } from 'preact/hooks';
import type { VisitorClient, VisitorState } from '@parley/client';

/** What the app tells the loader; the loader rebuilds each event's payload field by field ([EA2]). */
export type PageEvent =
  | { name: 'availability'; available: boolean }
  | { name: 'queued'; position: number | null }
  | { name: 'started'; mode: 'video' | 'voice' | 'text' }
  | { name: 'ended' }
  | { name: 'message' };

const CLOSED: readonly string[] = ['ended', 'done', 'declined', 'abandoned'];

interface Seen {
  available: boolean | undefined;
  conversationId: string | null;
  state: string | null;
  position: number | null;
  consultantMessages: number | undefined;
}

/**
 * [EA2] The events a state change means for the embedding page, compared with what it was told
 * before. No message text, names or ids: only what each event documents (docs/embed.md).
 */
export function pageEventsFor(state: VisitorState, seen: Seen): PageEvent[] {
  const out: PageEvent[] = [];
  if (state.status === 'open' && state.available !== seen.available) {
    seen.available = state.available;
    out.push({ name: 'availability', available: state.available });
  }
  const conversation = state.conversation;
  const consultantMessages = state.messages.filter((m) => m.sender === 'consultant').length;
  // The first snapshot (a reload resuming a chat) is history, not news.
  if (seen.consultantMessages !== undefined && consultantMessages > seen.consultantMessages) {
    for (let i = seen.consultantMessages; i < consultantMessages; i++) out.push({ name: 'message' });
  }
  if (state.status === 'open') seen.consultantMessages = consultantMessages;
  if (!conversation) return out;
  const fresh = conversation.id !== seen.conversationId;
  const changed = fresh || conversation.state !== seen.state;
  const waiting = conversation.state === 'queued' || conversation.state === 'ringing';
  const wasWaiting = !fresh && (seen.state === 'queued' || seen.state === 'ringing');
  if (waiting && (!wasWaiting || conversation.queuePosition !== seen.position)) {
    out.push({ name: 'queued', position: conversation.queuePosition });
  } else if (changed && conversation.state === 'active') {
    const mode = conversation.visitorSetup?.mode;
    out.push({ name: 'started', mode: mode === 'audio' ? 'voice' : (mode ?? 'text') });
  } else if (changed && !fresh && CLOSED.includes(conversation.state) && !CLOSED.includes(seen.state ?? '')) {
    out.push({ name: 'ended' });
  }
  seen.conversationId = conversation.id;
  seen.state = conversation.state;
  seen.position = conversation.queuePosition;
  return out;
}

/**
 * Sends the page its events, to the embedding page's origin only, and takes the page's language
 * override ([EA5]) from the parent window only.
 */
export function usePageEvents(
  client: VisitorClient,
  parentOrigin: string | undefined,
  setLocale: (locale: string) => void,
): void {
  useEffect(() => {
    if (!parentOrigin || window.parent === window) return undefined;
    const seen: Seen = {
      available: undefined,
      conversationId: null,
      state: null,
      position: null,
      consultantMessages: undefined,
    };
    const send = (state: VisitorState) => {
      for (const event of pageEventsFor(state, seen))
        window.parent.postMessage({ parley: 'event', ...event }, parentOrigin);
    };
    send(client.state);
    const off = client.on('change', send);
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== parentOrigin) return;
      const data = event.data as { parley?: unknown; locale?: unknown } | null;
      if (data?.parley === 'locale' && typeof data.locale === 'string') setLocale(data.locale);
    };
    window.addEventListener('message', onMessage);
    return () => {
      off();
      window.removeEventListener('message', onMessage);
    };
  }, [client, parentOrigin]);
}

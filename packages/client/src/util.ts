import type { ChatMessageView } from '@parley/protocol';

export function wsUrl(baseUrl: string): string {
  const url = new URL('/ws', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function newClientId(): string {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Adds a message, replacing one with the same id (a resend acknowledged twice stays one line). */
export function upsertMessage(list: readonly ChatMessageView[], message: ChatMessageView): ChatMessageView[] {
  return [...list.filter((m) => m.id !== message.id), message].sort((a, b) => a.sentAt - b.sentAt);
}

/** [M3] A chat message this side sent that the server has not stored yet. */
export interface PendingChat {
  conversationId: string;
  clientId: string;
  text: string;
}

/**
 * [IA1] A signal refused because its conversation no longer rings for (or talks with) the other
 * side: the ring moved on while candidates were in flight. The pre-connection it belonged to is
 * closed already, so the refusal is nobody's business — the clients do not show it.
 */
export function isStaleSignalRefusal(error: { code: string; ref: string | null }): boolean {
  return error.ref === 'rtc.signal' && (error.code === 'conversation_not_found' || error.code === 'illegal_transition');
}

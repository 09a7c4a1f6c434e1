import type { ServerMessageOf } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';

export type CallPhone = ServerMessageOf<'call.phone'>;

/**
 * [TP7][TP10] The latest dial-in details of each of this page's calls in phone mode. The server
 * sends them on every change and again after every welcome; a call view that mounts later (a
 * reloaded page opens its call only after the welcome) reads them here instead of waiting for
 * the next change.
 */
export class PhoneCalls {
  private readonly latest = new Map<string, CallPhone>();

  constructor(connection: ParleyConnection, onPhone: (message: CallPhone) => void) {
    // A welcome is followed by the calls still in phone mode; one that ended meanwhile is gone.
    connection.on('welcome', () => this.latest.clear());
    connection.on('call.phone', (message) => {
      this.latest.set(message.conversationId, message);
      onPhone(message);
    });
  }

  of(conversationId: string): CallPhone | undefined {
    return this.latest.get(conversationId);
  }
}

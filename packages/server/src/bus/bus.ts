import type { ServerMessage } from '@parley/protocol';
import type { Outbox, Recipient } from '../domain/ports/outbox.ts';
import type { BusFence } from '../domain/placement/busFence.ts';

/**
 * Publish/subscribe of server messages by topic. In one process it is a Map of handlers;
 * a Redis adapter with the same interface carries topics between nodes.
 */
export interface Bus<Message = ServerMessage> {
  /**
   * @param fence [PL30] the tenant and lease token of the holder publishing (a cluster only): a
   *   node that has seen a larger token for the tenant drops the message. One process needs none.
   */
  publish(topic: string, message: Message, fence?: BusFence): void;
  subscribe(topic: string, handler: (message: Message) => void): () => void;
  /** Resolves once every subscription asked for so far delivers (a Redis bus confirms them). */
  subscribed?(): Promise<void>;
}

export class InMemoryBus<Message = ServerMessage> implements Bus<Message> {
  private readonly topics = new Map<string, Set<(message: Message) => void>>();

  publish(topic: string, message: Message): void {
    for (const handler of [...(this.topics.get(topic) ?? [])]) {
      try {
        handler(message);
      } catch {
        // One broken socket handler must not stop delivery to the others.
      }
    }
  }

  subscribe(topic: string, handler: (message: Message) => void): () => void {
    let handlers = this.topics.get(topic);
    if (!handlers) {
      handlers = new Set();
      this.topics.set(topic, handlers);
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.topics.delete(topic);
    };
  }
}

export function topicOf(recipient: Recipient): string {
  switch (recipient.kind) {
    case 'visitor':
      return `visitor:${recipient.visitorId}`;
    case 'consultant':
      return `consultant:${recipient.consultantId}`;
    case 'link':
      return `link:${recipient.linkId}`;
    case 'session':
      return `session:${recipient.sessionId}`;
    default: {
      const unreachable: never = recipient;
      return unreachable;
    }
  }
}

export class BusOutbox implements Outbox {
  /** @param fence [PL30] set on a tenant's outbox in a cluster: its messages carry the lease's token. */
  constructor(
    private readonly bus: Bus,
    private readonly fence?: BusFence,
  ) {}
  send(to: Recipient, message: ServerMessage): void {
    this.bus.publish(topicOf(to), message, this.fence);
  }
}

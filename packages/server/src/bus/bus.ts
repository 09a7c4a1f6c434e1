import type { ServerMessage } from '@parley/protocol';
import type { Outbox, Recipient } from '../domain/ports/outbox.ts';

/**
 * Publish/subscribe of server messages by topic. In one process it is a Map of handlers;
 * a Redis adapter with the same interface carries topics between nodes.
 */
export interface Bus {
  publish(topic: string, message: ServerMessage): void;
  subscribe(topic: string, handler: (message: ServerMessage) => void): () => void;
  /** Resolves once every subscription asked for so far delivers (a Redis bus confirms them). */
  subscribed?(): Promise<void>;
}

export class InMemoryBus implements Bus {
  private readonly topics = new Map<string, Set<(message: ServerMessage) => void>>();

  publish(topic: string, message: ServerMessage): void {
    for (const handler of [...(this.topics.get(topic) ?? [])]) {
      try {
        handler(message);
      } catch {
        // One broken socket handler must not stop delivery to the others.
      }
    }
  }

  subscribe(topic: string, handler: (message: ServerMessage) => void): () => void {
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
  constructor(private readonly bus: Bus) {}
  send(to: Recipient, message: ServerMessage): void {
    this.bus.publish(topicOf(to), message);
  }
}

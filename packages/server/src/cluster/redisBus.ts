import type { ServerMessage } from '@parley/protocol';
import type { Redis } from 'ioredis';
import type { Bus } from '../bus/bus.ts';

/**
 * The bus between nodes (issue 18; docs/decisions/0006-cluster-on-redis.md): a topic is a Redis
 * pub/sub channel. A node subscribes to a channel while one of its sockets listens to the topic,
 * so a message reaches the sockets of that recipient on every node. Pub/sub keeps nothing: what
 * must survive (chat, conversation state) is in the database before it is published, and a client
 * that missed messages while Redis was away catches up through the resume path ([P5], [R*]).
 *
 * Two connections: a Redis connection in subscriber mode can do nothing else.
 */
export class RedisBus implements Bus {
  private readonly handlers = new Map<string, Set<(message: ServerMessage) => void>>();
  private pendingSubscriptions: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly onError: (error: unknown) => void,
    private readonly prefix = 'parley:bus:',
  ) {
    subscriber.on('message', (channel: string, payload: string) => this.deliver(channel, payload));
  }

  publish(topic: string, message: ServerMessage): void {
    this.publisher.publish(this.prefix + topic, JSON.stringify(message)).catch(this.onError);
  }

  subscribe(topic: string, handler: (message: ServerMessage) => void): () => void {
    let handlers = this.handlers.get(topic);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(topic, handlers);
      this.track(this.subscriber.subscribe(this.prefix + topic));
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.handlers.get(topic) === handlers) {
        this.handlers.delete(topic);
        this.track(this.subscriber.unsubscribe(this.prefix + topic));
      }
    };
  }

  /** Resolves once every subscription asked for so far is in place on Redis. */
  subscribed(): Promise<void> {
    return this.pendingSubscriptions.then(() => undefined);
  }

  private track(change: Promise<unknown>): void {
    const done = change.catch(this.onError);
    this.pendingSubscriptions = Promise.all([this.pendingSubscriptions, done]);
  }

  private deliver(channel: string, payload: string): void {
    if (!channel.startsWith(this.prefix)) return;
    const handlers = this.handlers.get(channel.slice(this.prefix.length));
    if (!handlers) return;
    let message: ServerMessage;
    try {
      // Only Parley nodes publish on these channels, and they publish validated messages.
      message = JSON.parse(payload) as ServerMessage;
    } catch (error) {
      this.onError(error);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        // One broken socket handler must not stop delivery to the others.
        this.onError(error);
      }
    }
  }
}

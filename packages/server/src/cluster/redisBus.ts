import type { ServerMessage } from '@parley/protocol';
import type { Redis } from 'ioredis';
import type { Bus } from '../bus/bus.ts';
import { BusFenceFilter, type BusFence } from '../domain/placement/busFence.ts';

/** What goes over a channel: the message, and [PL30] the publishing holder's fence if any. */
interface Envelope<Message> {
  message: Message;
  fence?: BusFence;
}

/**
 * The bus between nodes (issue 18; docs/decisions/0006-cluster-on-redis.md): a topic is a Redis
 * pub/sub channel. A node subscribes to a channel while one of its sockets listens to the topic,
 * so a message reaches the sockets of that recipient on every node. Pub/sub keeps nothing: what
 * must survive (chat, conversation state) is in the database before it is published, and a client
 * that missed messages while Redis was away catches up through the resume path ([P5], [R*]).
 *
 * [PL30] A tenant's message published by a lease holder carries the holder's token; this node
 * drops it when it has seen a larger token for the tenant (`fences`), so a holder that lost its
 * lease without knowing it yet reaches no socket here.
 *
 * Two connections: a Redis connection in subscriber mode can do nothing else. Several buses (the
 * app's and the site pages', different prefixes) may share them.
 */
export class RedisBus<Message = ServerMessage> implements Bus<Message> {
  private readonly handlers = new Map<string, Set<(message: Message) => void>>();
  private pendingSubscriptions: Promise<unknown> = Promise.resolve();

  /**
   * @param fences the highest token seen per tenant: shared by this node's buses, and told of
   *   leases this node learns of otherwise ([PL30]).
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly onError: (error: unknown) => void,
    private readonly prefix = 'parley:bus:',
    readonly fences = new BusFenceFilter(),
  ) {
    subscriber.on('message', (channel: string, payload: string) => this.deliver(channel, payload));
  }

  publish(topic: string, message: Message, fence?: BusFence): void {
    const envelope: Envelope<Message> = fence ? { message, fence } : { message };
    this.publisher.publish(this.prefix + topic, JSON.stringify(envelope)).catch(this.onError);
  }

  subscribe(topic: string, handler: (message: Message) => void): () => void {
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
    let envelope: Envelope<Message>;
    try {
      // Only Parley nodes publish on these channels, and they publish validated messages.
      const parsed = JSON.parse(payload) as Envelope<Message> | { type: string };
      // A node of an earlier version publishes the bare message (every message has a `type`).
      envelope = 'type' in parsed ? { message: parsed as Message } : parsed;
    } catch (error) {
      this.onError(error);
      return;
    }
    // [PL30] A late holder's message: a newer holder of the tenant has been seen here.
    if (envelope.fence && !this.fences.admit(envelope.fence)) return;
    for (const handler of [...handlers]) {
      try {
        handler(envelope.message);
      } catch (error) {
        // One broken socket handler must not stop delivery to the others.
        this.onError(error);
      }
    }
  }
}

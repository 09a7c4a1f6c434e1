import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { errorCatalogue } from '@parley/protocol';
import type { ConversationEvent, ConversationState, StateName } from '../domain/conversations/lifecycle.ts';
import type { LiveCensus, LiveObserver } from '../domain/live/observer.ts';

/** What the metrics read at scrape time: nothing here is touched on the command path. */
export interface MetricsSources {
  census(): LiveCensus;
  /** Open sockets by role: `visitor`, `consultant`, or `unidentified` before the hello. */
  sockets(): Record<'visitor' | 'consultant' | 'unidentified', number>;
  /** SFU rooms and legs; null when no media server is configured. */
  sfu(): { rooms: number; publishers: number; subscribers: number } | null;
}

const LIVE_STATES: readonly StateName[] = ['queued', 'ringing', 'active'];
/** Queue waits from a second to an hour: what a visitor may sit through before someone answers. */
const WAIT_BUCKETS = [1, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * [OP2] Parley's Prometheus metrics on their own registry (several servers in one test process
 * do not share counters). It observes the live state through the domain's `LiveObserver` port;
 * the rest is read from the live state when Prometheus scrapes. Event-loop lag, memory, CPU, GC
 * and handles come from prom-client's default process metrics.
 */
export class ParleyMetrics implements LiveObserver {
  readonly registry = new Registry();
  private readonly events: Counter<'event'>;
  private readonly chat: Counter;
  private readonly queueWait: Histogram<'outcome'>;
  private readonly errors: Counter<'transport' | 'code'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.events = new Counter({
      name: 'parley_conversation_events_total',
      help: 'Conversation lifecycle events: offer (a ring), accept, decline, withdraw_offer (ring timed out), pick, park, abandon, end, transfer, …',
      labelNames: ['event'],
      registers,
    });
    this.chat = new Counter({ name: 'parley_chat_messages_total', help: 'Chat messages stored', registers });
    this.queueWait = new Histogram({
      name: 'parley_queue_wait_seconds',
      help: 'Time a request waited in the queue, by how the wait ended (accepted, picked, abandoned, declined)',
      labelNames: ['outcome'],
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'parley_errors_total',
      help: 'Coded errors answered, by transport (http, ws) and error code',
      labelNames: ['transport', 'code'],
      registers,
    });
    new Gauge({
      name: 'parley_websockets',
      help: 'Open WebSocket connections by role',
      labelNames: ['role'],
      registers,
      collect() {
        for (const [role, count] of Object.entries(sources.sockets())) this.set({ role }, count);
      },
    });
    // The census is a pass over this node's live maps: cheap enough to take once per gauge.
    const current = (): LiveCensus => sources.census();
    new Gauge({
      name: 'parley_conversations',
      help: 'Open conversations on this node by state',
      labelNames: ['state'],
      registers,
      collect() {
        const { conversations } = current();
        for (const state of LIVE_STATES) this.set({ state }, conversations[state] ?? 0);
      },
    });
    new Gauge({
      name: 'parley_queue_length',
      help: 'Requests waiting for a consultant (queued or ringing)',
      registers,
      collect() {
        this.set(current().waiting);
      },
    });
    new Gauge({
      name: 'parley_queue_longest_wait_seconds',
      help: 'How long the oldest waiting request has waited so far',
      registers,
      collect() {
        this.set(current().longestWaitMs / 1000);
      },
    });
    new Gauge({
      name: 'parley_consultants',
      help: 'Consultants with an open console (connected) and those available for requests',
      labelNames: ['state'],
      registers,
      collect() {
        const { consultantsConnected, consultantsAvailable } = current();
        this.set({ state: 'connected' }, consultantsConnected);
        this.set({ state: 'available' }, consultantsAvailable);
      },
    });
    new Gauge({
      name: 'parley_sfu_rooms',
      help: 'Media rooms open on the SFU (broadcasts and conferences)',
      registers,
      collect() {
        this.set(sources.sfu()?.rooms ?? 0);
      },
    });
    new Gauge({
      name: 'parley_sfu_legs',
      help: 'Peer connections to the SFU by direction (publish, subscribe)',
      labelNames: ['direction'],
      registers,
      collect() {
        const sfu = sources.sfu();
        this.set({ direction: 'publish' }, sfu?.publishers ?? 0);
        this.set({ direction: 'subscribe' }, sfu?.subscribers ?? 0);
      },
    });
  }

  conversationChanged(event: ConversationEvent, previous: ConversationState, next: ConversationState): void {
    this.events.inc({ event: event.type });
    const outcome = waitOutcome(event, previous, next);
    if (outcome) this.queueWait.observe({ outcome }, Math.max(0, event.at - previous.queuedAt) / 1000);
  }

  chatStored(count: number): void {
    if (count > 0) this.chat.inc(count);
  }

  /** A coded error went to a client; codes outside the catalogue count as `other` (bounded labels). */
  errorSent(transport: 'http' | 'ws', code: string): void {
    this.errors.inc({ transport, code: Object.hasOwn(errorCatalogue, code) ? code : 'other' });
  }

  /** The text exposition format, for `GET /metrics`. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * How a wait in the queue ended, or null when this change does not end one. A transfer to a
 * colleague rings again with the original queue time: that ring is not a queue wait.
 */
function waitOutcome(event: ConversationEvent, previous: ConversationState, next: ConversationState): string | null {
  const wasWaiting = previous.name === 'queued' || (previous.name === 'ringing' && previous.transferredFrom === null);
  if (!wasWaiting) return null;
  if (next.name === 'active') return event.type === 'pick' ? 'picked' : 'accepted';
  if (next.name === 'abandoned' || next.name === 'declined') return next.name;
  return null;
}

import { isParleyError, type ConversationView, type ServerMessage } from '@parley/protocol';
import type { Outbox, Recipient } from '../src/domain/ports/outbox.ts';
import { LiveRegistry } from '../src/domain/live/liveRegistry.ts';
import type { LiveOptions } from '../src/domain/live/core.ts';
import type { TenantLive } from '../src/domain/live/tenantLive.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import {
  consultantDefaults,
  linkDefaults,
  type Consultant,
  type Link,
  type Visitor,
} from '../src/domain/tenants/directory.ts';
import { migrateToLatest, openSqlite } from '../src/storage/database.ts';
import { sqlStores, type SqlStores } from '../src/storage/stores.ts';

export class RecordingOutbox implements Outbox {
  readonly sent: { to: Recipient; message: ServerMessage }[] = [];
  send(to: Recipient, message: ServerMessage): void {
    this.sent.push({ to, message });
  }
  to(recipient: Partial<Recipient> & { kind: Recipient['kind'] }): ServerMessage[] {
    return this.sent
      .filter(({ to }) => Object.entries(recipient).every(([k, v]) => (to as Record<string, unknown>)[k] === v))
      .map((s) => s.message);
  }
  clear(): void {
    this.sent.length = 0;
  }
}

export interface World {
  runtime: FakeRuntime;
  store: SqlStores;
  outbox: RecordingOutbox;
  /** The node's live state: one unit per tenant. */
  live: LiveRegistry;
  /** The live unit of the fixture tenant t1. */
  board: TenantLive;
  link: Link;
  otherLink: Link;
  consultant(n: number): Consultant;
  visitor(n: number, link?: Link): Visitor;
  /**
   * A new process over the same storage: a fresh live state and runtime (the old process's
   * timers die with it). Call `live.restore()` afterwards.
   */
  restart(): void;
}

export const testOptions: LiveOptions = {
  ringTimeoutMs: 30_000,
  consultantGraceMs: 20_000,
  visitorGraceMs: 15_000,
};

/** A tenant with two links and three consultants (c1, c2 on link L; c3 on the other link), on in-memory SQLite. */
export async function world(options: LiveOptions = testOptions, broadcastCapacity?: number): Promise<World> {
  const runtime = new FakeRuntime();
  const database = openSqlite(':memory:');
  await migrateToLatest(database);
  const store = sqlStores(database.db, () => runtime.clock.now());
  const outbox = new RecordingOutbox();
  const live = new LiveRegistry(store, store.conversations, outbox, runtime, options, broadcastCapacity);
  const board = live.of('t1');
  await store.tenants.createTenant({ id: 't1', name: 'T', slug: 't' });
  const link: Link = {
    id: 'L',
    tenantId: 't1',
    key: 'key-l',
    name: 'Link',
    ...linkDefaults,
  };
  const otherLink: Link = { ...link, id: 'M', key: 'key-m', name: 'Other' };
  await store.links.createLink(link);
  await store.links.createLink(otherLink);
  const consultants = [1, 2, 3].map<Consultant>((n) => ({
    id: `c${n}`,
    tenantId: 't1',
    email: `c${n}@t.test`,
    name: `Consultant ${n}`,
    role: 'consultant',
    passwordHash: 'x',
    ...consultantDefaults,
  }));
  for (const c of consultants) await store.consultants.createConsultant(c);
  await store.links.assignConsultant('t1', 'L', 'c1');
  await store.links.assignConsultant('t1', 'L', 'c2');
  await store.links.assignConsultant('t1', 'M', 'c3');
  const visitors = new Map<string, Visitor>();
  const w: World = {
    runtime,
    store,
    outbox,
    live,
    board,
    link,
    otherLink,
    consultant: (n) => {
      const c = consultants[n - 1];
      if (!c) throw new Error(`no consultant ${n}`);
      return c;
    },
    visitor: (n, on = link) => {
      const key = `${n}@${on.id}`;
      let v = visitors.get(key);
      if (!v) {
        v = { id: `v${n}${on.id}`, tenantId: 't1', linkId: on.id, name: `Visitor ${n}` };
        visitors.set(key, v);
        void store.visitors.createVisitor(v, `hash-${key}`);
      }
      return v;
    },
    restart: () => {
      w.runtime = new FakeRuntime(w.runtime.clock.now(), w.runtime);
      w.live = new LiveRegistry(store, store.conversations, outbox, w.runtime, options);
      w.board = w.live.of('t1');
    },
  };
  return w;
}

/**
 * [P5] The same storage, a new process (or, [PL7], the node that takes the tenant over): a fresh
 * live state restored from the store, telling a new outbox.
 */
export async function restored(w: World): Promise<{ board: TenantLive; outbox: RecordingOutbox }> {
  const outbox = new RecordingOutbox();
  const live = new LiveRegistry(w.store, w.store.conversations, outbox, w.runtime, testOptions);
  await live.restore();
  return { board: live.of('t1'), outbox };
}

/** The catalogue code a refused domain call carries (sync), or undefined when it succeeds. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isParleyError(error)) return error.code;
    throw error;
  }
  return undefined;
}

/** The catalogue code a refused switchboard command carries, or undefined when it succeeds. */
export async function codeOfAsync(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (isParleyError(error)) return error.code;
    throw error;
  }
  return undefined;
}

/** Every conversation view among recorded messages, in order. */
export function conversationViews(messages: ServerMessage[]): ConversationView[] {
  return messages.flatMap((m) => (m.type === 'conversation.updated' ? [m.conversation] : []));
}

/** The last view of their conversation a visitor was sent. */
export function lastVisitorView(w: World, visitorId: string): ConversationView | undefined {
  return conversationViews(w.outbox.to({ kind: 'visitor', visitorId })).at(-1);
}

/** Connects consultant n (with optional overrides) and makes them available. */
export async function goAvailable(w: World, n: number, extra: Partial<Consultant> = {}): Promise<void> {
  await w.board.consultantConnected({ ...w.consultant(n), ...extra });
  await w.board.setAvailability(`c${n}`, true);
}

/** Visitor n connects on the link and asks to talk. */
export async function requestOn(w: World, n: number, link = w.link): Promise<ConversationView> {
  const v = w.visitor(n, link);
  await w.board.visitorConnected(v, link);
  return w.board.requestConversation(v.id, undefined);
}

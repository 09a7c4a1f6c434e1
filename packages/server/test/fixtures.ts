import type { ServerMessage } from '@parley/protocol';
import type { Outbox, Recipient } from '../src/domain/live/ports.ts';
import { Switchboard, type SwitchboardOptions } from '../src/domain/live/switchboard.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import {
  consultantDefaults,
  linkDefaults,
  type Consultant,
  type Link,
  type Visitor,
} from '../src/domain/tenants/directory.ts';
import { migrateToLatest, openSqlite } from '../src/storage/database.ts';
import { SqlStore } from '../src/storage/stores.ts';

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
  store: SqlStore;
  outbox: RecordingOutbox;
  board: Switchboard;
  link: Link;
  otherLink: Link;
  consultant(n: number): Consultant;
  visitor(n: number, link?: Link): Visitor;
}

export const testOptions: SwitchboardOptions = {
  ringTimeoutMs: 30_000,
  consultantGraceMs: 20_000,
  visitorGraceMs: 15_000,
};

/** A tenant with two links and three consultants (c1, c2 on link L; c3 on the other link), on in-memory SQLite. */
export async function world(options: SwitchboardOptions = testOptions, broadcastCapacity?: number): Promise<World> {
  const runtime = new FakeRuntime();
  const database = openSqlite(':memory:');
  await migrateToLatest(database);
  const store = new SqlStore(database.db, () => runtime.clock.now());
  const outbox = new RecordingOutbox();
  const board = new Switchboard(store, store, outbox, runtime, options, broadcastCapacity);
  await store.createTenant({ id: 't1', name: 'T', slug: 't' });
  const link: Link = {
    id: 'L',
    tenantId: 't1',
    key: 'key-l',
    name: 'Link',
    ...linkDefaults,
  };
  const otherLink: Link = { ...link, id: 'M', key: 'key-m', name: 'Other' };
  await store.createLink(link);
  await store.createLink(otherLink);
  const consultants = [1, 2, 3].map<Consultant>((n) => ({
    id: `c${n}`,
    tenantId: 't1',
    email: `c${n}@t.test`,
    name: `Consultant ${n}`,
    role: 'consultant',
    passwordHash: 'x',
    ...consultantDefaults,
  }));
  for (const c of consultants) await store.createConsultant(c);
  await store.assignConsultant('t1', 'L', 'c1');
  await store.assignConsultant('t1', 'L', 'c2');
  await store.assignConsultant('t1', 'M', 'c3');
  const visitors = new Map<string, Visitor>();
  return {
    runtime,
    store,
    outbox,
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
        void store.createVisitor(v, `hash-${key}`);
      }
      return v;
    },
  };
}

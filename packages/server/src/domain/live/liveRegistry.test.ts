import { describe, expect, it } from 'vitest';
import { consultantDefaults, linkDefaults, type Consultant } from '../tenants/directory.ts';
import type { ConversationStore } from '../ports/conversationStore.ts';
import { testOptions, world } from '../../../test/fixtures.ts';
import { LiveRegistry } from './liveRegistry.ts';

/** A promise the test settles by hand: a store write that takes as long as the test says. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Whether the promise has settled by the time every queued microtask and I/O callback ran. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  // A real SQLite write of the other tenant goes through a worker: give it its turns.
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  return done;
}

describe('live state per tenant', () => {
  it('[LT1] a slow store write of one tenant holds up its own later commands, never another tenant’s', async () => {
    const w = await world();
    await w.store.tenants.createTenant({ id: 't2', name: 'T2', slug: 't2' });
    await w.store.links.createLink({ id: 'L2', tenantId: 't2', key: 'key-l2', name: 'Other tenant', ...linkDefaults });
    const other: Consultant = {
      ...w.consultant(1),
      ...consultantDefaults,
      id: 'd1',
      tenantId: 't2',
      email: 'd1@t2.test',
    };
    await w.store.consultants.createConsultant(other);
    await w.store.links.assignConsultant('t2', 'L2', 'd1');
    // c1 (tenant t1) going available is stored slowly: the write waits for the test.
    const slow = deferred();
    const store: ConversationStore = Object.create(w.store.conversations) as ConversationStore;
    store.savePresence = async (consultantId, available) => {
      if (consultantId === 'c1') await slow.promise;
      return w.store.conversations.savePresence(consultantId, available);
    };
    const live = new LiveRegistry(w.store, store, w.outbox, w.runtime, testOptions);
    await live.of('t1').consultantConnected(w.consultant(1));
    await live.of('t2').consultantConnected(other);

    const slowCommand = live.of('t1').setAvailability('c1', true);
    const sameTenantAfter = live.of('t1').consultantConnected(w.consultant(2));
    const otherTenant = live.of('t2').setAvailability('d1', true);

    expect(await settledSoon(otherTenant)).toBe(true);
    expect(live.of('t2').isAvailable('L2')).toBe(true);
    // Tenant t1 keeps its order: its next command waits behind the slow write.
    expect(await settledSoon(sameTenantAfter)).toBe(false);
    slow.resolve();
    await slowCommand;
    await sameTenantAfter;
    expect(live.of('t1').isAvailable('L')).toBe(true);
  });

  it('[LT1][P5] restore gives each tenant back its own open conversations', async () => {
    const w = await world();
    await w.board.consultantConnected(w.consultant(1));
    await w.board.setAvailability('c1', true);
    await w.board.visitorConnected(w.visitor(1), w.link);
    const view = await w.board.requestConversation(w.visitor(1).id, 'Ann');
    await w.board.settled();
    w.restart();
    await w.live.restore();
    expect(w.live.of('t1').census()).toMatchObject({ conversations: { ringing: 1 }, consultantsAvailable: 1 });
    expect(w.live.of('t2').census()).toMatchObject({ conversations: {}, consultantsAvailable: 0 });
    expect(w.live.census()).toMatchObject({ conversations: { ringing: 1 }, consultantsAvailable: 1 });
    expect(view.state).toBe('ringing');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeptPhoneCall } from '../src/domain/ports/conversationStore.ts';
import type { PhoneCallStore } from '../src/telephony/phoneCallBook.ts';
import type { PhoneCluster, PhoneMethod } from '../src/telephony/phoneCluster.ts';
import type { Telephony } from '../src/telephony/telephony.ts';
import { startTestTelephony } from './testTelephony.ts';

/** [PL42] The owner's side of dial-in in a cluster, with the cluster faked: PIN directory and hang-ups. */
class FakeCluster implements PhoneCluster {
  readonly directory = new Map<string, string>();
  readonly hangUps: string[] = [];
  /** PINs some other call in the cluster holds already. */
  readonly takenElsewhere = new Set<string>();
  telephony: Telephony | undefined;
  readonly pins = {
    claim: (pin: string, tenantId: string) => {
      if (this.takenElsewhere.has(pin)) return Promise.resolve(false);
      this.directory.set(pin, tenantId);
      return Promise.resolve(true);
    },
    drop: (pins: readonly string[]) => {
      for (const pin of pins) this.directory.delete(pin);
      return Promise.resolve();
    },
    tenantOf: (pin: string) => Promise.resolve(this.directory.get(pin) ?? null),
  };
  owns(tenantId: string): boolean {
    return tenantId === 't1';
  }
  callOwner(tenantId: string, method: PhoneMethod, args: unknown[]): Promise<unknown> {
    if (!this.telephony) throw new Error('no telephony');
    return this.telephony.execute(tenantId, method, args);
  }
  hangUpEverywhere(tenantId: string, conversationId: string, side?: string): void {
    this.hangUps.push(`${tenantId}/${conversationId}/${side ?? '*'}`);
  }
}

describe('[PL42] dial-in PINs in a cluster', () => {
  const cluster = new FakeCluster();
  const told: { to: string; pin: string }[] = [];
  let telephony: Telephony;
  // The first PIN drawn is one another call of the cluster holds already.
  const drawn = ['11111111', '22222222', '33333333'];

  beforeAll(async () => {
    telephony = await startTestTelephony({
      cluster,
      outboxOf: () => ({
        send: (recipient, message) => {
          if (message.type !== 'call.phone') return;
          told.push({ to: recipient.kind, pin: message.pin });
        },
      }),
      newPin: () => drawn.shift() ?? '44444444',
    });
    cluster.telephony = telephony;
  });

  afterAll(() => telephony.close());

  it('[PL42] each side is told a PIN claimed in the directory; one taken elsewhere is drawn again; the call’s end drops them and hangs up everywhere', async () => {
    cluster.takenElsewhere.add('11111111');
    await telephony
      .deskOf('t1')
      .switchToPhone({ conversationId: 'c1', visitorId: 'v1', consultantId: 'k1', members: [] });
    const pins = telephony.dialIn.pinsOf('t1', 'c1');
    expect(pins).toEqual({ consultant: '33333333', visitor: '22222222' });
    expect(told.map((m) => m.pin).sort()).toEqual(['22222222', '33333333']);
    expect([...cluster.directory]).toEqual([
      ['33333333', 't1'],
      ['22222222', 't1'],
    ]);
    // A node a phone dialled in at checks the PIN with the owner; only lines of the named tenant.
    expect(await telephony.execute('t1', 'redeem', ['22222222', '10.0.0.9'])).toEqual({
      ok: true,
      line: { tenantId: 't1', conversationId: 'c1', side: 'visitor' },
    });
    await expect(
      telephony.execute('t1', 'lineChanged', [{ tenantId: 't2', conversationId: 'c1', side: 'visitor' }, true]),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // A node that does not own the tenant refuses its commands (the lease moved).
    await expect(telephony.execute('t2', 'phoneCallsOf', [{ kind: 'visitor', visitorId: 'v1' }])).rejects.toMatchObject(
      {
        code: 'owner_unreachable',
      },
    );

    telephony.onLiveEvent({ type: 'conversation.closed', tenantId: 't1', conversationId: 'c1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(cluster.directory.size).toBe(0);
    expect(cluster.hangUps).toEqual(['t1/c1/*']);
  });
});

describe('[PL43] calls in phone mode kept across a restart', () => {
  /** Storage as the server keeps it: the phone calls, and which conversations are still active. */
  const kept = new Map<string, KeptPhoneCall>();
  const active = new Set(['c1']);
  const store: PhoneCallStore = {
    savePhoneCall: (_tenantId, conversationId, call) => {
      if (call) kept.set(conversationId, call);
      else kept.delete(conversationId);
      return Promise.resolve();
    },
    listPhoneCalls: (tenantId) => Promise.resolve([...kept.values()].filter((call) => call.tenantId === tenantId)),
    getConversation: (_tenantId, id) =>
      Promise.resolve({ state: { name: active.has(id) ? 'active' : 'closed' } } as unknown as Awaited<
        ReturnType<PhoneCallStore['getConversation']>
      >),
  };
  const start = () =>
    startTestTelephony({
      storeOf: () => store,
    });

  it('[PL43] the restarted process has the active call in phone mode again with the same PINs; a call no longer active is forgotten', async () => {
    const before = await start();
    const visitor = { kind: 'visitor' as const, visitorId: 'v1' };
    await before.switchToPhone({
      tenantId: 't1',
      conversationId: 'c1',
      visitorId: 'v1',
      consultantId: 'k1',
      members: [],
    });
    await before.switchToPhone({
      tenantId: 't1',
      conversationId: 'c2',
      visitorId: 'v1',
      consultantId: 'k1',
      members: [],
    });
    const pins = before.dialIn.pinsOf('t1', 'c1');
    await before.close();
    expect([...kept.keys()]).toEqual(['c1', 'c2']);

    const after = await start();
    try {
      expect(after.phoneCallsOf('t1', visitor)).toEqual([]);
      await after.restore('t1');
      expect(after.phoneCallsOf('t1', visitor).map((m) => [m.conversationId, m.pin])).toEqual([['c1', pins?.visitor]]);
      expect(after.dialIn.redeem(pins?.consultant ?? '', '10.0.0.1')).toMatchObject({ ok: true });
      // c2 ended while the process was down: nothing of it is kept any more.
      expect([...kept.keys()]).toEqual(['c1']);
      after.end('t1', 'c1');
      await new Promise((resolve) => setImmediate(resolve));
      expect(kept.size).toBe(0);
    } finally {
      await after.close();
    }
  });
});

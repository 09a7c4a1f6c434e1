import { ClientMessage, isParleyError } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserMixLeg } from '../src/media/janus/JanusAudioBridge.ts';
import type { CallMixer, Telephony } from '../src/telephony/telephony.ts';
import { startTestTelephony } from './testTelephony.ts';

const call = { tenantId: 't1', conversationId: 'c1', visitorId: 'v1', consultantId: 'k1', members: [] };
const sdp = 'v=0\r\n';
/** The socket a join comes from. */
const socket = 'socket-1';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isParleyError(error) ? error.code : `not coded: ${String(error)}`;
  }
  return 'no error';
}

describe('[TP8] who may join a call’s phone mix from the browser', () => {
  let telephony: Telephony;

  beforeAll(async () => {
    telephony = await startTestTelephony();
  });

  afterAll(() => telephony.close());

  it('[TP8] a call that is not in phone mode has no mix to join', async () => {
    const visitor = { kind: 'visitor' as const, visitorId: 'v1' };
    expect(await codeOf(telephony.joinMix('t1', 'c1', visitor, sdp, socket))).toBe('conversation_not_found');
  });

  it('[TP8] only the call’s own consultant and visitor may join, in their own tenant', async () => {
    await telephony.switchToPhone(call);
    const stranger = { kind: 'visitor' as const, visitorId: 'v2' };
    const colleague = { kind: 'consultant' as const, consultantId: 'k2' };
    expect(await codeOf(telephony.joinMix('t1', 'c1', stranger, sdp, socket))).toBe('conversation_not_found');
    expect(await codeOf(telephony.joinMix('t1', 'c1', colleague, sdp, socket))).toBe('conversation_not_found');
    const visitor = { kind: 'visitor' as const, visitorId: 'v1' };
    expect(await codeOf(telephony.joinMix('t2', 'c1', visitor, sdp, socket))).toBe('conversation_not_found');
    // The right side gets past the check; this server has no Janus, so there is no mix.
    expect(await codeOf(telephony.joinMix('t1', 'c1', visitor, sdp, socket))).toBe('phone_unavailable');
    telephony.end('t1', 'c1');
    expect(await codeOf(telephony.joinMix('t1', 'c1', visitor, sdp, socket))).toBe('conversation_not_found');
  });

  it('[TP8] mix signalling is validated at the edge: an offer too large or a malformed candidate is refused', () => {
    const join = { type: 'call.mix.join', conversationId: 'c1', sdp: 'x'.repeat(60_001) };
    expect(ClientMessage.safeParse(join).success).toBe(false);
    expect(ClientMessage.safeParse({ ...join, sdp }).success).toBe(true);
    const candidate = { type: 'call.mix.candidate', conversationId: 'c1', candidate: { candidate: 1 } };
    expect(ClientMessage.safeParse(candidate).success).toBe(false);
    expect(ClientMessage.safeParse({ ...candidate, candidate: null }).success).toBe(true);
  });
});

/** A mix that answers every browser at once and remembers which of its legs were closed. */
class RecordingMixer implements CallMixer {
  readonly legs: { closed: boolean }[] = [];
  join(): never {
    throw new Error('no phones in this test');
  }
  joinRtp(): never {
    throw new Error('no phones in this test');
  }
  joinBrowser(): Promise<{ answer: string; leg: BrowserMixLeg }> {
    const state = { closed: false };
    this.legs.push(state);
    const leg = { trickle: () => Promise.resolve(), close: () => void (state.closed = true) };
    return Promise.resolve({ answer: `answer ${this.legs.length}`, leg });
  }
  closeRoom(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('[TP10] a side that reconnects rejoins the mix', () => {
  let telephony: Telephony;
  const mixer = new RecordingMixer();
  const visitor = { kind: 'visitor' as const, visitorId: 'v1' };

  beforeAll(async () => {
    telephony = await startTestTelephony({
      config: {
        host: '127.0.0.1',
        port: 0,
        publicAddress: null,
        rtpPorts: null,
        numbers: ['+31 20 555 0100'].map((number) => ({ number, locale: 'en' })),
      },
      mixer,
    });
  });

  afterAll(() => telephony.close());

  it('[TP10] a page that connects again is told its calls in phone mode, with its own PIN; others are told none', async () => {
    await telephony.switchToPhone({ ...call, conversationId: 'c2' });
    const [told, ...more] = telephony.phoneCallsOf('t1', visitor);
    expect(more).toEqual([]);
    expect(told).toMatchObject({ type: 'call.phone', conversationId: 'c2', numbers: ['+31 20 555 0100'] });
    expect(told?.pin).toBe(telephony.dialIn.pinsOf('t1', 'c2')?.visitor);
    expect(telephony.phoneCallsOf('t1', { kind: 'consultant', consultantId: 'k1' })[0]?.pin).toBe(
      telephony.dialIn.pinsOf('t1', 'c2')?.consultant,
    );
    expect(telephony.phoneCallsOf('t1', { kind: 'visitor', visitorId: 'v2' })).toEqual([]);
    expect(telephony.phoneCallsOf('t2', visitor)).toEqual([]);
    telephony.end('t1', 'c2');
    expect(telephony.phoneCallsOf('t1', visitor)).toEqual([]);
  });

  it('[TP10] the join from the new socket replaces the old leg, and the old socket closing late leaves the new leg in the mix', async () => {
    await telephony.switchToPhone({ ...call, conversationId: 'c3' });
    const oldSocket = 'socket-old';
    const newSocket = 'socket-new';
    expect(await telephony.joinMix('t1', 'c3', visitor, sdp, oldSocket)).toBe('answer 1');
    // The page lost its socket and joined again on a new one before the server saw the old one close.
    expect(await telephony.joinMix('t1', 'c3', visitor, sdp, newSocket)).toBe('answer 2');
    await Promise.resolve();
    expect(mixer.legs.map((leg) => leg.closed)).toEqual([true, false]);
    telephony.leaveMix('t1', 'c3', visitor, oldSocket);
    await Promise.resolve();
    expect(mixer.legs[1]?.closed).toBe(false);
    // The new socket's own leave (or close) does take it out.
    telephony.leaveMix('t1', 'c3', visitor, newSocket);
    await Promise.resolve();
    expect(mixer.legs[1]?.closed).toBe(true);
    telephony.end('t1', 'c3');
  });
});

describe('[TP11] phone mode in a conference', () => {
  let telephony: Telephony;
  const mixer = new RecordingMixer();
  const told: { to: string; pin: string }[] = [];
  const colleague = { kind: 'consultant' as const, consultantId: 'k2' };
  const latecomer = { kind: 'consultant' as const, consultantId: 'k3' };
  const pinOf = (to: string): string | undefined => told.filter((m) => m.to === to).at(-1)?.pin;

  beforeAll(async () => {
    telephony = await startTestTelephony({
      mixer,
      outboxOf: () => ({
        send: (recipient, message) => {
          if (message.type !== 'call.phone') return;
          const to =
            recipient.kind === 'visitor'
              ? recipient.visitorId
              : 'consultantId' in recipient
                ? recipient.consultantId
                : '?';
          told.push({ to, pin: message.pin });
        },
      }),
    });
  });

  afterAll(() => telephony.close());

  it('[TP11] every member of the conference is told a PIN of their own, also a colleague who joins later, and may join the mix; one who leaves loses PIN and leg', async () => {
    await telephony.switchToPhone({ ...call, conversationId: 'c4', members: ['k2'] });
    const pins = ['k1', 'v1', 'k2'].map(pinOf);
    expect(new Set(pins).size).toBe(3);
    expect(pins.every((pin) => /^\d{8}$/.test(pin ?? ''))).toBe(true);
    expect(await telephony.joinMix('t1', 'c4', colleague, sdp, socket)).toMatch(/^answer/);
    expect(await codeOf(telephony.joinMix('t1', 'c4', latecomer, sdp, socket))).toBe('conversation_not_found');

    telephony.onLiveEvent({ type: 'conference.joined', tenantId: 't1', conversationId: 'c4', consultantId: 'k3' });
    // The sides are told once the new PIN is issued (in a cluster, claimed first: [PL42]).
    await new Promise((resolve) => setImmediate(resolve));
    const latePin = pinOf('k3');
    expect(latePin).toMatch(/^\d{8}$/);
    expect(pins).not.toContain(latePin);
    // The others keep their PINs when told again.
    expect(['k1', 'v1', 'k2'].map(pinOf)).toEqual(pins);
    expect(await telephony.joinMix('t1', 'c4', latecomer, sdp, socket)).toMatch(/^answer/);

    const colleagueLeg = mixer.legs.length - 2;
    telephony.onLiveEvent({ type: 'conference.left', tenantId: 't1', conversationId: 'c4', consultantId: 'k2' });
    await Promise.resolve();
    expect(mixer.legs[colleagueLeg]?.closed).toBe(true);
    expect(telephony.dialIn.redeem(pins[2] ?? '', '10.0.0.1')).toEqual({ ok: false, reason: 'wrong' });
    expect(await codeOf(telephony.joinMix('t1', 'c4', colleague, sdp, socket))).toBe('conversation_not_found');
    expect(telephony.phoneCallsOf('t1', colleague)).toEqual([]);
    expect(telephony.phoneCallsOf('t1', latecomer)[0]?.pin).toBe(latePin);
    telephony.end('t1', 'c4');
    expect(telephony.phoneCallsOf('t1', latecomer)).toEqual([]);
  });
});

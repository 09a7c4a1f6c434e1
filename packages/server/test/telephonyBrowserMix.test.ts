import { ClientMessage, isParleyError } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telephony } from '../src/telephony/telephony.ts';

const call = { tenantId: 't1', conversationId: 'c1', visitorId: 'v1', consultantId: 'k1' };
const sdp = 'v=0\r\n';

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
    telephony = await Telephony.start({
      config: { host: '127.0.0.1', port: 0, publicAddress: null, rtpPorts: null, numbers: [] },
      janus: null,
      clock: { now: () => Date.now() },
      log: { info: () => undefined, warn: () => undefined },
    });
  });

  afterAll(() => telephony.close());

  it('[TP8] a call that is not in phone mode has no mix to join', async () => {
    const visitor = { kind: 'visitor' as const, visitorId: 'v1' };
    expect(await codeOf(telephony.joinMix('t1', 'c1', visitor, sdp))).toBe('conversation_not_found');
  });

  it('[TP8] only the call’s own consultant and visitor may join, in their own tenant', async () => {
    telephony.switchToPhone(call);
    const stranger = { kind: 'visitor' as const, visitorId: 'v2' };
    const colleague = { kind: 'consultant' as const, consultantId: 'k2' };
    expect(await codeOf(telephony.joinMix('t1', 'c1', stranger, sdp))).toBe('conversation_not_found');
    expect(await codeOf(telephony.joinMix('t1', 'c1', colleague, sdp))).toBe('conversation_not_found');
    const visitor = { kind: 'visitor' as const, visitorId: 'v1' };
    expect(await codeOf(telephony.joinMix('t2', 'c1', visitor, sdp))).toBe('conversation_not_found');
    // The right side gets past the check; this server has no Janus, so there is no mix.
    expect(await codeOf(telephony.joinMix('t1', 'c1', visitor, sdp))).toBe('phone_unavailable');
    telephony.end('t1', 'c1');
    expect(await codeOf(telephony.joinMix('t1', 'c1', visitor, sdp))).toBe('conversation_not_found');
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

import { ParleyError, type ServerMessageOf } from '@parley/protocol';
import type { Actor } from '../domain/ports/actor.ts';
import type { PhoneLine } from '../domain/telephony/dialIn.ts';
import type { RtpAddress } from '../media/janus/JanusAudioBridge.ts';
import { phoneMethods, type PhoneMethod } from './phoneCluster.ts';
import type { MixCandidate } from './browserLegs.ts';
import type { PhoneCodec } from './sip/sdp.ts';
import type { PhoneCallSides, Telephony } from './telephony.ts';

type PhoneMessage = ServerMessageOf<'call.phone'>;
type Candidate = MixCandidate;

/**
 * [TP4][TP8][TP10] What a socket asks of its tenant's telephony. [PL42] It runs where the tenant's
 * live state does: on this node, or forwarded to the owner node (a socket may be on any node).
 */
export interface PhoneDesk {
  switchToPhone(sides: Omit<PhoneCallSides, 'tenantId'>): Promise<void>;
  phoneCallsOf(actor: Actor): Promise<PhoneMessage[]>;
  /** `legOwner`: the socket's id; only that socket's close takes the leg out again ([TP10]). */
  joinMix(conversationId: string, actor: Actor, offerSdp: string, legOwner: string): Promise<string>;
  trickleMix(conversationId: string, actor: Actor, candidate: Candidate): Promise<void>;
  leaveMix(conversationId: string, actor: Actor, legOwner: string): Promise<void>;
}

/** The tenant's telephony on this node. */
export function localDesk(telephony: Telephony, tenantId: string): PhoneDesk {
  return {
    switchToPhone: (sides) => telephony.switchToPhone({ tenantId, ...sides }),
    phoneCallsOf: (actor) => Promise.resolve(telephony.phoneCallsOf(tenantId, actor)),
    joinMix: (conversationId, actor, offerSdp, legOwner) =>
      telephony.joinMix(tenantId, conversationId, actor, offerSdp, legOwner),
    trickleMix: (conversationId, actor, candidate) => telephony.trickleMix(tenantId, conversationId, actor, candidate),
    leaveMix: (conversationId, actor, legOwner) => {
      telephony.leaveMix(tenantId, conversationId, actor, legOwner);
      return Promise.resolve();
    },
  };
}

/** [PL42] The tenant's telephony on its owner node: each method a forwarded command. */
export function forwardedDesk(call: (method: PhoneMethod, ...args: unknown[]) => Promise<unknown>): PhoneDesk {
  return {
    switchToPhone: async (sides) => {
      await call('switchToPhone', sides);
    },
    phoneCallsOf: async (actor) => (await call('phoneCallsOf', actor)) as PhoneMessage[],
    joinMix: async (conversationId, actor, offerSdp, legOwner) =>
      (await call('joinMix', conversationId, actor, offerSdp, legOwner)) as string,
    trickleMix: async (conversationId, actor, candidate) => {
      await call('trickleMix', conversationId, actor, candidate);
    },
    leaveMix: async (conversationId, actor, legOwner) => {
      await call('leaveMix', conversationId, actor, legOwner);
    },
  };
}

/**
 * [PL42] The owner's side of a forwarded telephony command. The arguments come from this
 * program's own nodes (the desk above, the cluster exchange), never from a client as such.
 */
export async function runPhoneMethod(
  telephony: Telephony,
  tenantId: string,
  method: PhoneMethod,
  args: unknown[],
): Promise<unknown> {
  if (!(phoneMethods as readonly string[]).includes(method)) throw new ParleyError('forbidden');
  const desk = localDesk(telephony, tenantId);
  const ownLine = (line: PhoneLine): PhoneLine => {
    // A node asks only about lines of the tenant the command names.
    if (line.tenantId !== tenantId) throw new ParleyError('forbidden');
    return line;
  };
  const [a0, a1, a2, a3] = args as [never, never, never, never];
  switch (method) {
    case 'switchToPhone':
      return desk.switchToPhone(a0);
    case 'phoneCallsOf':
      return desk.phoneCallsOf(a0);
    case 'joinMix':
      return desk.joinMix(a0, a1, a2, a3);
    case 'trickleMix':
      return desk.trickleMix(a0, a1, a2);
    case 'leaveMix':
      return desk.leaveMix(a0, a1, a2);
    case 'redeem': {
      const redemption = telephony.dialIn.redeem(a0, a1);
      if (redemption.ok) ownLine(redemption.line);
      return Promise.resolve(redemption);
    }
    case 'release':
      telephony.dialIn.release(ownLine(a0));
      return Promise.resolve(null);
    case 'lineChanged':
      telephony.lineChanged(ownLine(a0), a1);
      return Promise.resolve(null);
    case 'joinRtp':
      return telephony.joinRtp(ownLine(a0), a1 satisfies PhoneCodec, a2 satisfies RtpAddress);
    case 'leaveRtp':
      telephony.leaveRtp(a0);
      return Promise.resolve(null);
  }
}

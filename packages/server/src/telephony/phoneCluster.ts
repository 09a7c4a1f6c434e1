import type { PhoneLine, Redemption } from '../domain/telephony/dialIn.ts';
import { rtpLeg, type RtpAddress } from '../media/janus/JanusAudioBridge.ts';
import type { MixerLeg } from './phoneCall.ts';
import type { PhoneExchange } from './phoneExchange.ts';
import type { PhoneCodec } from './sip/sdp.ts';

/** The telephony methods a node runs for a tenant it owns, asked by any node ([PL42]). */
export const phoneMethods = [
  'switchToPhone',
  'phoneCallsOf',
  'joinMix',
  'trickleMix',
  'leaveMix',
  'redeem',
  'release',
  'lineChanged',
  'joinRtp',
  'leaveRtp',
] as const;
export type PhoneMethod = (typeof phoneMethods)[number];

/**
 * [PL42] Which tenant a dial-in PIN opens, for every node: a phone may dial in at any node, and
 * only the tenant's owner knows the call behind the PIN. Keys are the PINs' hashes (a PIN is a
 * secret); a PIN is claimed only once across the cluster.
 */
export interface PinDirectory {
  /** False: another call anywhere holds this PIN already (the owner draws another). */
  claim(pin: string, tenantId: string): Promise<boolean>;
  drop(pins: readonly string[]): Promise<void>;
  tenantOf(pin: string): Promise<string | null>;
}

/** What the telephony needs of the cluster ([PL42]); implemented on Redis by `ClusterNode`. */
export interface PhoneCluster {
  /** Whether this node runs the tenant's live state now. */
  owns(tenantId: string): boolean;
  /** Runs a telephony method for the tenant on its owner node (this one, when it owns it). */
  callOwner(tenantId: string, method: PhoneMethod, args: unknown[]): Promise<unknown>;
  pins: PinDirectory;
  /** Hangs up the call's phones (or one side's) wherever they dialled in. */
  hangUpEverywhere(tenantId: string, conversationId: string, side?: PhoneLine['side']): void;
}

/** Where a node relaying a phone sends its audio: the owner's mix, or nowhere (no Janus there). */
export type RemoteRtpJoin = { legId: string; target: { address: string; port: number } } | null;

/**
 * [PL42] The exchange of a node in a cluster: a phone's PIN is looked up in the directory and
 * checked by the tenant's owner; a phone of a tenant owned elsewhere is relayed by this node into
 * the owner's mix (its RTP socket on `rtpHost`, which the owner's Janus must reach).
 */
export function clusterExchange(local: PhoneExchange, cluster: PhoneCluster, rtpHost: string): PhoneExchange {
  const owner = <T>(tenantId: string, method: PhoneMethod, ...args: unknown[]): Promise<T> =>
    cluster.callOwner(tenantId, method, args) as Promise<T>;
  const quietly = (call: Promise<unknown>) => void call.catch(() => undefined);
  return {
    async redeem(pin, callerAddress) {
      const tenantId = await cluster.pins.tenantOf(pin).catch(() => null);
      // No such PIN anywhere: refused here, where the wrong attempt counts against the caller.
      if (!tenantId || cluster.owns(tenantId)) return local.redeem(pin, callerAddress);
      return owner<Redemption>(tenantId, 'redeem', pin, callerAddress);
    },
    async join(line, codec, send) {
      if (cluster.owns(line.tenantId)) return local.join(line, codec, send);
      let legId = '';
      const leg = await rtpLeg(rtpHost, codec, send, async (rtp: RtpAddress) => {
        const joined = await owner<RemoteRtpJoin>(line.tenantId, 'joinRtp', line, codec satisfies PhoneCodec, rtp);
        if (!joined) return { target: { address: rtpHost, port: 9 }, detach: () => undefined };
        legId = joined.legId;
        return { target: joined.target, detach: () => quietly(owner(line.tenantId, 'leaveRtp', legId)) };
      });
      return legId ? leg : silenced(leg);
    },
    release(line) {
      if (cluster.owns(line.tenantId)) local.release(line);
      else quietly(owner(line.tenantId, 'release', line));
    },
    lineChanged(line, connected) {
      if (cluster.owns(line.tenantId)) local.lineChanged(line, connected);
      else quietly(owner(line.tenantId, 'lineChanged', line, connected));
    },
  };
}

/** The owner has no mix (no Janus): the phone is admitted and hears the silence it would there. */
function silenced(leg: MixerLeg): MixerLeg {
  return { receive: () => undefined, close: () => leg.close() };
}

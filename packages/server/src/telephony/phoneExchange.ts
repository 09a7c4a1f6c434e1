import type { DialIn, PhoneLine, Redemption } from '../domain/telephony/dialIn.ts';
import type { MixerLeg, PhoneMixer } from './phoneCall.ts';
import type { PhoneCodec } from './sip/sdp.ts';

/**
 * [TP4][TP6][PL42] What a phone call answered by this node's SIP server needs of the telephony:
 * its PIN checked, its audio joined to the call's mix, its line given back when it hangs up, and
 * the live state told. One node does all of it itself; in a cluster the call's owner node does,
 * wherever the phone dialled in.
 */
export interface PhoneExchange {
  redeem(pin: string, callerAddress: string): Promise<Redemption>;
  join(line: PhoneLine, codec: PhoneCodec, send: (payload: Buffer) => void): Promise<MixerLeg>;
  /** The phone admitted on `line` hung up (or never got into the mix): its PIN admits the next. */
  release(line: PhoneLine): void;
  /** The phone on `line` is now in the mix (or no longer): the call's sides are told. */
  lineChanged(line: PhoneLine, connected: boolean): void;
}

/** A mix that hears nothing and says nothing: dial-in without Janus still admits phones. */
const silentLeg: MixerLeg = { receive: () => undefined, close: () => undefined };

/** One node's exchange: its own PINs and mix. */
export function localExchange(
  dialIn: DialIn,
  mixer: PhoneMixer | null,
  lineChanged: (line: PhoneLine, connected: boolean) => void = () => undefined,
): PhoneExchange {
  return {
    redeem: (pin, callerAddress) => Promise.resolve(dialIn.redeem(pin, callerAddress)),
    join: (line, codec, send) => (mixer ? mixer.join(line, codec, send) : Promise.resolve(silentLeg)),
    release: (line) => dialIn.release(line),
    lineChanged,
  };
}

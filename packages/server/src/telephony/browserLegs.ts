import { isParleyError, ParleyError } from '@parley/protocol';
import type { PhoneLine } from '../domain/telephony/dialIn.ts';
import type { BrowserMixLeg, JanusAudioBridge } from '../media/janus/JanusAudioBridge.ts';

export type MixCandidate = Parameters<BrowserMixLeg['trickle']>[0];

/**
 * [TP8] Browsers in calls' mixes, by line; a leg is set before Janus answers, so candidates wait
 * for it. Each leg remembers the socket that opened it ([TP10]): a socket that closes after its
 * page reconnected on a new one must not take the new socket's leg out of the mix.
 */
export class BrowserLegs {
  private readonly legs = new Map<string, { leg: Promise<BrowserMixLeg | undefined>; owner: string }>();

  async join(
    mixer: Pick<JanusAudioBridge, 'joinBrowser'>,
    line: PhoneLine,
    key: string,
    offerSdp: string,
    owner: string,
  ): Promise<string> {
    // [TP8][TP10] A new join of the same side replaces its earlier leg, whichever socket opened it.
    this.drop(key);
    const joining = mixer.joinBrowser(line, offerSdp);
    const leg = joining.then(
      (joined) => joined.leg,
      () => undefined,
    );
    this.legs.set(key, { leg, owner });
    try {
      const { answer } = await joining;
      // The call ended, or a newer join replaced this one, while Janus answered.
      if (this.legs.get(key)?.leg !== leg) throw new ParleyError('conversation_not_found');
      return answer;
    } catch (error) {
      if (this.legs.get(key)?.leg === leg) this.legs.delete(key);
      void leg.then((joined) => joined?.close());
      if (isParleyError(error)) throw error;
      const failure = new ParleyError('media_failed');
      failure.cause = error;
      throw failure;
    }
  }

  async trickle(key: string, candidate: MixCandidate): Promise<void> {
    const leg = await this.legs.get(key)?.leg;
    if (candidate !== null && candidate.candidate === '') return;
    await leg?.trickle(candidate).catch(() => undefined);
  }

  /** The leg goes (only if `owner` opened it, when given). */
  drop(key: string, owner?: string): void {
    const joined = this.legs.get(key);
    if (!joined || (owner !== undefined && joined.owner !== owner)) return;
    this.legs.delete(key);
    void joined.leg.then((leg) => leg?.close());
  }
}

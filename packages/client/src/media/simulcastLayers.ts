import { figuresBetween, readCounters, type StatsCounters } from './callQuality.ts';

/** [NW11] The simulcast layers a viewer can get: 0 quarter size, 1 half, 2 the full picture. */
export const TOP_LAYER = 2;

type Stat = Record<string, unknown> & { type: string; id: string };

export interface LayerPickerOptions {
  /** One getStats() of the receiving leg, or null while it has no connection. */
  sample(): Promise<Iterable<Stat> | null>;
  /** Asks the SFU for another layer (`media.layer`). */
  select(substream: number): void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  intervalMs?: number;
}

/**
 * When a layer is too much for the link, and when to try a larger one again (in intervals of
 * `intervalMs`, 2 s by default). Janus 1.1 estimates no subscriber's bandwidth and falls back to
 * a smaller layer only when the publisher stops sending one, so the viewer decides from what it
 * receives. Two signs that a layer is too much for the link, as congestion control reads them:
 * packets lost, and a queue growing in front of the link (the round trip rising above the
 * lowest one the leg has seen: in the lab a 300 kbit/s cap lost few video packets after
 * retransmissions but held them 200 ms). A slow CPU shows neither, and a smaller picture would
 * not help the link.
 */
export const layerPolicy = {
  /** Video lost (after retransmissions) at which an interval counts as too much. */
  downLossPercent: 5,
  /**
   * Video packets asked for again (NACKs per packet received) at which an interval counts as too
   * much: a random 2 % loss on both ways NACKs several per cent (a NACK is repeated while its
   * retransmission is late or lost), a rate cap the layer does not fit in half of them.
   */
  downNackPercent: 15,
  /** An interval with fewer NACKs per packet counts as clean (with little loss and queue). */
  cleanNackPercent: 5,
  /** Round trip above the leg's lowest (of the last `baseRttIntervals`) at which an interval counts as too much. */
  downQueueMs: 100,
  /** A clean interval's round trip stays within this of the lowest. */
  cleanQueueMs: 40,
  baseRttIntervals: 30,
  /** Intervals in a row with that loss before stepping down (one burst is no weak link). */
  downAfter: 2,
  /** Loss under which an interval counts as clean. */
  cleanLossPercent: 2,
  /** Clean intervals in a row before trying the next larger layer. */
  upAfter: 5,
  /**
   * Intervals on the smaller layer after a step down for loss alone (no queue) that show whether
   * the smaller layer cured it: a link too small for a layer loses less once the layer is
   * smaller, a link that drops packets at random (radio, a lossy hop) loses as much as before.
   */
  verifyIntervals: 3,
  /**
   * The step cured the loss when each sign that caused it (loss, NACKs: those at their threshold)
   * fell to at most this share on the smaller layer. In the lab, 5 % random loss NACKed 24–39 % on
   * the top layer and 5–6 % on the smaller one, but lost 6–7 % after retransmissions on both.
   */
  curedShare: 0.5,
  /** Intervals in a row with under half the learned random loss before it is forgotten. */
  forgetRandomLossAfter: 15,
  /** A larger layer that had to be left within this many intervals doubles the wait for the next try… */
  failedProbeWithin: 5,
  /** …up to this many intervals (a link that cannot carry it is not probed every 10 s). */
  maxUpAfter: 30,
} as const;

/**
 * NACKs this side sent for its video: each asks for a lost packet again. Retransmissions hide
 * most losses from `packetsLost`; the NACKs still count them (a 300 kbit/s cap in the lab lost
 * half the packets of a 540 kbit/s layer and reported almost none lost).
 */
function videoLosses(report: Iterable<Stat>): { nacks: number; videoLost: number } {
  let nacks = 0;
  let videoLost = 0;
  for (const stat of report) {
    if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') continue;
    if (typeof stat.nackCount === 'number') nacks += stat.nackCount;
    if (typeof stat.packetsLost === 'number') videoLost += Math.max(0, stat.packetsLost);
  }
  return { nacks, videoLost };
}

/** What one interval showed of the leg's video. */
interface Interval {
  lossPercent: number;
  nackPercent: number;
  rttMs: number | null;
}

type Loss = Pick<Interval, 'lossPercent' | 'nackPercent'>;

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const meanLoss = (intervals: Loss[]): Loss => ({
  lossPercent: mean(intervals.map((interval) => interval.lossPercent)),
  nackPercent: mean(intervals.map((interval) => interval.nackPercent)),
});
/**
 * Whether the smaller layer cured the loss that caused a step down: each sign that was at its
 * threshold fell to `curedShare` of itself (with neither there on average, the further one).
 */
function cured(before: Loss, after: Loss): boolean {
  const signs = [
    { before: before.lossPercent, after: after.lossPercent, threshold: layerPolicy.downLossPercent },
    { before: before.nackPercent, after: after.nackPercent, threshold: layerPolicy.downNackPercent },
  ];
  const atThreshold = signs.filter((sign) => sign.before >= sign.threshold);
  const judged = atThreshold.length
    ? atThreshold
    : [signs.reduce((a, b) => (a.before / a.threshold >= b.before / b.threshold ? a : b))];
  return judged.every((sign) => sign.after <= layerPolicy.curedShare * sign.before);
}

/**
 * [NW11] Picks the simulcast layer of one receiving leg from its own getStats(): one layer down
 * after `downAfter` intervals with loss or a queue, one up after a run of clean ones, waiting longer after
 * each try that failed. Starts at the top layer (what Janus sends by default).
 */
export class SimulcastLayerPicker {
  private layerNow = TOP_LAYER;
  private previous: (StatsCounters & { nacks: number; videoLost: number }) | undefined;
  private strained = 0;
  private readonly asked: number[] = [TOP_LAYER];
  private readonly reasons: string[] = [];
  private rtts: number[] = [];
  private clean = 0;
  private upAfter: number = layerPolicy.upAfter;
  /** Intervals since the last step up, while it may still prove too much; null otherwise. */
  private sinceUp: number | null = null;
  /** The interval after a switch shows the old layer's losses and the wait for a key frame: skipped. */
  private settling = false;
  /** The intervals of the current run of too-much-loss ones (what a step down is checked against). */
  private strainedRun: Interval[] = [];
  /** After a step down for loss alone: what caused it, and the smaller layer's intervals so far. */
  private verifying: { cause: Interval[]; seen: Interval[] } | undefined;
  /** [NW12] The link's own loss, learned from a step down that cured nothing. */
  private randomLoss: Loss | undefined;
  private underRandomLoss = 0;
  private timer: { cancel(): void } | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { cancel(): void };

  constructor(private readonly options: LayerPickerOptions) {
    this.now = options.now ?? (() => Date.now());
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(handle) };
      });
  }

  get layer(): number {
    return this.layerNow;
  }

  /** [NW12] The loss the picker takes for the link's own (random), if it learned one. */
  get linkLoss(): Readonly<Loss> | undefined {
    return this.randomLoss;
  }

  /** Why each switch after the first layer was made, e.g. `1: NACK 18 %, queue 3 ms`: a measurement prints it. */
  get why(): readonly string[] {
    return this.reasons;
  }

  /** Every layer asked for so far, the first (the top one, Janus's default) included: a measurement reads it. */
  get layers(): readonly number[] {
    return this.asked;
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Takes one sample now; the timer calls it, tests may too. */
  async tick(): Promise<void> {
    const report = await this.options.sample().catch(() => null);
    if (this.stopped) return;
    if (!report) {
      this.previous = undefined;
      return;
    }
    const entries = [...report];
    const counters = { ...readCounters(entries, this.now()), ...videoLosses(entries) };
    const before = this.previous;
    this.previous = counters;
    if (!before) return;
    const packets = counters.videoPackets - before.videoPackets;
    const lost = Math.max(0, counters.videoLost - before.videoLost);
    this.observe({
      // The video's own loss: a smaller layer sends fewer video packets, the audio stays as it is.
      lossPercent: packets + lost > 0 ? (100 * lost) / (packets + lost) : 0,
      nackPercent: packets > 0 ? (100 * Math.max(0, counters.nacks - before.nacks)) / packets : 0,
      rttMs: figuresBetween(before, counters).rttMs,
    });
  }

  private observe(interval: Interval): void {
    if (this.settling) {
      this.settling = false;
      return;
    }
    if (this.verifying && this.verified(this.verifying, interval) === 'not cured') return;
    this.forgetRandomLoss(interval);
    const { lossPercent, nackPercent } = this.overRandomLoss(interval);
    const rttMs = interval.rttMs;
    if (this.sinceUp !== null) {
      this.sinceUp += 1;
      // The larger layer held long enough: the link carries it, the next try may come sooner.
      if (this.sinceUp > layerPolicy.failedProbeWithin) {
        this.sinceUp = null;
        this.upAfter = layerPolicy.upAfter;
      }
    }
    const queueMs = this.queueMs(rttMs);
    // Lost after retransmission, asked for again very often, or queued: the link does not carry the layer.
    const tooMuch =
      lossPercent >= layerPolicy.downLossPercent ||
      nackPercent >= layerPolicy.downNackPercent ||
      queueMs >= layerPolicy.downQueueMs;
    const clean =
      lossPercent < layerPolicy.cleanLossPercent &&
      nackPercent < layerPolicy.cleanNackPercent &&
      queueMs < layerPolicy.cleanQueueMs;
    this.strained = tooMuch ? this.strained + 1 : 0;
    this.strainedRun = tooMuch ? [...this.strainedRun, interval] : [];
    this.clean = clean ? this.clean + 1 : 0;
    // While a step down for loss is checked, the picker does not step further down (that is how
    // random loss took a viewer to the bottom layer).
    if (this.strained >= layerPolicy.downAfter && this.layerNow > 0 && !this.verifying) {
      if (this.sinceUp !== null) this.upAfter = Math.min(this.upAfter * 2, layerPolicy.maxUpAfter);
      this.sinceUp = null;
      const cause = this.strainedRun;
      // A queue says the link is too small for certain; loss alone may be the link's own.
      const queues = cause.map((seen) => this.queueOf(seen.rttMs));
      const lossAlone = queues.every((queue) => queue < layerPolicy.downQueueMs);
      const seen = meanLoss(cause);
      const figures = `loss ${seen.lossPercent.toFixed(1)} %, NACK ${seen.nackPercent.toFixed(0)} %, queue ${Math.max(...queues).toFixed(0)} ms`;
      this.switchTo(this.layerNow - 1, `${lossAlone ? 'loss' : 'queue'} (${figures})`);
      if (lossAlone) this.verifying = { cause, seen: [] };
    } else if (this.clean >= this.upAfter && this.layerNow < TOP_LAYER) {
      this.sinceUp = 0;
      this.switchTo(this.layerNow + 1, 'probe');
    }
  }

  /**
   * [NW12] Counts one of the smaller layer's intervals after a step down for loss alone; after
   * `verifyIntervals` of them, goes back up when the step cured nothing.
   */
  private verified(
    verifying: { cause: Interval[]; seen: Interval[] },
    interval: Interval,
  ): 'cured' | 'not cured' | 'pending' {
    verifying.seen.push(interval);
    if (verifying.seen.length < layerPolicy.verifyIntervals) return 'pending';
    this.verifying = undefined;
    const before = meanLoss(verifying.cause);
    const after = meanLoss(verifying.seen);
    if (cured(before, after)) return 'cured';
    // The smaller layer lost as much: the loss is the link's, and the larger picture costs nothing more.
    this.queueMs(interval.rttMs);
    this.randomLoss = {
      lossPercent: Math.max(before.lossPercent, after.lossPercent),
      nackPercent: Math.max(before.nackPercent, after.nackPercent),
    };
    this.underRandomLoss = 0;
    this.switchTo(
      this.layerNow + 1,
      `not cured (loss ${after.lossPercent.toFixed(1)} % after ${before.lossPercent.toFixed(1)} %, NACK ${after.nackPercent.toFixed(0)} % after ${before.nackPercent.toFixed(0)} %)`,
    );
    return 'not cured';
  }

  /** This interval's loss above the link's own (all of it while none is learned). */
  private overRandomLoss(interval: Interval): Loss {
    const floor = this.randomLoss ?? { lossPercent: 0, nackPercent: 0 };
    return {
      lossPercent: Math.max(0, interval.lossPercent - floor.lossPercent),
      nackPercent: Math.max(0, interval.nackPercent - floor.nackPercent),
    };
  }

  /** A link whose loss went away is judged in full again. */
  private forgetRandomLoss(interval: Interval): void {
    const floor = this.randomLoss;
    if (!floor) return;
    const under = interval.lossPercent <= floor.lossPercent / 2 && interval.nackPercent <= floor.nackPercent / 2;
    this.underRandomLoss = under ? this.underRandomLoss + 1 : 0;
    if (this.underRandomLoss >= layerPolicy.forgetRandomLossAfter) this.randomLoss = undefined;
  }

  /** How far this interval's round trip is above the lowest of the recent ones (0 without a reading). */
  private queueMs(rttMs: number | null): number {
    if (rttMs === null) return 0;
    this.rtts = [...this.rtts, rttMs].slice(-layerPolicy.baseRttIntervals);
    return rttMs - Math.min(...this.rtts);
  }

  /** The same measure for an interval already counted (the recent lowest includes it). */
  private queueOf(rttMs: number | null): number {
    return rttMs === null ? 0 : rttMs - Math.min(...this.rtts);
  }

  private switchTo(layer: number, why: string): void {
    this.layerNow = layer;
    if (this.asked.length < 50) {
      this.asked.push(layer);
      this.reasons.push(`${layer}: ${why}`);
    }
    this.strained = 0;
    this.strainedRun = [];
    this.clean = 0;
    this.settling = true;
    this.options.select(layer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.setTimer(() => {
      void this.tick().finally(() => this.schedule());
    }, this.options.intervalMs ?? 2_000);
  }
}

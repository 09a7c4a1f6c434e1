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
  private rtts: number[] = [];
  private clean = 0;
  private upAfter: number = layerPolicy.upAfter;
  /** Intervals since the last step up, while it may still prove too much; null otherwise. */
  private sinceUp: number | null = null;
  /** The interval after a switch shows the old layer's losses and the wait for a key frame: skipped. */
  private settling = false;
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

  private observe({
    lossPercent,
    nackPercent,
    rttMs,
  }: {
    lossPercent: number;
    nackPercent: number;
    rttMs: number | null;
  }): void {
    if (this.settling) {
      this.settling = false;
      return;
    }
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
    this.clean = clean ? this.clean + 1 : 0;
    if (this.strained >= layerPolicy.downAfter && this.layerNow > 0) {
      if (this.sinceUp !== null) this.upAfter = Math.min(this.upAfter * 2, layerPolicy.maxUpAfter);
      this.sinceUp = null;
      this.switchTo(this.layerNow - 1);
    } else if (this.clean >= this.upAfter && this.layerNow < TOP_LAYER) {
      this.sinceUp = 0;
      this.switchTo(this.layerNow + 1);
    }
  }

  /** How far this interval's round trip is above the lowest of the recent ones (0 without a reading). */
  private queueMs(rttMs: number | null): number {
    if (rttMs === null) return 0;
    this.rtts = [...this.rtts, rttMs].slice(-layerPolicy.baseRttIntervals);
    return rttMs - Math.min(...this.rtts);
  }

  private switchTo(layer: number): void {
    this.layerNow = layer;
    if (this.asked.length < 50) this.asked.push(layer);
    this.strained = 0;
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

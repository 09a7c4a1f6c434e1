import type { CallQuality } from '@parley/protocol';
import { Emitter } from '../emitter.ts';

/** [NW4] How a call's connection feels, from this side: what both UIs show. */
export type QualityLevel = CallQuality;
const rank: Record<QualityLevel, number> = { good: 0, weak: 1, bad: 2 };

/** The numbers behind a level, over the last sampling interval (the consultant sees them on hover). */
export interface QualityFigures {
  /** Round trip of the selected candidate pair; null before the first STUN check answered. */
  rttMs: number | null;
  /** Packets lost of those sent to this side, and of those this side sent (the other side reports), the worse. */
  lossPercent: number;
  /** Remote video decoded per second; null while no video arrives (camera off, voice call). */
  fps: number | null;
  jitterMs: number | null;
  /** Audio samples the decoder had to invent for lost packets; null while no audio arrives. */
  audioConcealedPercent: number | null;
}

export interface QualityReading {
  level: QualityLevel;
  figures: QualityFigures;
}

/** Running totals read from one getStats() report: figures are differences of two of them. */
export interface StatsCounters {
  atMs: number;
  rttMs: number | null;
  received: number;
  lost: number;
  videoPackets: number;
  framesDecoded: number;
  audioPackets: number;
  samplesReceived: number;
  samplesConcealed: number;
  jitterMs: number | null;
  /** What the other side reported of our outgoing packets (RTCP receiver reports): 0–1. */
  outgoingFractionLost: number;
}

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Sums what one report says; `report` is an RTCStatsReport or any iterable of its entries' values. */
export function readCounters(report: Iterable<Stat>, atMs: number): StatsCounters {
  const counters: StatsCounters = {
    atMs,
    rttMs: null,
    received: 0,
    lost: 0,
    videoPackets: 0,
    framesDecoded: 0,
    audioPackets: 0,
    samplesReceived: 0,
    samplesConcealed: 0,
    jitterMs: null,
    outgoingFractionLost: 0,
  };
  for (const stat of report) {
    if (stat.type === 'candidate-pair' && stat.nominated === true && stat.state === 'succeeded') {
      if (typeof stat.currentRoundTripTime === 'number') counters.rttMs = stat.currentRoundTripTime * 1000;
    } else if (stat.type === 'inbound-rtp') {
      counters.received += num(stat.packetsReceived);
      counters.lost += Math.max(0, num(stat.packetsLost));
      if (typeof stat.jitter === 'number') counters.jitterMs = Math.max(counters.jitterMs ?? 0, stat.jitter * 1000);
      if (stat.kind === 'video') {
        counters.videoPackets += num(stat.packetsReceived);
        counters.framesDecoded += num(stat.framesDecoded);
      } else if (stat.kind === 'audio') {
        counters.audioPackets += num(stat.packetsReceived);
        counters.samplesReceived += num(stat.totalSamplesReceived);
        counters.samplesConcealed += num(stat.concealedSamples);
      }
    } else if (stat.type === 'remote-inbound-rtp') {
      counters.outgoingFractionLost = Math.max(counters.outgoingFractionLost, num(stat.fractionLost));
    }
  }
  return counters;
}

/** The figures of the interval between two readings of the same connection. */
export function figuresBetween(before: StatsCounters, after: StatsCounters): QualityFigures {
  const seconds = Math.max(0.001, (after.atMs - before.atMs) / 1000);
  const received = Math.max(0, after.received - before.received);
  const lost = Math.max(0, after.lost - before.lost);
  const incomingLoss = received + lost > 0 ? lost / (received + lost) : 0;
  const videoArrived = after.videoPackets > before.videoPackets;
  const samples = after.samplesReceived - before.samplesReceived;
  const audioArrived = after.audioPackets > before.audioPackets && samples > 0;
  return {
    rttMs: after.rttMs,
    lossPercent: round1(100 * Math.max(incomingLoss, after.outgoingFractionLost)),
    fps: videoArrived ? round1(Math.max(0, after.framesDecoded - before.framesDecoded) / seconds) : null,
    jitterMs: after.jitterMs === null ? null : Math.round(after.jitterMs),
    audioConcealedPercent: audioArrived
      ? round1((100 * Math.max(0, after.samplesConcealed - before.samplesConcealed)) / samples)
      : null,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * [NW4] Limits of a usable call: beyond `weak` people notice (stutter, talking over each other);
 * beyond `bad` the picture freezes and words go missing. Loss and round trip follow the usual
 * VoIP planning figures (ITU-T G.114 puts one-way delay above 150 ms as noticeable). Frame rate
 * is judged leniently: webcams in dim light send 15 fps, and that is no bad connection.
 */
const limits = {
  weak: { lossPercent: 3, rttMs: 300, fps: 10, audioConcealedPercent: 5 },
  bad: { lossPercent: 10, rttMs: 600, fps: 4, audioConcealedPercent: 15 },
} as const;

/** The level of one interval's figures; `connected` false (ICE disconnected or failed) is always bad. */
export function classify(figures: QualityFigures, connected = true): QualityLevel {
  if (!connected) return 'bad';
  const beyond = (limit: (typeof limits)['weak' | 'bad']) =>
    figures.lossPercent >= limit.lossPercent ||
    (figures.rttMs !== null && figures.rttMs >= limit.rttMs) ||
    (figures.fps !== null && figures.fps < limit.fps) ||
    (figures.audioConcealedPercent !== null && figures.audioConcealedPercent >= limit.audioConcealedPercent);
  if (beyond(limits.bad)) return 'bad';
  if (beyond(limits.weak)) return 'weak';
  return 'good';
}

export interface QualityMonitorOptions {
  /** One getStats() of the call's connection, or null while it has none (between attempts). */
  sample(): Promise<{ report: Iterable<Stat>; connected: boolean } | null>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  intervalMs?: number;
  /** Consecutive intervals at a worse level before the shown level drops (a single burst is no bad call). */
  worseAfter?: number;
  /** Consecutive intervals at a better level before it rises again (no flapping). */
  betterAfter?: number;
}

/**
 * [NW4] Samples a call's statistics on an interval and reports the level it shows: a worse level
 * only after `worseAfter` intervals in a row, a better one after `betterAfter`, so one lost burst
 * does not flash "bad" and a recovering link does not flap.
 */
export class QualityMonitor extends Emitter<{ change: QualityReading }> {
  private previous: StatsCounters | undefined;
  private shown: QualityReading | undefined;
  /** Consecutive readings on one side (all worse, or all better) of the shown level. */
  private run: QualityReading[] = [];
  private timer: { cancel(): void } | undefined;
  private stopped = false;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { cancel(): void };

  constructor(private readonly options: QualityMonitorOptions) {
    super();
    this.now = options.now ?? (() => Date.now());
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(handle) };
      });
  }

  get reading(): QualityReading | undefined {
    return this.shown;
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
    const sampled = await this.options.sample().catch(() => null);
    if (this.stopped) return;
    if (!sampled) {
      this.previous = undefined;
      return;
    }
    const counters = readCounters(sampled.report, this.now());
    const before = this.previous;
    this.previous = counters;
    if (!before) return;
    const figures = figuresBetween(before, counters);
    this.observe({ level: classify(figures, sampled.connected), figures });
  }

  private observe(reading: QualityReading): void {
    const current = this.shown?.level;
    if (current === undefined || current === reading.level) {
      // Same level: the numbers still change, and the consultant reads them on hover.
      this.run = [];
      this.show(reading);
      return;
    }
    const worse = rank[reading.level] > rank[current];
    const first = this.run[0];
    const sameSide = first !== undefined && rank[first.level] > rank[current] === worse;
    this.run = sameSide ? [...this.run, reading] : [reading];
    if (this.run.length < (worse ? (this.options.worseAfter ?? 2) : (this.options.betterAfter ?? 3))) return;
    // The level closest to the shown one: weak then bad after good shows weak; weak then good after bad shows weak.
    const distance = (r: QualityReading) => Math.abs(rank[r.level] - rank[current]);
    const shown = this.run.reduce((a, b) => (distance(b) <= distance(a) ? b : a));
    this.run = [];
    this.show({ level: shown.level, figures: reading.figures });
  }

  private show(reading: QualityReading): void {
    this.shown = reading;
    this.emit('change', reading);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.setTimer(() => {
      void this.tick().finally(() => this.schedule());
    }, this.options.intervalMs ?? 2_000);
  }
}

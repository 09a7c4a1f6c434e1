import { describe, expect, it } from 'vitest';
import { classify, figuresBetween, QualityMonitor, readCounters, type QualityLevel } from './callQuality.ts';

interface Totals {
  rtt?: number;
  video?: { packets: number; lost: number; frames: number };
  audio?: { packets: number; lost: number; samples: number; concealed: number };
  outgoingLost?: number;
}

/** A getStats() report as Chromium gives it, with only the entries the monitor reads. */
function report({ rtt = 0.04, video, audio, outgoingLost = 0 }: Totals) {
  const entries: Array<Record<string, unknown> & { type: string; id: string }> = [
    { type: 'candidate-pair', id: 'p', nominated: true, state: 'succeeded', currentRoundTripTime: rtt },
    // A pair that is not in use says nothing of the call.
    { type: 'candidate-pair', id: 'q', nominated: false, state: 'failed', currentRoundTripTime: 9 },
    { type: 'remote-inbound-rtp', id: 'r', kind: 'video', fractionLost: outgoingLost },
  ];
  if (video)
    entries.push({
      type: 'inbound-rtp',
      id: 'v',
      kind: 'video',
      packetsReceived: video.packets,
      packetsLost: video.lost,
      framesDecoded: video.frames,
      jitter: 0.004,
    });
  if (audio)
    entries.push({
      type: 'inbound-rtp',
      id: 'a',
      kind: 'audio',
      packetsReceived: audio.packets,
      packetsLost: audio.lost,
      totalSamplesReceived: audio.samples,
      concealedSamples: audio.concealed,
      jitter: 0.01,
    });
  return entries;
}

/** Two seconds of a call: `lossPercent` of the packets lost, `fps` frames decoded per second. */
function twoSeconds(after: Totals, lossPercent: number, fps: number, rtt = 0.04): Totals {
  const video = after.video ?? { packets: 0, lost: 0, frames: 0 };
  const audio = after.audio ?? { packets: 0, lost: 0, samples: 0, concealed: 0 };
  const sentVideo = 400;
  const sentAudio = 100;
  return {
    rtt,
    video: {
      packets: video.packets + sentVideo * (1 - lossPercent / 100),
      lost: video.lost + (sentVideo * lossPercent) / 100,
      frames: video.frames + fps * 2,
    },
    audio: {
      packets: audio.packets + sentAudio * (1 - lossPercent / 100),
      lost: audio.lost + (sentAudio * lossPercent) / 100,
      samples: audio.samples + 96_000,
      concealed: audio.concealed + (96_000 * lossPercent) / 100,
    },
  };
}

describe('call quality figures', () => {
  it('[NW4] loss, frame rate, round trip and concealment come from the difference of two reports', () => {
    const first: Totals = {
      video: { packets: 1000, lost: 0, frames: 300 },
      audio: { packets: 500, lost: 0, samples: 480_000, concealed: 0 },
    };
    const second = twoSeconds(first, 5, 24, 0.18);
    const figures = figuresBetween(readCounters(report(first), 0), readCounters(report(second), 2000));
    expect(figures).toEqual({ rttMs: 180, lossPercent: 5, fps: 24, jitterMs: 10, audioConcealedPercent: 5 });
  });

  it('[NW4] without video arriving (camera off, voice call) the frame rate counts for nothing', () => {
    const first: Totals = {
      audio: { packets: 500, lost: 0, samples: 480_000, concealed: 0 },
      video: { packets: 10, lost: 0, frames: 3 },
    };
    const second: Totals = {
      audio: { packets: 600, lost: 0, samples: 576_000, concealed: 0 },
      video: { packets: 10, lost: 0, frames: 3 },
    };
    const figures = figuresBetween(readCounters(report(first), 0), readCounters(report(second), 2000));
    expect(figures.fps).toBeNull();
    expect(classify(figures)).toBe('good');
  });

  it('[NW4] what the other side loses of ours counts as much as what we lose of theirs', () => {
    const first: Totals = { audio: { packets: 500, lost: 0, samples: 480_000, concealed: 0 } };
    const second: Totals = { ...twoSeconds(first, 0, 0), video: undefined, outgoingLost: 0.12 };
    const figures = figuresBetween(readCounters(report(first), 0), readCounters(report(second), 2000));
    expect(figures.lossPercent).toBe(12);
    expect(classify(figures)).toBe('bad');
  });

  it.each<[string, Partial<Parameters<typeof classify>[0]>, QualityLevel]>([
    ['a clean link', {}, 'good'],
    ['3 % loss', { lossPercent: 3 }, 'weak'],
    ['10 % loss', { lossPercent: 10 }, 'bad'],
    ['350 ms round trip', { rttMs: 350 }, 'weak'],
    ['700 ms round trip', { rttMs: 700 }, 'bad'],
    ['8 fps', { fps: 8 }, 'weak'],
    ['3 fps', { fps: 3 }, 'bad'],
    ['8 % of the audio concealed', { audioConcealedPercent: 8 }, 'weak'],
  ])('[NW4] %s is %s', (_name, figures, level) => {
    expect(classify({ rttMs: 40, lossPercent: 0, fps: 30, jitterMs: 5, audioConcealedPercent: 0, ...figures })).toBe(
      level,
    );
  });

  it('[NW4] a connection ICE reports disconnected is bad whatever the last figures said', () => {
    expect(classify({ rttMs: 40, lossPercent: 0, fps: 30, jitterMs: 5, audioConcealedPercent: 0 }, false)).toBe('bad');
  });
});

describe('QualityMonitor', () => {
  /** A monitor over a scripted call: each tick reads the next two seconds at the given loss. */
  function scripted() {
    let totals: Totals = {
      video: { packets: 0, lost: 0, frames: 0 },
      audio: { packets: 0, lost: 0, samples: 0, concealed: 0 },
    };
    let at = 0;
    let loss = 0;
    const monitor = new QualityMonitor({
      now: () => at,
      sample: () => Promise.resolve({ report: report(totals), connected: true }),
    });
    const shown: QualityLevel[] = [];
    monitor.on('change', (r) => shown.push(r.level));
    return {
      shown,
      monitor,
      async interval(lossPercent: number) {
        loss = lossPercent;
        totals = twoSeconds(totals, loss, loss >= 10 ? 3 : 25);
        at += 2000;
        await monitor.tick();
      },
    };
  }

  it('[NW4] one bad burst does not flash bad; two bad intervals in a row do; three good ones bring it back', async () => {
    const call = scripted();
    await call.monitor.tick(); // the first report only sets the baseline
    expect(call.shown).toEqual([]);
    await call.interval(0);
    expect(call.monitor.reading?.level).toBe('good');
    await call.interval(20);
    expect(call.monitor.reading?.level).toBe('good');
    await call.interval(0);
    await call.interval(20);
    await call.interval(20);
    expect(call.monitor.reading?.level).toBe('bad');
    await call.interval(0);
    await call.interval(0);
    expect(call.monitor.reading?.level).toBe('bad');
    await call.interval(0);
    expect(call.monitor.reading?.level).toBe('good');
    expect(new Set(call.shown)).toEqual(new Set(['good', 'bad']));
  });

  it('[NW4] weak then bad after good shows weak, the milder of the two', async () => {
    const call = scripted();
    await call.monitor.tick();
    await call.interval(0);
    await call.interval(4);
    await call.interval(20);
    expect(call.monitor.reading?.level).toBe('weak');
  });

  it('[NW4] stops sampling when stopped, and a missing connection restarts the baseline', async () => {
    const timers: Array<() => void> = [];
    let sampled = 0;
    const monitor = new QualityMonitor({
      setTimer: (fn) => {
        timers.push(fn);
        return { cancel: () => timers.splice(timers.indexOf(fn), 1) };
      },
      sample: () => {
        sampled += 1;
        return Promise.resolve(null);
      },
    });
    monitor.start();
    expect(timers).toHaveLength(1);
    timers.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    expect(sampled).toBe(1);
    monitor.stop();
    expect(timers).toHaveLength(0);
    expect(monitor.reading).toBeUndefined();
  });
});

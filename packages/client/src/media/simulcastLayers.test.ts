import { describe, expect, it } from 'vitest';
import { layerPolicy, SimulcastLayerPicker, TOP_LAYER } from './simulcastLayers.ts';

/**
 * A receiving leg whose link loses `lossPercent` of 100 video packets per 2 s interval; the picker
 * samples it through `tick()` on an injected clock (no timers, no sleeping).
 */
function leg() {
  let at = 0;
  let received = 0;
  let lost = 0;
  let rttMs = 20;
  let nacks = 0;
  const selected: number[] = [];
  const picker = new SimulcastLayerPicker({
    sample: () =>
      Promise.resolve([
        {
          type: 'candidate-pair',
          id: 'p',
          nominated: true,
          state: 'succeeded',
          currentRoundTripTime: rttMs / 1000,
        },
        {
          type: 'inbound-rtp',
          id: 'v',
          kind: 'video',
          packetsReceived: received,
          packetsLost: lost,
          framesDecoded: 0,
          nackCount: nacks,
        },
      ]),
    select: (substream) => selected.push(substream),
    now: () => at,
  });
  /**
   * `count` intervals at `lossPercent` (and a round trip of `rtt` ms, 20 unless given; with
   * `nackPercent`, packets lost first and retransmitted: NACKed, not lost).
   */
  const intervals = async (count: number, lossPercent: number, rtt = 20, nackPercent = 0) => {
    for (let i = 0; i < count; i += 1) {
      rttMs = rtt;
      nacks += nackPercent;
      at += 2000;
      received += 100 - lossPercent;
      lost += lossPercent;
      await picker.tick();
    }
  };
  return { picker, selected, intervals };
}

describe('[NW11] simulcast layer picker', () => {
  it('starts on the top layer and stays there on a clean link', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(20, 0);
    expect(picker.layer).toBe(TOP_LAYER);
    expect(selected).toEqual([]);
  });

  it('steps down one layer after two lossy intervals in a row, not after one burst', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(1, 0); // the first sample only sets the baseline
    await intervals(1, 20);
    await intervals(1, 0);
    await intervals(1, 20);
    expect(selected).toEqual([]);
    await intervals(1, layerPolicy.downLossPercent);
    expect(selected).toEqual([1]);
    // The interval after the switch is not judged (the old layer's losses, the key frame).
    await intervals(1, 30);
    // The smaller layer loses half as much (it cured part of it), still too much: down again.
    await intervals(layerPolicy.verifyIntervals, 6);
    expect(selected).toEqual([1, 0]);
    expect(picker.layer).toBe(0);
    await intervals(1, 30);
    await intervals(4, 3);
    expect(picker.layer).toBe(0);
    expect(picker.linkLoss).toBeUndefined();
  });

  it('steps down when a queue builds up (the round trip rises above its lowest), not for a far server', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(3, 0, 20);
    await intervals(1, 0, 20 + layerPolicy.downQueueMs);
    await intervals(1, 0, 30);
    expect(selected).toEqual([]);
    await intervals(2, 1, 20 + 180);
    expect(selected).toEqual([1]);
    // A link that is just long: 300 ms from the start, steady, is no reason to step down.
    const far = leg();
    await far.intervals(10, 0, 300);
    await far.intervals(10, 0, 330);
    expect(far.selected).toEqual([]);
    expect(picker.layer).toBe(1);
    // Going up needs a short queue as well as little loss.
    await intervals(1 + layerPolicy.upAfter, 0, 20 + layerPolicy.cleanQueueMs);
    expect(selected).toEqual([1]);
  });

  it('counts packets asked for again (NACKs) as lost: retransmissions hide a rate cap’s losses', async () => {
    const { selected, intervals } = leg();
    // A few NACKs (random loss, repeated requests) are no reason to leave the top layer.
    await intervals(5, 0, 20, layerPolicy.downNackPercent - 5);
    expect(selected).toEqual([]);
    await intervals(2, 0, 20, 40);
    expect(selected).toEqual([1]);
  });

  it('judges the video’s own loss: audio lost on a lossy link is no reason for a smaller picture', async () => {
    let at = 0;
    const selected: number[] = [];
    const picker = new SimulcastLayerPicker({
      sample: () =>
        Promise.resolve([
          { type: 'inbound-rtp', id: 'a', kind: 'audio', packetsReceived: at / 20, packetsLost: at / 200 },
          { type: 'inbound-rtp', id: 'v', kind: 'video', packetsReceived: at / 10, packetsLost: 0, nackCount: 0 },
        ]),
      select: (substream) => selected.push(substream),
      now: () => at,
    });
    for (let i = 0; i < 10; i += 1) {
      at += 2000;
      await picker.tick();
    }
    expect(selected).toEqual([]);
  });

  it('goes up again after a run of clean intervals, and waits twice as long after a try that failed', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(3, 20);
    expect(selected).toEqual([1]);
    await intervals(1, 0); // settling
    await intervals(layerPolicy.upAfter - 1, 0);
    expect(selected).toEqual([1]);
    await intervals(1, 0);
    expect(selected).toEqual([1, 2]);
    // The top layer does not fit: back down, and the next try needs twice the clean intervals.
    await intervals(1, 0);
    await intervals(2, 40);
    expect(selected).toEqual([1, 2, 1]);
    await intervals(1, 0);
    await intervals(2 * layerPolicy.upAfter - 1, 0);
    expect(selected).toEqual([1, 2, 1]);
    await intervals(1, 0);
    expect(selected).toEqual([1, 2, 1, 2]);
    expect(picker.layer).toBe(TOP_LAYER);
  });

  it('a layer held long enough resets the wait', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(3, 20); // down to 1
    await intervals(1 + layerPolicy.upAfter, 0); // up to 2
    await intervals(1, 0);
    await intervals(2, 40); // failed try: back to 1, wait doubled
    await intervals(1 + 2 * layerPolicy.upAfter, 0); // up to 2 again
    await intervals(1 + layerPolicy.failedProbeWithin + 1, 0); // held: wait reset
    await intervals(2, 40); // down, not a failed try any more
    await intervals(1 + layerPolicy.upAfter, 0);
    expect(selected).toEqual([1, 2, 1, 2, 1, 2]);
    expect(picker.layers).toEqual([2, 1, 2, 1, 2, 1, 2]);
  });
});

describe('[NW12] random loss is not a reason for a smaller picture', () => {
  it('goes back up when the smaller layer loses as much, and then judges only loss above that level', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(1, 0);
    // 5 % random loss both ways: retransmissions recover it, the NACKs stay at ~18 % on any layer.
    await intervals(2, 1, 20, 18);
    expect(selected).toEqual([1]);
    await intervals(1, 1, 20, 18); // settling
    await intervals(layerPolicy.verifyIntervals, 1, 20, 18);
    expect(selected).toEqual([1, 2]);
    expect(picker.linkLoss?.lossPercent).toBe(1);
    expect(picker.linkLoss?.nackPercent).toBeCloseTo(18.2, 1);
    await intervals(20, 1, 20, 19);
    expect(selected).toEqual([1, 2]);
    expect(picker.layer).toBe(TOP_LAYER);
  });

  it('judges the cure by the sign that caused the step: fewer NACKs with as much loss is no cure', async () => {
    // As in the lab at 5 % random loss: the top layer lost 7 % after retransmissions and NACKed
    // 39 %, the smaller one NACKed 6 % but still lost 6 %.
    const { selected, intervals } = leg();
    await intervals(1, 0);
    await intervals(2, 7, 20, 39);
    expect(selected).toEqual([1]);
    await intervals(1, 7, 20, 39); // settling
    await intervals(layerPolicy.verifyIntervals, 6, 20, 6);
    expect(selected).toEqual([1, 2]);
  });

  it('a rate cap on top of random loss still steps down, and that step stays', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(1, 0);
    await intervals(3 + layerPolicy.verifyIntervals, 1, 20, 18); // learned: back on the top layer
    expect(selected).toEqual([1, 2]);
    await intervals(1, 1, 20, 18); // settling
    // The link shrinks: half the top layer's packets are asked for again.
    await intervals(2, 2, 20, 60);
    expect(selected).toEqual([1, 2, 1]);
    await intervals(1, 2, 20, 60);
    // Back at the link's own loss on the smaller layer: the step cured it and stays (until a probe).
    await intervals(layerPolicy.upAfter - 1, 1, 20, 18);
    expect(picker.layer).toBe(1);
  });

  it('forgets the link’s loss once it has gone, and judges in full again', async () => {
    const { picker, selected, intervals } = leg();
    await intervals(1, 0);
    await intervals(3 + layerPolicy.verifyIntervals, 1, 20, 18);
    await intervals(1, 0); // settling
    await intervals(layerPolicy.forgetRandomLossAfter, 0);
    expect(picker.linkLoss).toBeUndefined();
    await intervals(2, 0, 20, 18);
    expect(selected).toEqual([1, 2, 1]);
  });
});

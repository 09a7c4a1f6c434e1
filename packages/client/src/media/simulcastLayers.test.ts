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
  const selected: number[] = [];
  const picker = new SimulcastLayerPicker({
    sample: () =>
      Promise.resolve([
        { type: 'inbound-rtp', id: 'v', kind: 'video', packetsReceived: received, packetsLost: lost, framesDecoded: 0 },
      ]),
    select: (substream) => selected.push(substream),
    now: () => at,
  });
  /** `count` intervals at `lossPercent`. */
  const intervals = async (count: number, lossPercent: number) => {
    for (let i = 0; i < count; i += 1) {
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
    await intervals(2, 30);
    expect(selected).toEqual([1, 0]);
    expect(picker.layer).toBe(0);
    await intervals(4, 30);
    expect(picker.layer).toBe(0);
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
    const { selected, intervals } = leg();
    await intervals(3, 20); // down to 1
    await intervals(1 + layerPolicy.upAfter, 0); // up to 2
    await intervals(1, 0);
    await intervals(2, 40); // failed try: back to 1, wait doubled
    await intervals(1 + 2 * layerPolicy.upAfter, 0); // up to 2 again
    await intervals(1 + layerPolicy.failedProbeWithin + 1, 0); // held: wait reset
    await intervals(2, 40); // down, not a failed try any more
    await intervals(1 + layerPolicy.upAfter, 0);
    expect(selected).toEqual([1, 2, 1, 2, 1, 2]);
  });
});

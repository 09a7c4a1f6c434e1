import { describe, expect, it } from 'vitest';
import {
  decodeHistogramInto,
  encodeHistogram,
  factDelta,
  HistogramSum,
  wholeSeconds,
  type RollupFact,
} from './rollup.ts';

const fact = (over: Partial<RollupFact> = {}): RollupFact => ({
  linkId: 'l1',
  departmentId: 'd1',
  consultantId: '',
  mode: 'video',
  outcome: null,
  waitMs: null,
  handleMs: null,
  transfers: 0,
  disposition: null,
  ...over,
});

describe('report rollups', () => {
  it('[RP11] times count in whole seconds, truncated; a negative one counts as 0', () => {
    expect([wholeSeconds(12_999), wholeSeconds(13_000), wholeSeconds(-5)]).toEqual([12, 13, 0]);
  });

  it('[RP11] a histogram survives its encoding, long times (over 18 h) included', () => {
    const histogram = new Map([
      [0, 2],
      [127, 1],
      [128, 300],
      [200_000, 1],
    ]);
    const bytes = encodeHistogram(histogram);
    expect(bytes).not.toBeNull();
    const decoded = new Map<number, number>();
    if (bytes) decodeHistogramInto(bytes, decoded);
    expect(decoded).toEqual(histogram);
    expect(encodeHistogram(new Map())).toBeNull();
  });

  it('[RP4][RP11] sums of encoded histograms give nearest-rank percentiles, across the flat array and the map', () => {
    const sum = new HistogramSum();
    // Samples 10, 20, 30, 40 s: ranks ⌈0.5·4⌉ = 2 and ⌈0.9·4⌉ = 4.
    for (const s of [40, 10, 30, 20]) sum.addEncoded(encodeHistogram(new Map([[s, 1]])) ?? new Uint8Array());
    expect([...sum.nearestRanks([50, 90])]).toEqual([
      [50, 20_000],
      [90, 40_000],
    ]);
    const total = new HistogramSum();
    total.addSum(sum);
    total.addEncoded(encodeHistogram(new Map([[100_000, 5]])) ?? new Uint8Array());
    // Nine samples: rank 5 is the first of the five long ones, rank 9 the last.
    expect([...total.nearestRanks([50, 90])]).toEqual([
      [50, 100_000_000],
      [90, 100_000_000],
    ]);
    expect(new HistogramSum().nearestRanks([50]).size).toBe(0);
  });

  it('[RP10] a lifecycle step that changes no number changes no cell; a ring moves the request between consultants', () => {
    expect(factDelta(fact(), fact())).toEqual([]);
    const moved = factDelta(fact({ consultantId: 'a' }), fact({ consultantId: 'b' }));
    expect(moved.map(({ key, delta }) => [key.grain, key.consultantId, delta.counts.requests])).toEqual([
      [2, 'a', -1],
      [2, 'b', 1],
      [3, 'a', -1],
      [3, 'b', 1],
    ]);
    const answered = factDelta(fact(), fact({ outcome: 'answered', waitMs: 4_500 }));
    expect(answered).toHaveLength(4);
    expect(answered.every(({ delta }) => delta.counts.answered === 1 && delta.wait.get(4) === 1)).toBe(true);
  });
});

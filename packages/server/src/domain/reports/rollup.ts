/**
 * [RP10]–[RP12] Per-day report rollups, as pure data: what one conversation's fact row adds to
 * the rollup cells of its local day, how two such contributions differ (the delta a lifecycle
 * write applies), and the exact one-second histograms the percentiles are read from.
 */

/** The fact columns a rollup reads (storage's `conversation_facts` row, plain values). */
export interface RollupFact {
  linkId: string;
  /** '' when the request has no department. */
  departmentId: string;
  /** '' when nobody had it. */
  consultantId: string;
  mode: string | null;
  outcome: string | null;
  waitMs: number | null;
  handleMs: number | null;
  transfers: number;
  disposition: string | null;
}

/**
 * [RP10] Which dimensions a rollup row keeps apart: the department always ([RP9] scope), the
 * link and the consultant only at the grains that need them; a dimension rolled up is ''.
 */
export const GRAINS = [0, 1, 2, 3] as const;
export type Grain = (typeof GRAINS)[number];
const keepsLink = (grain: Grain): boolean => (grain & 1) === 1;
const keepsConsultant = (grain: Grain): boolean => (grain & 2) === 2;

/** The grain a report reads: the coarsest one that keeps every dimension it groups or filters by. */
export function grainFor(needsLink: boolean, needsConsultant: boolean): Grain {
  return ((needsLink ? 1 : 0) + (needsConsultant ? 2 : 0)) as Grain;
}

export const COUNT_NAMES = [
  'requests',
  'answered',
  'abandoned',
  'declined',
  'rangOut',
  'leftMessage',
  'video',
  'audio',
  'text',
  'transfers',
] as const;
export type CountName = (typeof COUNT_NAMES)[number];
export type Counts = Record<CountName, number>;

/** A sparse histogram: whole seconds → how many samples. */
export type Histogram = Map<number, number>;

/** One rollup cell's content (its key is kept beside it). */
export interface RollupCell {
  counts: Counts;
  wait: Histogram;
  handle: Histogram;
  dispositions: Map<string, number>;
}

/** Where a cell lives, except the day and hour, which come from the queue time and the zone. */
export interface RollupKey {
  grain: Grain;
  departmentId: string;
  linkId: string;
  consultantId: string;
}

export function emptyCell(): RollupCell {
  const counts = Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as Counts;
  return { counts, wait: new Map(), handle: new Map(), dispositions: new Map() };
}

/**
 * [RP11] Times go into the histograms in whole seconds, truncated (a negative time, from a clock
 * step, counts as 0): nearest-rank percentiles are exact at one-second resolution.
 */
export function wholeSeconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}

export function keyOf(fact: RollupFact, grain: Grain): RollupKey {
  return {
    grain,
    departmentId: fact.departmentId,
    linkId: keepsLink(grain) ? fact.linkId : '',
    consultantId: keepsConsultant(grain) ? fact.consultantId : '',
  };
}

export function keyText(key: RollupKey): string {
  return `${key.grain}\u0000${key.departmentId}\u0000${key.linkId}\u0000${key.consultantId}`;
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const value = (map.get(key) ?? 0) + by;
  if (value === 0) map.delete(key);
  else map.set(key, value);
}

/** [RP3][RP4] Adds `sign` (+1 or −1) times one fact row's contribution to a cell. */
export function addFact(cell: RollupCell, fact: RollupFact, sign: 1 | -1): void {
  const { counts } = cell;
  counts.requests += sign;
  if (fact.outcome === 'answered') counts.answered += sign;
  else if (fact.outcome === 'abandoned') counts.abandoned += sign;
  else if (fact.outcome === 'declined') counts.declined += sign;
  else if (fact.outcome === 'rang_out') counts.rangOut += sign;
  else if (fact.outcome === 'left_message') counts.leftMessage += sign;
  if (fact.mode === 'video') counts.video += sign;
  else if (fact.mode === 'audio') counts.audio += sign;
  else if (fact.mode === 'text') counts.text += sign;
  counts.transfers += sign * fact.transfers;
  if (fact.waitMs !== null) bump(cell.wait, wholeSeconds(fact.waitMs), sign);
  if (fact.handleMs !== null) bump(cell.handle, wholeSeconds(fact.handleMs), sign);
  if (fact.disposition !== null) bump(cell.dispositions, fact.disposition, sign);
}

/** Adds every count, sample and disposition of `from` into `into`. */
export function mergeCell(into: RollupCell, from: RollupCell): void {
  for (const name of COUNT_NAMES) into.counts[name] += from.counts[name];
  for (const [s, n] of from.wait) bump(into.wait, s, n);
  for (const [s, n] of from.handle) bump(into.handle, s, n);
  for (const [code, n] of from.dispositions) bump(into.dispositions, code, n);
}

export function isEmptyCell(cell: RollupCell): boolean {
  return (
    COUNT_NAMES.every((name) => cell.counts[name] === 0) &&
    cell.wait.size === 0 &&
    cell.handle.size === 0 &&
    cell.dispositions.size === 0
  );
}

/**
 * [RP10] What a fact write changes in its day's cells: the old row's contribution taken out, the
 * new one's put in, per grain; cells left unchanged are dropped (most lifecycle steps change no
 * number, only a ring moves the request between consultants).
 */
export function factDelta(before: RollupFact | undefined, after: RollupFact): { key: RollupKey; delta: RollupCell }[] {
  const cells = new Map<string, { key: RollupKey; delta: RollupCell }>();
  const apply = (fact: RollupFact, sign: 1 | -1): void => {
    for (const grain of GRAINS) {
      const key = keyOf(fact, grain);
      const text = keyText(key);
      let cell = cells.get(text);
      if (!cell) cells.set(text, (cell = { key, delta: emptyCell() }));
      addFact(cell.delta, fact, sign);
    }
  };
  if (before) apply(before, -1);
  apply(after, 1);
  return [...cells.entries()]
    .filter(([, cell]) => !isEmptyCell(cell.delta))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, cell]) => cell);
}

/**
 * A histogram as bytes: its seconds ascending, each as unsigned LEB128 varints of the gap from
 * the previous second and of its count. A day's waits of one department take a few hundred bytes.
 */
export function encodeHistogram(histogram: Histogram): Uint8Array | null {
  const seconds = [...histogram.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  if (seconds.length === 0) return null;
  const bytes: number[] = [];
  const varint = (value: number): void => {
    let v = value;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
  };
  let previous = 0;
  for (const [s, n] of seconds) {
    varint(s - previous);
    varint(n);
    previous = s;
  }
  return Uint8Array.from(bytes);
}

/** Adds the samples of an {@link encodeHistogram} encoding into `into`. */
export function decodeHistogramInto(bytes: Uint8Array, into: Histogram): void {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++] ?? 0;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  let second = 0;
  while (at < bytes.length) {
    second += varint();
    const count = varint();
    into.set(second, (into.get(second) ?? 0) + count);
  }
}

/** Seconds kept in a flat array by {@link HistogramSum}; longer times (over 18 h) go to a map. */
const DENSE_SECONDS = 65_536;

/**
 * [RP4][RP11] A sum of many encoded histograms, for a report's merge: counts of the first 18
 * hours in a flat array that grows as needed (a year of a group's rows adds up in a few ms), the
 * rare longer times in a map.
 */
export class HistogramSum {
  private dense = new Float64Array(256);
  private readonly sparse: Histogram = new Map();

  private grow(second: number): void {
    let size = this.dense.length;
    while (size <= second) size *= 2;
    const larger = new Float64Array(Math.min(size, DENSE_SECONDS));
    larger.set(this.dense);
    this.dense = larger;
  }

  private addOne(second: number, count: number): void {
    if (second < this.dense.length) this.dense[second] = (this.dense[second] ?? 0) + count;
    else if (second < DENSE_SECONDS) {
      this.grow(second);
      this.dense[second] = (this.dense[second] ?? 0) + count;
    } else this.sparse.set(second, (this.sparse.get(second) ?? 0) + count);
  }

  /** Adds an {@link encodeHistogram} encoding (varints read inline: this is the report's hot loop). */
  addEncoded(bytes: Uint8Array): void {
    let at = 0;
    let second = 0;
    const end = bytes.length;
    while (at < end) {
      let gap = 0;
      let scale = 1;
      let byte = 0x80;
      while (byte >= 0x80) {
        byte = bytes[at++] ?? 0;
        gap += (byte & 0x7f) * scale;
        scale *= 0x80;
      }
      let count = 0;
      scale = 1;
      byte = 0x80;
      while (byte >= 0x80) {
        byte = bytes[at++] ?? 0;
        count += (byte & 0x7f) * scale;
        scale *= 0x80;
      }
      second += gap;
      this.addOne(second, count);
    }
  }

  addSum(other: HistogramSum): void {
    if (other.dense.length > this.dense.length) this.grow(other.dense.length - 1);
    const dense = this.dense;
    other.dense.forEach((count, second) => {
      if (count !== 0) dense[second] = (dense[second] ?? 0) + count;
    });
    for (const [second, count] of other.sparse) this.addOne(second, count);
  }

  /**
   * [RP4][RP11] Nearest-rank percentiles: the sample at rank ⌈p·n/100⌉ of the n samples in order,
   * in ms (whole seconds × 1000); no sample, none.
   */
  nearestRanks(percentiles: readonly number[]): Map<number, number> {
    let n = 0;
    for (const count of this.dense) n += count;
    for (const count of this.sparse.values()) n += count;
    const found = new Map<number, number>();
    if (n === 0) return found;
    const wanted = percentiles.map((p) => ({ p, rank: Math.max(1, Math.ceil((n * p) / 100)) }));
    let seen = 0;
    const visit = (second: number, count: number): boolean => {
      seen += count;
      for (const { p, rank } of wanted) if (!found.has(p) && seen >= rank) found.set(p, second * 1000);
      return found.size === wanted.length;
    };
    for (let second = 0; second < this.dense.length; second++) {
      const count = this.dense[second] ?? 0;
      if (count !== 0 && visit(second, count)) return found;
    }
    for (const second of [...this.sparse.keys()].sort((a, b) => a - b))
      if (visit(second, this.sparse.get(second) ?? 0)) return found;
    return found;
  }
}

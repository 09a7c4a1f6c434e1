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
 * [RP4][RP11] Nearest-rank percentiles of a histogram: the sample at rank ⌈p·n/100⌉ of the n
 * samples in order, in ms (whole seconds × 1000); an empty histogram has none.
 */
export function nearestRanks(histogram: Histogram, percentiles: readonly number[]): Map<number, number> {
  const found = new Map<number, number>();
  let n = 0;
  for (const count of histogram.values()) n += count;
  if (n === 0) return found;
  const seconds = [...histogram.keys()].sort((a, b) => a - b);
  const wanted = percentiles.map((p) => ({ p, rank: Math.max(1, Math.ceil((n * p) / 100)) }));
  let seen = 0;
  for (const s of seconds) {
    seen += histogram.get(s) ?? 0;
    for (const { p, rank } of wanted) if (!found.has(p) && seen >= rank) found.set(p, s * 1000);
    if (found.size === wanted.length) break;
  }
  return found;
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

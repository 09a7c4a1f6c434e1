/**
 * [NW9] The delay and jitter of a long or busy path, for the network lab (this kernel has no
 * netem): each datagram is held for `delayMs` ± up to `jitterMs` (uniform) and then delivered.
 * Without `reorder` a datagram never overtakes one sent before it — jitter as a path's queues make
 * it (a later datagram that drew a shorter delay waits for the earlier one); with `reorder` each is
 * released at its own time, as netem does. No sleeping inside: the clock and timer are injected.
 */
export interface DelayClock {
  now(): number;
  setTimer(fire: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

export interface DelayLineOptions {
  delayMs: number;
  jitterMs: number;
  reorder?: boolean;
  /** Uniform in [0, 1): Math.random unless a test fixes it. */
  random?: () => number;
}

export const systemDelayClock: DelayClock = {
  now: () => performance.now(),
  setTimer: (fire, ms) => setTimeout(fire, ms),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export class DelayLine<T> {
  /** Held datagrams, ordered by release time (equal times keep their arrival order). */
  private readonly held: { at: number; item: T }[] = [];
  private lastRelease = Number.NEGATIVE_INFINITY;
  private timer: { handle: unknown; at: number } | undefined;
  private readonly random: () => number;

  constructor(
    private readonly options: DelayLineOptions,
    private readonly deliver: (item: T) => void,
    private readonly clock: DelayClock = systemDelayClock,
  ) {
    if (options.delayMs < 0 || options.jitterMs < 0) throw new RangeError('delay and jitter must not be negative');
    this.random = options.random ?? Math.random;
  }

  /** Takes one datagram; returns when (on the clock) it will be delivered. */
  push(item: T): number {
    const { delayMs, jitterMs, reorder } = this.options;
    const drawn = delayMs + (this.random() * 2 - 1) * jitterMs;
    let at = this.clock.now() + Math.max(0, drawn);
    if (!reorder) at = Math.max(at, this.lastRelease);
    this.lastRelease = Math.max(this.lastRelease, at);
    let index = this.held.length;
    while (index > 0 && this.held[index - 1]!.at > at) index -= 1;
    this.held.splice(index, 0, { at, item });
    this.arm();
    return at;
  }

  /** How many datagrams are held now. */
  get size(): number {
    return this.held.length;
  }

  /** Drops everything held (the relay is closing). */
  close(): void {
    if (this.timer) this.clock.clearTimer(this.timer.handle);
    this.timer = undefined;
    this.held.length = 0;
  }

  /** One timer, for the earliest held datagram. */
  private arm(): void {
    const head = this.held[0];
    if (!head) return;
    if (this.timer && this.timer.at <= head.at) return;
    if (this.timer) this.clock.clearTimer(this.timer.handle);
    const handle = this.clock.setTimer(() => this.release(), Math.max(0, head.at - this.clock.now()));
    this.timer = { handle, at: head.at };
  }

  private release(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.held.length > 0 && this.held[0]!.at <= now) this.deliver(this.held.shift()!.item);
    this.arm();
  }
}

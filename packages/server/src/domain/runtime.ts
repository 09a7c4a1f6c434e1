import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Time, timers and ids are injected everywhere so that queue, ring and grace-period rules
 * are tested with a fake clock instead of sleeps.
 */
export interface Clock {
  now(): number;
}

export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Runs `fn` once the input already received has been handled (group commit, [M4]). */
  soon(fn: () => void): void;
}

export interface IdGenerator {
  /** A unique id with a readable prefix, e.g. `conv_0mhx2…`: time-ordered, then random. */
  next(prefix: string): string;
  /** An unguessable secret (resume tokens, session tokens). */
  secret(): string;
}

export interface Runtime {
  clock: Clock;
  timers: Timers;
  ids: IdGenerator;
}

/** Random bytes for ids, drawn from the CSPRNG in blocks: one system call per 455 ids, not per id. */
const ID_BYTES = 9;
const idPool = Buffer.alloc(ID_BYTES * 455);
let idOffset = idPool.length;

function randomIdPart(): string {
  if (idOffset === idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  idOffset += ID_BYTES;
  return idPool.toString('base64url', idOffset - ID_BYTES, idOffset);
}

/**
 * Ids start with the time (fixed-width base36 ms), so rows inserted together sit next to each
 * other in every index on `id`: a batch of chat messages then touches one B-tree page, not one
 * random page per message — on this kind of disk, page writes are most of a commit's cost ([M4]).
 */
function timeOrderedId(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomIdPart()}`;
}

export const systemRuntime: Runtime = {
  clock: { now: () => Date.now() },
  timers: {
    setTimeout(fn, ms) {
      const handle = setTimeout(fn, ms);
      // Pending grace or ring timers must not keep a shutting-down process alive.
      handle.unref();
      return { cancel: () => clearTimeout(handle) };
    },
    soon: (fn) => setImmediate(fn),
  },
  ids: {
    next: timeOrderedId,
    secret: () => randomBytes(32).toString('base64url'),
  },
};

/** A manual clock and timer queue for tests: time moves only when `advance` is called. */
export class FakeRuntime implements Runtime {
  private time: number;
  private counter = 0;
  private pending: { at: number; fn: () => void; seq: number; cancelled: boolean }[] = [];
  private readonly scheduledWaiters: (() => void)[] = [];

  /** Resolves when the next timer is scheduled: lets a test wait for the server to react. */
  nextScheduled(): Promise<void> {
    return new Promise((resolve) => this.scheduledWaiters.push(resolve));
  }

  /**
   * @param after a runtime this one follows, as a restarted process follows the one before: its
   *   ids carry on from there, as real ids never repeat across restarts.
   */
  constructor(start = 1_700_000_000_000, after?: FakeRuntime) {
    this.time = start;
    this.counter = after?.counter ?? 0;
  }

  readonly clock: Clock = { now: () => this.time };

  readonly timers: Timers = {
    setTimeout: (fn, ms) => {
      const entry = { at: this.time + ms, fn, seq: this.counter++, cancelled: false };
      this.pending.push(entry);
      for (const waiter of this.scheduledWaiters.splice(0)) waiter();
      return {
        cancel: () => {
          entry.cancelled = true;
        },
      };
    },
    // Not a timer: it takes no clock time, it only lets the commands already queued run first.
    soon: (fn) => setImmediate(fn),
  };

  readonly ids: IdGenerator = {
    next: (prefix) => `${prefix}_${(this.counter++).toString(36).padStart(6, '0')}`,
    secret: () => `secret_${(this.counter++).toString(36).padStart(24, '0')}`,
  };

  /** Moves time forward, firing due timers in order (timers may schedule more timers). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.pending
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.time = due.at;
      due.cancelled = true;
      due.fn();
    }
    this.pending = this.pending.filter((t) => !t.cancelled);
    this.time = target;
  }

  get pendingTimers(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }
}

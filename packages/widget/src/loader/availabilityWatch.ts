/**
 * [EA8] Keeps the button's availability dot true without polling the server every second: after
 * the first read the status is checked again after `firstDelayMs`, then at doubling intervals
 * while nothing changes (and after failures), up to `maxDelayMs`; a change starts again from the
 * shortest interval. A hidden tab is not polled at all: it checks once when it is shown again if a
 * check fell due meanwhile. While the panel is open the visitor app pushes changes it hears on its
 * WebSocket (`push`), which also restarts the short interval.
 */
export interface AvailabilityWatchOptions {
  /** Reads the link's availability; null when the read failed. */
  check: () => Promise<boolean | null>;
  onChange: (available: boolean) => void;
  isVisible: () => boolean;
  /** Called with a function to run whenever the page becomes visible again. */
  onVisible: (run: () => void) => void;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export interface AvailabilityWatch {
  /** A value heard from elsewhere (the visitor app's WebSocket). */
  push: (available: boolean) => void;
  stop: () => void;
}

export const FIRST_DELAY_MS = 15_000;
export const MAX_DELAY_MS = 300_000;

export function watchAvailability(initial: boolean, options: AvailabilityWatchOptions): AvailabilityWatch {
  const first = options.firstDelayMs ?? FIRST_DELAY_MS;
  const max = options.maxDelayMs ?? MAX_DELAY_MS;
  let current = initial;
  let delay = first;
  let timer: unknown;
  let due = false;
  let stopped = false;

  const schedule = (): void => {
    options.clearTimer(timer);
    if (!stopped) timer = options.setTimer(tick, delay);
  };
  const apply = (available: boolean): void => {
    if (available === current) return;
    current = available;
    delay = first;
    options.onChange(available);
  };
  function tick(): void {
    if (!options.isVisible()) {
      // A background tab costs nothing: one check when the visitor comes back.
      due = true;
      return;
    }
    due = false;
    void options.check().then(
      (available) => {
        if (stopped) return;
        const before = current;
        if (available !== null) apply(available);
        if (available === null || available === before) delay = Math.min(delay * 2, max);
        schedule();
      },
      () => {
        delay = Math.min(delay * 2, max);
        schedule();
      },
    );
  }
  options.onVisible(() => {
    if (due && !stopped) tick();
  });
  schedule();
  return {
    push: (available) => {
      apply(available);
      schedule();
    },
    stop: () => {
      stopped = true;
      options.clearTimer(timer);
    },
  };
}

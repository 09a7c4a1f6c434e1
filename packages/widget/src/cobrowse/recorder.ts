/**
 * The co-browsing chunk: loaded by the loader only when the visitor agrees to share the page
 * ([CB1]), never before, so the loader stays small. It records the embedding page with rrweb and
 * hands batches of events to the loader, which posts them to the visitor app (and so over the
 * conversation's socket to the consultant). It draws, on the page, the frame and badge that say
 * the page is shared ([CB1]) and the consultant's pointer and highlight ([CB5]).
 *
 * [CB3] Privacy: every input, textarea and select value is masked (rrweb `maskAllInputs`, which
 * no option here can turn off, so password and payment fields are never unmasked); elements
 * marked `data-parley-private`, and those of the tenant's selector, are replaced by an empty box
 * of the same size; scripts and comments are not recorded at all.
 */
import { record } from 'rrweb';
import { guideLayer, type GuideLayer } from './overlay.ts';
import { actionTarget, perform, type ControlSignal } from './control.ts';

export interface CobrowseLabels {
  /** "You are sharing this page with Dana". */
  sharing: string;
  stop: string;
  /** The consultant's name, on their pointer. */
  pointer: string;
}

export interface CobrowseOptions {
  /** A batch of rrweb events, in order. */
  emit(events: unknown[]): void;
  /** The visitor pressed Stop on the page's badge. */
  onStop(): void;
  labels: CobrowseLabels;
  /** The tenant's own selector of private elements (optional), added to `[data-parley-private]`. */
  privateSelector?: string;
  /** How long events are collected before a batch goes (fewer frames, a little more delay). */
  batchMs?: number;
}

/**
 * What the consultant may ask of the page while it is shared ([CB5]), and [CB8] control: the
 * visitor app's grant (with the badge's text) and the consultant's clicks and typing.
 */
export type GuideSignal =
  | { kind: 'pointer'; x: number; y: number }
  | { kind: 'pointer-off' }
  | { kind: 'highlight'; node: number }
  | { kind: 'scroll'; node: number }
  | { kind: 'control'; granted: boolean; label?: string }
  | ControlSignal;

export interface CobrowseSession {
  /** False when the page refused a click or typing ([CB8]). */
  guide(signal: GuideSignal): boolean;
  stop(): void;
}

/** Always private: marked by the page, and Parley's own elements (the widget and this overlay). */
export const PRIVATE_SELECTOR = '[data-parley-private], [data-parley], [data-parley-cobrowse]';

/** The block selector: Parley's own, and the tenant's if it is a valid selector. */
export function blockSelectorFor(tenant: string | undefined, matches: (selector: string) => void): string {
  if (!tenant?.trim()) return PRIVATE_SELECTOR;
  try {
    matches(tenant); // throws on a selector the browser cannot parse
    return `${PRIVATE_SELECTOR}, ${tenant}`;
  } catch {
    return PRIVATE_SELECTOR; // a broken tenant selector must not stop the built-in privacy
  }
}

export function startCobrowse(options: CobrowseOptions): CobrowseSession {
  const batchMs = options.batchMs ?? 50;
  let batch: unknown[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let queued = false;
  let lastFlush = -Infinity;
  const flush = (): void => {
    timer = undefined;
    queued = false;
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    lastFlush = performance.now();
    options.emit(events);
  };
  /**
   * [CB2] A change after a quiet spell goes at once (at the end of the task that made it, so one
   * change's events still travel together); while changes keep coming, at most one batch goes
   * every `batchMs`. Waiting out a fixed 50 ms on every change cost that much delay each time.
   */
  const schedule = (): void => {
    if (queued || timer !== undefined) return;
    const wait = lastFlush + batchMs - performance.now();
    if (wait > 0) timer = setTimeout(flush, wait);
    else {
      queued = true;
      queueMicrotask(flush);
    }
  };
  const layer: GuideLayer = guideLayer(options.labels, () => options.onStop());
  const blockSelector = blockSelectorFor(options.privateSelector, (s) => document.querySelector(s));
  /** [CB8] Granted by the visitor in the app, for this sharing of this page only. */
  let controlGranted = false;
  const stopRecording = record({
    emit(event) {
      batch.push(event);
      schedule();
    },
    maskAllInputs: true,
    blockSelector,
    // Scripts never reach the consultant (the replay would not run them either, [CB4]).
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaSocial: true },
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    // Every input event (masked) goes at once: 'last' would hold a value back until the next one.
    sampling: { mousemove: 50, scroll: 100 },
  });
  return {
    guide(signal) {
      if (signal.kind === 'pointer') layer.pointer(signal.x, signal.y);
      else if (signal.kind === 'pointer-off') layer.pointerOff();
      else if (signal.kind === 'control') {
        controlGranted = signal.granted;
        layer.control(signal.granted ? (signal.label ?? '') : null);
      } else if (signal.kind === 'click' || signal.kind === 'type') {
        return controlGranted && perform(actionTarget(record.mirror.getNode(signal.node), blockSelector), signal);
      } else {
        const node = record.mirror.getNode(signal.node);
        const element = node instanceof Element ? node : node?.parentElement;
        // Private elements are not in the consultant's copy, so they cannot be pointed at.
        if (!element || element.closest(PRIVATE_SELECTOR)) return true;
        if (signal.kind === 'highlight') layer.highlight(element);
        else element.scrollIntoView({ behavior: 'smooth', block: 'center' });
      }
      return true;
    },
    stop() {
      stopRecording?.();
      if (timer !== undefined) clearTimeout(timer);
      flush();
      layer.remove();
    },
  };
}

// The ES5 loader adds this module as a script and cannot import it ([OB1]): it takes the entry
// point from this event (loader/cobrowseBridge.ts, `COBROWSE_CHUNK_READY`).
document.dispatchEvent(new CustomEvent('parley:cobrowse-chunk', { detail: { startCobrowse } }));

/**
 * [CB4] The co-browsing replay, in its own document framed by the console. Its CSP (set by the
 * server for /console/replay.html) admits the replayed page's inline styles — the console's own
 * CSP stays strict — but no script but this one and no image, font or connection to any other
 * origin, so the replay loads nothing from the visitor's site and the consultant's session leaks
 * nowhere. rrweb rebuilds the page in an iframe sandboxed with `allow-same-origin` only (no
 * `allow-scripts`), turning the page's scripts into inert `noscript` elements: nothing of the
 * visitor's page runs here, whatever a (possibly crafted) recording contains.
 *
 * The console posts batches of rrweb events here; this document posts back the consultant's
 * guidance ([CB5]): pointer moves, a click (highlight) and a double-click (scroll to). [CB8] While
 * the consultant acts for the visitor, a click on a field chooses it for typing and a click on
 * anything else clicks it on the visitor's page (which decides what it accepts).
 */
import { Replayer, EventType, type eventWithTime } from 'rrweb';
import 'rrweb/dist/style.css';
import './replay.css';
import { LiveClock } from './liveClock.ts';

/** Pointer positions sent at most this often (the socket's message rate is shared). */
const POINTER_EVERY_MS = 100;

const root = document.getElementById('replay') as HTMLElement;
let replayer: Replayer | undefined;
let scale = 1;
let lastPointer = 0;
/** [CB8] The consultant acts for the visitor (the visitor granted control and the switch is on). */
let acting = false;

function toParent(message: object): void {
  window.parent.postMessage(message, location.origin);
}

function fit(width: number, height: number): void {
  if (!replayer) return;
  scale = Math.min(1, root.clientWidth / width, root.clientHeight / height) || 1;
  replayer.wrapper.style.transform = `scale(${scale})`;
}

/** Where a mouse event over the (scaled) replay falls on the visitor's page, in its CSS pixels. */
function pagePoint(event: MouseEvent): { x: number; y: number } | null {
  if (!replayer) return null;
  const r = replayer.wrapper.getBoundingClientRect();
  return { x: Math.round((event.clientX - r.left) / scale), y: Math.round((event.clientY - r.top) / scale) };
}

function elementAt(event: MouseEvent): Element | null {
  const point = pagePoint(event);
  const doc = replayer?.iframe.contentDocument;
  if (!point || !doc) return null;
  return doc.elementFromPoint(point.x, point.y);
}

function nodeOf(target: Element | null): number | null {
  const id = target && replayer ? replayer.getMirror().getId(target) : -1;
  return id > 0 ? id : null;
}

const nodeAt = (event: MouseEvent): number | null => nodeOf(elementAt(event));

/** [CB8] Fields are typed into; anything else is clicked. */
function act(event: MouseEvent): void {
  const target = elementAt(event);
  const node = nodeOf(target);
  if (node === null || !target) return;
  const tag = target.tagName.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select') toParent({ parley: 'replay-field', node });
  else toParent({ parley: 'replay-guide', signal: { kind: 'click', node } });
}

/** A transparent surface over the replay takes the consultant's mouse: the replayed page gets none. */
function guideSurface(wrapper: HTMLElement): void {
  const s = document.createElement('div');
  s.className = 'guide-surface';
  s.addEventListener('mousemove', (event) => {
    const now = performance.now();
    if (now - lastPointer < POINTER_EVERY_MS) return;
    lastPointer = now;
    const point = pagePoint(event);
    if (point) toParent({ parley: 'replay-guide', signal: { kind: 'pointer', ...point } });
  });
  s.addEventListener('mouseleave', () => toParent({ parley: 'replay-guide', signal: { kind: 'pointer-off' } }));
  s.addEventListener('click', (event) => {
    if (acting) {
      act(event);
      return;
    }
    const node = nodeAt(event);
    if (node !== null) toParent({ parley: 'replay-guide', signal: { kind: 'highlight', node } });
  });
  s.addEventListener('dblclick', (event) => {
    const node = nodeAt(event);
    if (node !== null) toParent({ parley: 'replay-guide', signal: { kind: 'scroll', node } });
  });
  wrapper.append(s);
}

function reset(): void {
  replayer?.destroy();
  replayer = undefined;
  root.replaceChildren();
}

const clock = new LiveClock();
function addBatch(batch: eventWithTime[]): void {
  let events = batch;
  if (!replayer) {
    // A replay starts at a page's beginning: its meta or full snapshot (later batches of an
    // earlier sharing, still in flight, are dropped).
    const from = events.findIndex((e) => e.type === EventType.Meta || e.type === EventType.FullSnapshot);
    if (from < 0) return;
    events = events.slice(from);
    replayer = new Replayer([], { root, liveMode: true, mouseTail: false, showWarning: false });
    replayer.on('resize', (size) => {
      const { width, height } = size as { width: number; height: number };
      fit(width, height);
    });
    // Read the clock after building the replayer, which itself takes a while (≈ 200 ms here).
    replayer.startLive(clock.start(Date.now()));
    guideSurface(replayer.wrapper);
  }
  const live = replayer;
  const placed = clock.place(
    events.map((e) => e.timestamp),
    Date.now(),
  );
  events.forEach((event, i) => live.addEvent({ ...event, timestamp: placed[i] ?? event.timestamp }));
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== location.origin || event.source !== window.parent) return;
  const data = event.data as { parley?: unknown; events?: unknown } | null;
  if (data?.parley === 'replay-reset') reset();
  else if (data?.parley === 'replay-mode') acting = (data as { acting?: unknown }).acting === true;
  else if (data?.parley === 'replay-events' && Array.isArray(data.events)) {
    // Shape only: the replay library itself copes with (and the sandbox contains) the rest.
    const events = (data.events as unknown[]).filter(
      (e): e is eventWithTime =>
        e !== null && typeof e === 'object' && typeof (e as { timestamp?: unknown }).timestamp === 'number',
    );
    addBatch(events);
  }
});
window.addEventListener('resize', () => {
  const iframe = replayer?.iframe;
  if (iframe) fit(Number(iframe.width) || iframe.clientWidth, Number(iframe.height) || iframe.clientHeight);
});
toParent({ parley: 'replay-ready' });

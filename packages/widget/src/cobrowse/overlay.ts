import { adoptStyles } from '../loader/shadowStyles.ts';
import type { CobrowseLabels } from './recorder.ts';

/**
 * [CB1][CB5] What co-browsing draws on the visitor's page, in a Shadow DOM the page's CSS cannot
 * reach and rrweb does not record (`data-parley-cobrowse`): a frame around the page with a badge
 * and Stop button while it is shared, the consultant's labelled pointer, and a highlight box.
 */
const STYLES = `
:host{all:initial}
.frame{position:fixed;inset:0;border:4px solid #f59e0b;pointer-events:none;z-index:2147483645}
.badge{position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:2147483647;display:flex;gap:10px;
 align-items:center;padding:6px 8px 6px 14px;border-radius:999px;background:#92400e;color:#fff;
 font:600 14px/1.2 system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.badge button{border:0;border-radius:999px;padding:6px 12px;background:#fff;color:#92400e;font:inherit;cursor:pointer}
.badge button:focus-visible{outline:3px solid #fde68a;outline-offset:2px}
.pointer{position:fixed;z-index:2147483646;pointer-events:none;display:none;transition:left .08s linear,top .08s linear}
.pointer svg{display:block}
.pointer span{display:inline-block;margin:2px 0 0 14px;padding:2px 8px;border-radius:6px;background:#7c3aed;color:#fff;
 font:600 12px/1.4 system-ui,sans-serif;white-space:nowrap}
.control{position:fixed;top:52px;left:50%;transform:translateX(-50%);z-index:2147483647;padding:6px 14px;
 border-radius:999px;background:#5b21b6;color:#fff;font:600 14px/1.2 system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.highlight{position:fixed;z-index:2147483644;pointer-events:none;border:3px solid #7c3aed;border-radius:6px;
 box-shadow:0 0 0 4000px rgba(124,58,237,.08),0 0 18px rgba(124,58,237,.6)}
`;

const HIGHLIGHT_MS = 4000;

export interface GuideLayer {
  pointer(x: number, y: number): void;
  pointerOff(): void;
  highlight(element: Element): void;
  /** [CB8] "Dana can click and type on this page" while control is granted (null: not granted). */
  control(label: string | null): void;
  remove(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  testId: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  e.setAttribute('data-testid', testId);
  return e;
}

/** Built node by node: a page enforcing Trusted Types refuses innerHTML. */
function arrow(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ width: '20', height: '20', viewBox: '0 0 20 20' })) svg.setAttribute(k, v);
  const path = document.createElementNS(ns, 'path');
  const attributes = { d: 'M2 2l6 16 2-7 7-2z', fill: '#7c3aed', stroke: '#fff', 'stroke-width': '1.5' };
  for (const [k, v] of Object.entries(attributes)) path.setAttribute(k, v);
  svg.append(path);
  return svg;
}

export function guideLayer(labels: CobrowseLabels, onStop: () => void): GuideLayer {
  const host = document.createElement('div');
  host.setAttribute('data-parley-cobrowse', '');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, STYLES);
  const frame = el('div', 'frame', 'cobrowse-frame');
  const badge = el('div', 'badge', 'cobrowse-badge');
  badge.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.textContent = labels.sharing;
  const stop = el('button', '', 'cobrowse-stop');
  stop.type = 'button';
  stop.textContent = labels.stop;
  stop.addEventListener('click', onStop);
  badge.append(text, stop);
  const pointer = el('div', 'pointer', 'cobrowse-pointer');
  pointer.setAttribute('aria-hidden', 'true');
  pointer.append(arrow());
  const name = document.createElement('span');
  name.textContent = labels.pointer;
  pointer.append(name);
  const controlBadge = el('div', 'control', 'cobrowse-control-badge');
  controlBadge.setAttribute('role', 'status');
  controlBadge.hidden = true;
  root.append(frame, badge, pointer, controlBadge);
  document.documentElement.append(host);

  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  let box: HTMLElement | undefined;
  let follow: (() => void) | undefined;
  const clearHighlight = (): void => {
    box?.remove();
    box = undefined;
    if (follow) window.removeEventListener('scroll', follow, true);
    follow = undefined;
    if (highlightTimer !== undefined) clearTimeout(highlightTimer);
  };

  return {
    pointer(x, y) {
      pointer.style.display = 'block';
      pointer.style.left = `${x}px`;
      pointer.style.top = `${y}px`;
    },
    pointerOff() {
      pointer.style.display = 'none';
    },
    highlight(element) {
      clearHighlight();
      const shown = el('div', 'highlight', 'cobrowse-highlight');
      const place = (): void => {
        const r = element.getBoundingClientRect();
        Object.assign(shown.style, {
          left: `${r.left - 4}px`,
          top: `${r.top - 4}px`,
          width: `${r.width + 8}px`,
          height: `${r.height + 8}px`,
        });
      };
      place();
      follow = place;
      window.addEventListener('scroll', follow, true);
      root.append(shown);
      box = shown;
      highlightTimer = setTimeout(clearHighlight, HIGHLIGHT_MS);
    },
    control(label) {
      controlBadge.hidden = label === null;
      controlBadge.textContent = label ?? '';
    },
    remove() {
      clearHighlight();
      host.remove();
    },
  };
}

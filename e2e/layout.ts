import { expect, type Frame, type Page } from '@playwright/test';

/** One control that is not usable where it is drawn. */
export interface LayoutProblem {
  control: string;
  problem: string;
  scrollTop: number;
}

/**
 * [UI1] Walks the page's scrolling column from top to bottom and, at each step, checks every
 * visible control (button, select, input, textarea, mode choice) whose box lies inside the visible
 * area: the element at its centre must be the control or inside it (nothing drawn over it), and it
 * must be at least 20 px tall. Every control must be fully in view at some scroll position (none is
 * cut off for good). Returns the problems found, empty when the layout is sound.
 */
export async function layoutProblems(target: Page | Frame): Promise<LayoutProblem[]> {
  return target.evaluate(async () => {
    const problems: { control: string; problem: string; scrollTop: number }[] = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

    const describe = (el: Element): string => {
      const id = el.getAttribute('data-testid');
      const text = el.textContent.trim().slice(0, 30);
      return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${text ? ` "${text}"` : ''}`;
    };
    const isShown = (el: Element): boolean => {
      // A closed menu's items are not drawn, whatever their boxes say (its summary is).
      if (el.closest('details:not([open])') && !el.matches('summary')) return false;
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    /** A visually hidden input (a radio styled by its label) is the label the visitor sees and clicks. */
    const controls = (): Element[] => {
      const found = new Set<Element>();
      for (const el of document.querySelectorAll('button, select, input, textarea')) {
        const shown = getComputedStyle(el).opacity === '0' ? el.closest('label') : el;
        if (shown && isShown(shown)) found.add(shown);
      }
      return [...found];
    };
    /** The visible part of the viewport around `el`: the window clipped by every scrolling ancestor. */
    const visibleArea = (el: Element) => {
      let top = 0;
      let left = 0;
      let bottom = window.innerHeight;
      let right = window.innerWidth;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowY === 'visible' && style.overflowX === 'visible') continue;
        const r = a.getBoundingClientRect();
        top = Math.max(top, r.top + a.clientTop);
        left = Math.max(left, r.left + a.clientLeft);
        bottom = Math.min(bottom, r.top + a.clientTop + a.clientHeight);
        right = Math.min(right, r.left + a.clientLeft + a.clientWidth);
      }
      return { top, left, bottom, right };
    };
    const scrollers = [document.scrollingElement, ...document.querySelectorAll('*')].filter(
      (el): el is Element =>
        el !== null &&
        el.scrollHeight > el.clientHeight + 1 &&
        (el === document.scrollingElement || ['auto', 'scroll'].includes(getComputedStyle(el).overflowY)),
    );
    const scroller = scrollers.find((s) => s !== document.scrollingElement) ?? document.scrollingElement;
    const seenWhole = new Set<Element>();
    const all = new Set<Element>();

    const check = (scrollTop: number) => {
      for (const el of controls()) {
        all.add(el);
        const r = el.getBoundingClientRect();
        const area = visibleArea(el);
        const whole = r.top >= area.top - 0.5 && r.bottom <= area.bottom + 0.5;
        const across = r.left >= area.left - 0.5 && r.right <= area.right + 0.5;
        if (whole && across) seenWhole.add(el);
        if (r.height < 20) problems.push({ control: describe(el), problem: `${r.height}px tall`, scrollTop });
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        if (!whole || x < area.left || x > area.right) continue;
        const hit = document.elementFromPoint(x, y);
        if (hit && (hit === el || el.contains(hit))) continue;
        problems.push({
          control: describe(el),
          problem: `covered by ${hit ? describe(hit) : 'nothing (outside the page)'}`,
          scrollTop,
        });
      }
    };

    const max = scroller ? scroller.scrollHeight - scroller.clientHeight : 0;
    const step = scroller ? Math.max(40, Math.floor(scroller.clientHeight / 3)) : 1;
    for (let top = 0; ; top = Math.min(max, top + step)) {
      if (scroller) scroller.scrollTop = top;
      await frame();
      check(top);
      if (top >= max) break;
    }
    if (scroller) scroller.scrollTop = 0;
    for (const el of all) {
      if (!seenWhole.has(el)) problems.push({ control: describe(el), problem: 'never fully in view', scrollTop: -1 });
    }
    // One report per control and problem is enough to read.
    const unique = new Map(problems.map((p) => [`${p.control} ${p.problem}`, p]));
    return [...unique.values()];
  });
}

/** [UI1] Fails, listing each one, when a control is covered, squashed or cut off for good. */
export async function expectNothingCovered(target: Page | Frame, label: string): Promise<void> {
  // Measured again for a few seconds: the page may change while it is scrolled through (a
  // consultant of an earlier test going offline swaps "Talk" for "Leave a message" mid-scan). A
  // real fault of the layout stays, and fails with its list.
  await expect
    .poll(() => layoutProblems(target), { message: `controls covered or cut in ${label}`, timeout: 8_000 })
    .toEqual([]);
}

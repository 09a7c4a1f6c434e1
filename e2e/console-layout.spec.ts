import { expect, test, type Page } from '@playwright/test';
import { docsScreenshot, goAvailable, goUnavailable, loginConsultant, newPerson, openVisitorApp } from './helpers.ts';
import { expectNothingCovered } from './layout.ts';

/** The sizes of issue 22 item 7: a small laptop (and landscape tablet), a laptop, full HD. */
const viewports = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  // A portrait tablet: nothing overlaps or is cut, the tab strip may take two lines.
  { width: 768, height: 1024 },
];

interface HeaderReport {
  problems: string[];
  /** Distinct tops of the nav's tabs and of the other header controls (one value: one line each). */
  tabRows: number;
  barRows: number;
  height: number;
}

/**
 * [CL1] Every control of the console's header: drawn whole inside the window, not overlapping
 * another, not covered at its centre; the tabs on one line and the rest of the bar on one line.
 */
async function headerReport(page: Page): Promise<HeaderReport> {
  return page.evaluate(() => {
    const header = document.querySelector('header.bar');
    if (!header) return { problems: ['no header'], tabRows: 0, barRows: 0, height: 0 };
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? ''}] "${el.textContent.trim().slice(0, 20)}"`;
    const shown = (el: Element) => {
      // A closed menu's items are not drawn (its summary is).
      const closed = el.closest('details:not([open])');
      if (closed && !el.matches('summary')) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const controls = [
      ...header.querySelectorAll(
        'button, select, summary, [data-testid=presence], [data-testid=waiting-count], .brand',
      ),
    ].filter(shown);
    const problems: string[] = [];
    const rects = controls.map((el) => ({ el, r: el.getBoundingClientRect() }));
    for (const { el, r } of rects) {
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5 || r.top < -0.5 || r.bottom > window.innerHeight + 0.5) {
        problems.push(`${describe(el)} is cut off (${Math.round(r.left)}–${Math.round(r.right)} px)`);
      }
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(hit === el || el.contains(hit)))
        problems.push(`${describe(el)} is covered by ${hit ? describe(hit) : 'nothing'}`);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!;
        const b = rects[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const overlapX = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const overlapY = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (overlapX > 0.5 && overlapY > 0.5) problems.push(`${describe(a.el)} overlaps ${describe(b.el)}`);
      }
    }
    const nav = header.querySelector('nav');
    const tabs = nav ? [...nav.querySelectorAll('button')].filter(shown) : [];
    const others = rects.filter(({ el }) => !nav?.contains(el));
    const rows = (rs: DOMRect[]) => new Set(rs.map((r) => Math.round(r.top + r.height / 2) >> 3)).size;
    return {
      problems,
      tabRows: rows(tabs.map((t) => t.getBoundingClientRect())),
      barRows: rows(others.map(({ r }) => r)),
      height: header.getBoundingClientRect().height,
    };
  });
}

/** Adds tabs to the header as another feature would (an Inbox count, a Visitors tab …). */
async function addTabs(page: Page, labels: string[]): Promise<void> {
  await page.evaluate((names) => {
    const nav = document.querySelector('header.bar nav');
    const model = nav?.querySelector('button');
    if (!nav || !model) throw new Error('no nav');
    for (const name of names) {
      const tab = model.cloneNode(true) as HTMLElement;
      tab.className = '';
      tab.removeAttribute('aria-current');
      tab.setAttribute('data-testid', `nav-extra`);
      tab.textContent = name;
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = '12';
      tab.append(badge);
      nav.append(tab);
    }
  }, labels);
}

async function expectHeaderFits(page: Page, label: string): Promise<void> {
  const report = await headerReport(page);
  expect(report.problems, `header problems ${label}`).toEqual([]);
  if (page.viewportSize()!.width < 1024) return; // a portrait tablet: the tabs may wrap, cleanly
  expect(report.tabRows, `the tabs on one line ${label}`).toBe(1);
  expect(report.barRows, `the bar's other controls on one line ${label}`).toBe(1);
  expect(report.height, `header height ${label}`).toBeLessThanOrEqual(110);
}

for (const viewport of viewports) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`[CL1][CL2] the console at ${size}: every header control whole and apart, the desk's controls in view`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    try {
      // The admin sees every tab.
      await loginConsultant(page);
      await goUnavailable(page);
      for (const locale of ['pl', 'pt', 'nl', 'en']) {
        await page.locator('header').getByTestId('language').selectOption(locale);
        await expectHeaderFits(page, `at ${size} in ${locale}`);
      }
      // [CL2] The desk's own controls are in view and usable.
      for (const id of ['presence-toggle', 'nav-desk', 'account-menu', 'queue-panel']) {
        await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
      }
      await expectNothingCovered(page, `the desk at ${size}`);
      if (viewport.width >= 1024) await docsScreenshot(page, `console-desk-${size}`);

      // Robust to what other features add: two more tabs with badges, in the longest language.
      await page.locator('header').getByTestId('language').selectOption('pl');
      await addTabs(page, ['Odwiedzający', 'Raporty']);
      await expectHeaderFits(page, `at ${size} with two more tabs (pl)`);
      await page.locator('header').getByTestId('language').selectOption('en');
    } finally {
      await context.close();
    }
  });
}

test('[CL2] at 1024x768 the desk in a call keeps chat, Send and End in view', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 1024, height: 768 },
    permissions: ['camera', 'microphone'],
  });
  const page = await context.newPage();
  const visitor = await newPerson(browser);
  try {
    await loginConsultant(page);
    await goAvailable(page);
    const app = await openVisitorApp(await visitor.newPage());
    await app.getByTestId('connect').click();
    await page.getByTestId('accept').click();
    await expect(app.getByTestId('end')).toBeVisible();
    await expectHeaderFits(page, 'in a call at 1024x768');
    for (const id of ['end', 'chat-input', 'chat-send']) {
      const control = page.getByTestId(id);
      await control.scrollIntoViewIfNeeded();
      await expect(control).toBeInViewport({ ratio: 1 });
    }
    await expectNothingCovered(page, 'the desk in a call at 1024x768');
    await page.getByTestId('end').click();
    await expect(page.getByTestId('closed-message')).toBeVisible();
    await page.getByTestId('dismiss').click();
    await goUnavailable(page);
  } finally {
    await visitor.close();
    await context.close();
  }
});

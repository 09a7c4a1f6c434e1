import AxeBuilder from '@axe-core/playwright';
import { expect, type Frame, type Page } from '@playwright/test';

/** [UI3] WCAG 2.0, 2.1 and 2.2 at levels A and AA: the rules every screen must pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * [UI3] Scans what the page shows now with axe-core and fails, listing each rule and element, on
 * any WCAG 2.2 A/AA violation. Given the visitor app's frame, it scans the customer page around
 * it, iframe included (axe runs in every frame), so the app is checked where visitors see it.
 */
export async function expectNoA11yViolations(target: Page | Frame, label: string): Promise<void> {
  const page = 'page' in target && typeof target.page === 'function' ? target.page() : (target as Page);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    elements: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(found, `accessibility violations in ${label}`).toEqual([]);
}

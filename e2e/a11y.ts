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
  const inFrame = 'page' in target && typeof target.page === 'function';
  const page = inFrame ? target.page() : (target as Page);
  // Legacy mode: axe runs in the page and reaches the frames by its own messaging, through the
  // loader's shadow root too. The default mode missed a violation planted inside the visitor app's
  // frame (it sits in a shadow root), and opens a blank page per scan besides.
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  if (inFrame) {
    // A node inside a frame has a selector per frame level: proof the app itself was scanned.
    const reachedFrame = results.passes.some((rule) => rule.nodes.some((node) => node.target.length > 1));
    expect(reachedFrame, `axe scanned inside the visitor app's frame in ${label}`).toBe(true);
  }
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    elements: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(found, `accessibility violations in ${label}`).toEqual([]);
}

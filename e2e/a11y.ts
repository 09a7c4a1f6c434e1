import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Frame, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
  // The customer page itself, frames left out: axe's frame messaging through the loader's shadow
  // root is unreliable on a busy machine (it silently skipped the app now and then).
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('iframe').setLegacyMode(true).analyze();
  if (inFrame) {
    // The visitor app, scanned inside its own frame with axe injected there.
    const frame = target;
    await frame.evaluate(axeSource);
    const inside = await frame.evaluate(
      (tags) =>
        (window as unknown as { axe: { run: (c: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
        }),
      WCAG_TAGS,
    );
    expect(inside.passes.length, `axe ran inside the visitor app in ${label}`).toBeGreaterThan(0);
    results.violations.push(...inside.violations);
  }
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    elements: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(found, `accessibility violations in ${label}`).toEqual([]);
}

import { expect, test } from '@playwright/test';
import type { ReportView } from '@parley/protocol';
import { docsScreenshot, goAvailable, goUnavailable, loginConsultant, newPerson, openVisitorApp } from './helpers.ts';

test.use({ actionTimeout: 30_000 });
test.setTimeout(120_000);

/**
 * [RP3][RP7][RP9] A request the visitor gives up on shows in Reports as one more request and one
 * more abandoned one — in the table and in the CSV, the same numbers. Other specs share the demo
 * tenant, so the numbers are compared with the report from before the request.
 */
test('[RP3][RP7] an admin sees a request the visitor abandoned in Reports, and the CSV says the same', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  const shop = await (await newPerson(browser)).newPage();
  try {
    await dana.setViewportSize({ width: 1280, height: 800 });
    await loginConsultant(dana);
    const today = new Date().toISOString().slice(0, 10);
    const query = `from=${today}&to=${today}`;
    const read = async () => (await (await dana.request.get(`/api/v1/reports?${query}`)).json()) as ReportView;
    const before = (await read()).total;

    await goAvailable(dana);
    const app = await openVisitorApp(shop);
    await app.getByTestId('mode-text').click();
    await app.getByTestId('connect').click();
    await expect(app.getByTestId('queue-status')).toBeVisible();
    await expect(dana.getByTestId('accept')).toBeVisible();
    await app.getByTestId('cancel').click();
    await expect.poll(async () => (await read()).total.abandoned).toBe(before.abandoned + 1);
    await goUnavailable(dana);

    await dana.getByTestId('nav-reports').click();
    await expect(dana.getByTestId('reports')).toBeVisible();
    const total = dana.getByTestId('report-total');
    await expect(total.locator('[data-column="requests"]')).toHaveText(String(before.requests + 1));
    await expect(total.locator('[data-column="abandoned"]')).toHaveText(String(before.abandoned + 1));
    await expect(dana.getByTestId('report-summary')).toContainText(`${before.requests + 1} request`);
    await expect(dana.getByTestId('report-chart').locator('canvas')).toHaveCount(1);

    // [RP7] The CSV link downloads the same numbers as the table's total row.
    const href = await dana.getByTestId('report-csv').getAttribute('href');
    const csv = await (await dana.request.get(href ?? '')).text();
    const last = csv.trimEnd().split('\r\n').at(-1) ?? '';
    const cells = await total.locator('th, td').allTextContents();
    expect(last).toBe(cells.join(','));

    await docsScreenshot(dana, 'reports', { fullPage: true });
    await dana.setViewportSize({ width: 390, height: 844 });
    await docsScreenshot(dana, 'reports-phone', { fullPage: true });
  } finally {
    await goUnavailable(dana).catch(() => undefined);
    await shop.context().close();
    await dana.context().close();
  }
});

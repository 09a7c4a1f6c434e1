import { expect, test, type Frame, type Page } from '@playwright/test';
import { DEMO, goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';
import { ServerProcess } from './serverProcess.ts';

const productionPort = Number(process.env.E2E_PORT ?? 8765) + 3;

/** Whether the page (or frame) offers the test hook: its client's state, or nothing. */
const hookStatus = (where: Page | Frame) =>
  where.evaluate(
    () =>
      (window as unknown as { __parley?: { client: { state: { status: string } } } }).__parley?.client.state.status ??
      'no hook',
  );

test('[E19] window.__parley exists only on a server run for tests, never on one run as in production', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  // As in production: no PARLEY_TEST_HOOKS.
  const production = new ServerProcess(productionPort, `test-results/hooks-data-${Date.now()}`, {
    PARLEY_TEST_HOOKS: 'off',
    PARLEY_JANUS: 'off',
  });
  const context = await newPerson(browser);
  try {
    await production.start();
    const consolePage = await context.newPage();
    await loginConsultant(consolePage, DEMO, `${production.baseUrl}/console/`);
    await expect(consolePage.getByTestId('presence')).toHaveText(/^(Available|Unavailable)$/);
    expect(await hookStatus(consolePage)).toBe('no hook');
    const customerPage = await context.newPage();
    await customerPage.goto(`${production.baseUrl}/demo`);
    await customerPage.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(customerPage);
    await expect(app.locator('body')).not.toBeEmpty();
    expect(await hookStatus(app)).toBe('no hook');

    // The tests' own server (PARLEY_TEST_HOOKS=on in playwright.config.ts) does offer it.
    // The demo consultant is shared by every spec: a console left open and available here would
    // also receive the next spec's calls.
    const testContext = await newPerson(browser);
    try {
      const testPage = await testContext.newPage();
      await loginConsultant(testPage);
      await goAvailable(testPage);
      expect(await hookStatus(testPage)).toBe('open');
      await goUnavailable(testPage);
    } finally {
      await testContext.close();
    }
  } finally {
    await context.close();
    await production.kill();
  }
});

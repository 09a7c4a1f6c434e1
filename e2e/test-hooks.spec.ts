import { expect, test, type Frame, type Page } from '@playwright/test';
import { DEMO, goAvailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';
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
    const testPage = await (await newPerson(browser)).newPage();
    await loginConsultant(testPage);
    await goAvailable(testPage);
    expect(await hookStatus(testPage)).toBe('open');
  } finally {
    await context.close();
    await production.kill();
  }
});

import { expect, test } from '@playwright/test';
import { DEMO, goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';
import { ServerProcess } from './serverProcess.ts';

const noMailPort = Number(process.env.E2E_PORT ?? 8765) + 5;

test('[Y5] on a server without e-mail the visitor is not offered the transcript after the call (with e-mail: e2e/desk-records.spec.ts)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // No PARLEY_SMTP_URL: this server cannot send mail.
  const server = new ServerProcess(noMailPort, `test-results/no-mail-data-${Date.now()}`, { PARLEY_JANUS: 'off' });
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  try {
    await server.start();
    const consolePage = await consultant.newPage();
    await loginConsultant(consolePage, DEMO, `${server.baseUrl}/console/`);
    await goAvailable(consolePage);
    const page = await visitor.newPage();
    await page.goto(`${server.baseUrl}/demo`);
    await page.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(page);
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
    await app.getByTestId('end').click();
    await expect(app.getByTestId('closed-message')).toBeVisible();
    await expect(app.getByTestId('transcript-email')).toHaveCount(0);
    await consolePage.getByTestId('mark-done').click();
    await goUnavailable(consolePage);
  } finally {
    await visitor.close();
    await consultant.close();
    await server.kill();
  }
});

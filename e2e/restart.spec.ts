import { expect, test } from '@playwright/test';
import {
  DEMO,
  docsScreenshot,
  expectMediaFlowing,
  goAvailable,
  loginConsultant,
  mediaStats,
  newPerson,
  visitorFrame,
} from './helpers.ts';
import { ServerProcess } from './serverProcess.ts';

const port = Number(process.env.E2E_PORT ?? 8765) + 1;

test('[P5][M3][M1] the server process is killed mid-call: media keeps flowing, both sides resume, outage chat arrives once', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const server = new ServerProcess(port, `test-results/restart-data-${Date.now()}`);
  await server.start();
  const visitorContext = await newPerson(browser);
  const consultantContext = await newPerson(browser);
  try {
    const customerPage = await visitorContext.newPage();
    const consolePage = await consultantContext.newPage();
    await loginConsultant(consolePage, DEMO, `${server.baseUrl}/console/`);
    await goAvailable(consolePage);
    await customerPage.goto(`${server.baseUrl}/demo`);
    await customerPage.getByRole('button', { name: 'Talk to us' }).click();
    const app = await visitorFrame(customerPage);
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
    await expectMediaFlowing(app);
    await expectMediaFlowing(consolePage);
    await app.getByTestId('chat-input').fill('before the crash');
    await app.getByTestId('chat-send').click();
    await expect(consolePage.getByTestId('chat-message').last()).toContainText('before the crash');

    await server.kill();
    await expect(app.getByText('Connection lost. Reconnecting…')).toBeVisible();
    // Chat typed while the server is down waits in the client, unacknowledged.
    await app.getByTestId('chat-input').fill('sent during the outage');
    await app.getByTestId('chat-send').click();
    await consolePage.getByTestId('chat-input').fill('consultant, also during the outage');
    await consolePage.getByTestId('chat-input').press('Enter');
    // [M3] Both see what they wrote, marked as not sent yet.
    await expect(app.getByTestId('chat-sending').filter({ hasText: 'sent during the outage' })).toContainText(
      'Sending…',
    );
    await expect(
      consolePage.getByTestId('chat-sending').filter({ hasText: 'consultant, also during the outage' }),
    ).toContainText('Sending…');
    await docsScreenshot(customerPage, 'visitor-chat-sending');

    // Peer-to-peer media does not pass through the server: it keeps flowing while it is down.
    for (const side of [app, consolePage]) {
      const before = (await mediaStats(side)).videoFramesDecoded;
      await expect.poll(async () => (await mediaStats(side)).videoFramesDecoded).toBeGreaterThan(before + 10);
    }
    expect((await mediaStats(app)).connectionState).toBe('connected');

    await server.start();
    await expect(app.getByText('Connection lost. Reconnecting…')).toBeHidden({ timeout: 30_000 });
    const outage = (page: typeof app | typeof consolePage, text: string) =>
      page.getByTestId('chat-message').filter({ hasText: text });
    // Exactly once on both sides, however many times the clients resent.
    await expect(outage(consolePage, 'sent during the outage')).toHaveCount(1, { timeout: 30_000 });
    await expect(outage(app, 'sent during the outage')).toHaveCount(1);
    await expect(outage(app, 'consultant, also during the outage')).toHaveCount(1, { timeout: 30_000 });
    await expect(outage(consolePage, 'consultant, also during the outage')).toHaveCount(1);
    await expect(outage(consolePage, 'before the crash')).toHaveCount(1);
    await expect(app.getByTestId('chat-sending')).toHaveCount(0);
    await expect(consolePage.getByTestId('chat-sending')).toHaveCount(0);

    // Same conversation, same state: still in the call, still available, media still flowing.
    await expect(app.getByTestId('end')).toBeVisible();
    await expect(consolePage.getByTestId('presence')).toHaveText('Available');
    await expectMediaFlowing(app);
    await consolePage.getByTestId('end').click();
    await expect(app.getByTestId('closed-message')).toBeVisible();
  } finally {
    await visitorContext.close();
    await consultantContext.close();
    await server.kill();
  }
});

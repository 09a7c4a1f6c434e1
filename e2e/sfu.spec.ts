import { expect, test, type Frame } from '@playwright/test';
import { DEMO, expectSfuFlowing, loginConsultant, newPerson, openVisitorApp, sfuStats } from './helpers.ts';

test('[S1][S2][B2][B5] a live broadcast reaches three viewers through the SFU; they never send media', async ({
  browser,
}) => {
  const presenter = await newPerson(browser);
  const dana = await presenter.newPage();
  await loginConsultant(dana, DEMO);
  await dana.getByTestId('broadcast-start').click();
  await expect(dana.getByTestId('broadcast-sending')).toHaveText('Viewers see and hear you.');

  const viewers: Frame[] = [];
  for (let i = 0; i < 3; i += 1) {
    // Viewers get no camera permission: the viewer app must never ask for it ([B2]).
    const context = await browser.newContext();
    const app = await openVisitorApp(await context.newPage(), 'demo-broadcast');
    await app.getByTestId('broadcast-watch').click();
    viewers.push(app);
  }
  await expect(dana.getByTestId('viewer-count')).toHaveText('3 viewers of 100');
  for (const app of viewers) {
    const stats = await expectSfuFlowing(app, 1);
    expect(stats.audioPacketsReceived).toBeGreaterThan(0);
    // Receive-only: the viewer's SFU connection carries no outgoing media.
    const sending = await app.evaluate(() => {
      const legs = (window as unknown as { __parley: { legs: Set<{ peerConnection: RTCPeerConnection }> } }).__parley
        .legs;
      return [...legs].flatMap((l) => l.peerConnection.getSenders()).filter((s) => s.track !== null).length;
    });
    expect(sending).toBe(0);
  }

  await dana.getByTestId('broadcast-stop').click();
  await expect(dana.getByTestId('broadcast-state')).toHaveText('Off air');
  for (const app of viewers) {
    await expect(app.getByTestId('broadcast-watch')).toBeDisabled();
    await expect.poll(async () => (await sfuStats(app)).legs).toBe(0);
  }
  await presenter.close();
});

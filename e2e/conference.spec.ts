import { expect, test } from '@playwright/test';
import { docsScreenshot, expectSfuFlowing, sfuStats } from './helpers.ts';
import { startConference } from './conferenceHelpers.ts';

test('[S5][S6][S7] Dana invites Sam into a call: media flows among all three through the SFU, Dana shares her screen, leaves, and the call goes on', async ({
  browser,
}) => {
  const { dana, sam, customer, app, danaContext, samContext, visitorContext } = await startConference(browser);

  // [S6] The call moves to the SFU: each side receives the two others.
  await expect(dana.getByTestId('conference-members')).toContainText('Sam');
  await expect(app.getByTestId('conference-members')).toContainText('Dana');
  await expect(app.getByTestId('conference-members')).toContainText('Sam');
  for (const side of [app, dana, sam]) {
    const stats = await expectSfuFlowing(side, 2);
    expect(stats.audioPacketsReceived).toBeGreaterThan(0);
  }

  // [S7] F-15: Dana shares her screen into the conference; it arrives as its own, labelled feed.
  await dana.getByTestId('toggle-screen').click();
  for (const side of [app, sam]) {
    await expect(side.getByTestId('conference-tile')).toHaveCount(3);
    await expect(side.getByTestId('conference-tile').filter({ hasText: 'Screen of Dana Demo' })).toHaveCount(1);
    await expectSfuFlowing(side, 3);
  }
  await expect(dana.getByTestId('conference-tile')).toHaveCount(2); // her own screen does not come back
  // Each tile is captioned; the visitor gave no name, so theirs reads "Visitor".
  await expect(dana.getByTestId('conference-tile').locator('figcaption')).toHaveText(['Visitor', 'Sam Sales']);
  // [S8] A conference is left, not transferred: neither console offers Transfer while both are in.
  await expect(dana.getByTestId('transfer')).toHaveCount(0);
  await expect(sam.getByTestId('transfer')).toHaveCount(0);
  await docsScreenshot(customer, 'visitor-conference-screen');
  await docsScreenshot(dana, 'console-conference');
  await dana.getByTestId('toggle-screen').click();
  await expect(app.getByTestId('conference-tile')).toHaveCount(2);
  await expect(sam.getByTestId('conference-tile')).toHaveCount(2);

  // [S5] Dana leaves; Sam carries the call on with the visitor.
  await dana.getByTestId('conference-leave').click();
  await expect(dana.getByTestId('conference-stage')).toHaveCount(0);
  await expect(app.getByTestId('conference-members')).not.toContainText('Dana');
  await expect(app.getByTestId('conference-tile')).toHaveCount(1);
  await expect(sam.getByTestId('conference-tile')).toHaveCount(1);
  await expect.poll(async () => (await sfuStats(app)).legs).toBe(1);
  await expectSfuFlowing(app, 1);
  await expectSfuFlowing(sam, 1);
  await expect(app.getByTestId('end')).toBeVisible();

  await sam.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await visitorContext.close();
  await danaContext.close();
  await samContext.close();
});

import { expect, test, type Frame, type Page } from '@playwright/test';
import { expectSfuFlowing, goUnavailable, sfuStats } from './helpers.ts';
import { recordClip } from './mediaHelpers.ts';
import { startConference } from './conferenceHelpers.ts';

/** The conference tile captioned with `name` on one side. */
function tile(side: Page | Frame, name: string) {
  return side.getByTestId('conference-tile').filter({ has: side.locator('figcaption', { hasText: name }) });
}

/** Whether the side decodes a video wider than 16:10: the 400x224 support clip, not a 4:3 camera. */
async function seesClip(side: Page | Frame): Promise<boolean> {
  return (await sfuStats(side)).videoSizes.some(([width, height]) => height > 0 && width / height > 1.6);
}

test('[SM1][MD8][P2] in a conference every member sees the others’ camera and microphone state and the support video; a consultant lost for good leaves the call', async ({
  browser,
}) => {
  test.setTimeout(240_000); // three people on the SFU, a support clip, and a 30 s grace period
  const { dana, sam, customer, app, danaContext, samContext, visitorContext } = await startConference(browser);
  for (const side of [app, dana, sam]) await expectSfuFlowing(side, 2);

  // Sam turns his camera off and mutes: the visitor and Dana see it on Sam's tile, and only there.
  await sam.getByTestId('toggle-camera').click();
  await sam.getByTestId('toggle-mic').click();
  for (const side of [app, dana]) {
    await expect(tile(side, 'Sam Sales').getByTestId('remote-camera-off')).toHaveText(
      'Sam Sales has turned the camera off',
    );
    await expect(tile(side, 'Sam Sales').getByTestId('remote-mic-off')).toHaveText(
      'Sam Sales has muted the microphone',
    );
  }
  await expect(tile(app, 'Dana Demo').getByTestId('tile-state')).toHaveCount(0);
  // The visitor mutes: both consultants see it on the visitor's tile.
  await app.getByTestId('toggle-mic').click();
  for (const side of [dana, sam]) await expect(tile(side, 'Visitor').getByTestId('remote-mic-off')).toBeVisible();
  // Back on: the notices go.
  await sam.getByTestId('toggle-camera').click();
  await sam.getByTestId('toggle-mic').click();
  await app.getByTestId('toggle-mic').click();
  await expect(tile(app, 'Sam Sales').getByTestId('tile-state')).toHaveCount(0);
  for (const side of [dana, sam]) await expect(tile(side, 'Visitor').getByTestId('tile-state')).toHaveCount(0);

  // [MD8] Dana plays a support video: its picture reaches both others through the SFU, labelled.
  const clip = await recordClip(dana);
  await dana
    .getByTestId('support-upload')
    .setInputFiles({ name: 'Conference demo.webm', mimeType: 'video/webm', buffer: clip });
  const row = dana.getByTestId('support-video').filter({ hasText: 'Conference demo.webm' }).first();
  await row.getByTestId('support-play').click();
  await expect(dana.getByTestId('support-playing')).toHaveText('Playing: Conference demo.webm');
  for (const side of [app, sam]) {
    // The clip starts once the console has decoded it: on a busy machine that takes a while.
    await expect.poll(() => seesClip(side), { timeout: 60_000 }).toBe(true);
    await expect(tile(side, 'Dana Demo').getByTestId('remote-support-video')).toHaveText(
      'Dana Demo is playing a video for you',
    );
  }
  await row.getByTestId('support-stop').click();
  for (const side of [app, sam]) {
    await expect(tile(side, 'Dana Demo').getByTestId('tile-state')).toHaveCount(0);
    await expect.poll(() => seesClip(side), { timeout: 30_000 }).toBe(false);
  }

  // [P2] Sam's browser is gone for good: past the grace period he leaves the call; it goes on.
  await expect(app.getByTestId('conference-members')).toContainText('Sam Sales');
  await samContext.close();
  await expect(app.getByTestId('conference-members')).not.toContainText('Sam', { timeout: 60_000 });
  await expect(dana.getByTestId('conference-members')).toHaveCount(0);
  await expect(tile(app, 'Sam Sales')).toHaveCount(0);
  await expect(app.getByTestId('conference-tile')).toHaveCount(1);
  await expectSfuFlowing(app, 1);
  await expect(app.getByTestId('end')).toBeVisible();

  await dana.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await dana.getByTestId('mark-done').click();
  await goUnavailable(dana);
  await customer.close();
  await visitorContext.close();
  await danaContext.close();
});

import { expect, test } from '@playwright/test';
import { docsScreenshot, expectMediaFlowing, goUnavailable, mediaStats } from './helpers.ts';
import {
  audioPasses,
  callStats,
  cameraSenderTrack,
  connectAndAccept,
  expectGrowing,
  expectSilence,
  twoPeople,
  type TwoPeople,
} from './mediaHelpers.ts';

/** The demo consultant is shared by every spec: end, wrap up and leave unavailable. */
async function endAndWrapUp({ app, consolePage }: TwoPeople): Promise<void> {
  await app.getByTestId('end').click();
  await consolePage.getByTestId('mark-done').click();
  await goUnavailable(consolePage);
}

test('[NW7] the consultant stops the visitor’s video coming in: the visitor stops sending it and is told; shown again, it comes back', async ({
  browser,
}) => {
  const people = await twoPeople(browser);
  const { app, consolePage } = people;
  try {
    await connectAndAccept(people);
    await expectMediaFlowing(consolePage);

    await consolePage.getByTestId('stop-incoming-video').click();
    await expect(consolePage.getByTestId('stop-incoming-video')).toHaveAttribute('aria-pressed', 'true');
    await expect(app.getByTestId('remote-chose-voice')).toBeVisible();
    await docsScreenshot(consolePage, 'console-stop-incoming-video');
    await docsScreenshot(app.page(), 'visitor-video-stopped-by-consultant');
    await expect.poll(() => app.evaluate(cameraSenderTrack)).toBeNull();
    // The visitor's own camera stays on: only what is sent stops.
    await expect(app.getByTestId('local-video')).toBeVisible();
    await audioPasses(consolePage, 50); // frames already on the way land
    const still = (await mediaStats(consolePage)).videoFramesDecoded;
    await audioPasses(consolePage, 150);
    expect((await mediaStats(consolePage)).videoFramesDecoded).toBe(still);

    await consolePage.getByTestId('stop-incoming-video').click();
    await expect(app.getByTestId('remote-chose-voice')).toHaveCount(0);
    await expect.poll(async () => (await mediaStats(consolePage)).videoFramesDecoded).toBeGreaterThan(still + 10);
    await endAndWrapUp(people);
  } finally {
    await people.close();
  }
});

test('[MD9] the consultant sets the visitor’s microphone level: at 0 % they hear silence, at 200 % sound again; the visitor is told', async ({
  browser,
}) => {
  const people = await twoPeople(browser);
  const { app, consolePage } = people;
  try {
    await connectAndAccept(people);
    await expectMediaFlowing(consolePage);
    const heard = async () => (await callStats(consolePage)).receivedAudioEnergy;
    await expectGrowing(heard);

    await consolePage.getByTestId('remote-gain').fill('0');
    await expect(app.getByTestId('remote-gain-notice')).toContainText('0 %');
    await expectSilence(heard);

    await consolePage.getByTestId('remote-gain').fill('2');
    await expect(app.getByTestId('remote-gain-notice')).toHaveText('Dana Demo set your microphone level to 200 %');
    await expectGrowing(heard);
    // The visitor's own settings show the level the consultant set.
    await app.getByTestId('open-settings').click();
    await expect(app.getByRole('slider', { name: 'Microphone gain' })).toHaveValue('2');
    await endAndWrapUp(people);
  } finally {
    await people.close();
  }
});

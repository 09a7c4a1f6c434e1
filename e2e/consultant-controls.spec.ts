import { expect, test, type Frame, type Page } from '@playwright/test';
import {
  docsScreenshot,
  expectMediaFlowing,
  goAvailable,
  goUnavailable,
  loginConsultant,
  mediaStats,
  newPerson,
  openVisitorApp,
} from './helpers.ts';
import { callStats, expectGrowing, expectSilence } from './mediaHelpers.ts';

/** The track the visitor's call sends as its camera (audio, camera, screen: the second transceiver). */
function cameraSenderTrack(): string | null {
  interface Hook {
    call(): { peerConnection?: RTCPeerConnection } | undefined;
  }
  const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
  return pc?.getTransceivers()[1]?.sender.track?.kind ?? null;
}

/** Lets `packets` of the call's audio reach `where`: call time, measured by the call itself. */
async function audioPasses(where: Page | Frame, packets: number): Promise<void> {
  const before = (await mediaStats(where)).audioPacketsReceived;
  await expect.poll(async () => (await mediaStats(where)).audioPacketsReceived).toBeGreaterThan(before + packets);
}

test('[NW7] the consultant stops the visitor’s video coming in: the visitor stops sending it and is told; shown again, it comes back', async ({
  browser,
}) => {
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  try {
    const consolePage = await consultant.newPage();
    await loginConsultant(consolePage);
    await goAvailable(consolePage);
    const app = await openVisitorApp(await visitor.newPage());
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
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

    await app.getByTestId('end').click();
    await consolePage.getByTestId('mark-done').click();
    await goUnavailable(consolePage);
  } finally {
    await visitor.close();
    await consultant.close();
  }
});

test('[MD9] the consultant sets the visitor’s microphone level: at 0 % they hear silence, at 200 % sound again; the visitor is told', async ({
  browser,
}) => {
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  try {
    const consolePage = await consultant.newPage();
    await loginConsultant(consolePage);
    await goAvailable(consolePage);
    const app = await openVisitorApp(await visitor.newPage());
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
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

    await app.getByTestId('end').click();
    await consolePage.getByTestId('mark-done').click();
    await goUnavailable(consolePage);
  } finally {
    await visitor.close();
    await consultant.close();
  }
});

import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import { docsScreenshot, goAvailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';
import {
  callStats,
  connectAndAccept,
  expectGrowing,
  expectSilence,
  hangUp,
  recordClip,
  twoPeople,
} from './mediaHelpers.ts';

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

test('[MD1][MD2][MD3] a phone visitor skips the media check and joins as text only; the consultant is told and can still be seen and heard', async ({
  browser,
}) => {
  const consultantContext = await newPerson(browser);
  const consolePage = await consultantContext.newPage();
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    userAgent: ANDROID_CHROME,
    permissions: ['camera', 'microphone'],
    locale: 'en-US',
  });
  const customerPage = await phone.newPage();
  await customerPage.goto('/demo');
  await customerPage.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(customerPage);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await expect
    .poll(() => app.getByTestId('local-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await expect(app.getByTestId('select-camera')).toBeVisible();
  await docsScreenshot(customerPage, 'media-check-phone');
  await expectNoA11yViolations(app, 'the media check on a phone');

  // Skipping always asks first; "Go back" keeps the check.
  await app.getByTestId('skip-check').click();
  await expect(app.getByTestId('skip-confirm')).toContainText('The consultant will be told');
  await expectNoA11yViolations(app, 'the skip confirmation on a phone');
  await app.getByTestId('skip-no').click();
  await expect(app.getByTestId('media-check')).toBeVisible();
  await app.getByTestId('skip-check').click();
  await app.getByTestId('skip-yes').click();
  await expect(app.getByTestId('check-skipped')).toBeVisible();
  await expectNoA11yViolations(app, 'the media check skipped');

  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await expect(consolePage.getByTestId('media-check')).toHaveText('Joined without media check (skipped)');
  await expect(consolePage.getByTestId('visitor-mode')).toHaveText('Joined with: Text only');
  await expect(consolePage.getByTestId('visitor-browser')).toHaveText('Chrome 156 · Android · phone');
  await expectNoA11yViolations(app, 'a text-only call on a phone');
  await expectNoA11yViolations(consolePage, 'the console: a call with a text-only visitor');

  // [MD2] The visitor sends nothing, yet sees and hears the consultant through speakers.
  await expect.poll(async () => (await callStats(app)).senderTracks).toEqual([null, null, null]);
  await expectGrowing(async () => (await callStats(app)).receivedVideoFrames);
  await expectGrowing(async () => (await callStats(app)).receivedAudioPackets);
  expect((await callStats(consolePage)).receivedVideoFrames).toBe(0);
  await app.getByTestId('chat-input').fill('Only text from me');
  await app.getByTestId('chat-send').click();
  await expect(consolePage.getByTestId('chat-message').last()).toContainText('Only text from me');
  await docsScreenshot(customerPage, 'call-phone');

  await consolePage.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await phone.close();
  await consultantContext.close();
});

test('[MD1][MD2] an audio-only call sends no video and carries audio both ways', async ({ browser }) => {
  const people = await twoPeople(browser);
  const { app, consolePage, customerPage } = people;
  await expect
    .poll(() => app.getByTestId('local-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await docsScreenshot(customerPage, 'media-check-desktop');

  await app.getByTestId('mode-audio').click();
  await expect(app.getByRole('radio', { name: 'Voice only' })).toBeChecked();
  await expect(app.getByTestId('local-video')).toHaveCount(0);
  await connectAndAccept(people);
  await expect(consolePage.getByTestId('media-check')).toHaveText('Media check passed');
  await expect(consolePage.getByTestId('visitor-mode')).toHaveText('Joined with: Voice only');
  await expect(consolePage.getByTestId('remote-camera-off')).toBeVisible();

  await expect.poll(async () => (await callStats(app)).senderTracks).toEqual(['audio', null, null]);
  await expectGrowing(async () => (await callStats(consolePage)).receivedAudioPackets);
  await expectGrowing(async () => (await callStats(app)).receivedAudioPackets);
  await expectGrowing(async () => (await callStats(app)).receivedVideoFrames);
  expect((await callStats(app)).sentVideoFrames).toBe(0);
  expect((await callStats(consolePage)).receivedVideoFrames).toBe(0);

  await hangUp(people);
  await people.close();
});

test('[MD4][MD5][MD6] camera off and on, a video preset and screen sharing mid-call, seen by the other side', async ({
  browser,
}) => {
  const people = await twoPeople(browser);
  const { app, consolePage, customerPage } = people;
  await connectAndAccept(people);
  await expectGrowing(async () => (await callStats(consolePage)).receivedVideoFrames);

  // Camera off and on by the visitor; the consultant sees the state and the video return.
  await app.getByTestId('toggle-camera').click();
  await expect(consolePage.getByTestId('remote-camera-off')).toBeVisible();
  await expect.poll(async () => (await callStats(app)).senderTracks[1]).toBeNull();
  await app.getByTestId('toggle-camera').click();
  await expect(consolePage.getByTestId('remote-camera-off')).toHaveCount(0);
  await expectGrowing(async () => (await callStats(consolePage)).receivedVideoFrames);
  // ... and by the consultant, seen by the visitor.
  await consolePage.getByTestId('toggle-camera').click();
  await expect(app.getByTestId('remote-state')).toContainText('has turned the camera off');
  await consolePage.getByTestId('toggle-camera').click();
  await expect(app.getByTestId('remote-state')).toHaveCount(0);

  // [MD6] A preset applies live: the visitor's encoder sends 160 pixels wide, the consultant decodes it.
  await app.getByTestId('open-settings').click();
  await app.getByTestId('select-preset').selectOption('160x120@15');
  await expect.poll(async () => (await callStats(app)).sentVideoWidth).toBe(160);
  await expect.poll(async () => (await callStats(consolePage)).receivedVideoWidths).toContain(160);
  await app.getByTestId('settings-save').click();
  await expect(app.getByTestId('settings-save')).toHaveText('Saved');
  await app.getByTestId('settings-close').click();

  // F-15: the visitor shares the screen next to the camera; the consultant sees both.
  await app.getByTestId('toggle-screen').click();
  await expect(consolePage.getByTestId('remote-sharing')).toBeVisible();
  await expect
    .poll(() => consolePage.getByTestId('remote-screen').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);
  await expect.poll(async () => (await callStats(consolePage)).receivedVideoWidths.length).toBe(2);
  // ... and the consultant shares too.
  await consolePage.getByTestId('toggle-screen').click();
  await expect(app.getByTestId('remote-state')).toContainText('is sharing the screen');
  await expect
    .poll(() => app.getByTestId('remote-screen').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);

  // F-20: swap main view and preview.
  await consolePage.getByTestId('swap').click();
  await expect(consolePage.locator('.stage')).toHaveClass(/swapped/);
  await consolePage.getByTestId('swap').click();
  await docsScreenshot(consolePage, 'call-console-desktop', { fullPage: true });
  await docsScreenshot(customerPage, 'call-visitor-desktop');

  await app.getByTestId('toggle-screen').click();
  await expect(consolePage.getByTestId('remote-sharing')).toHaveCount(0);
  await hangUp(people);
  await people.close();
});

test('[MD7][MD8] the consultant uploads a support video, plays it into the call with its sound, and Stop returns to the camera', async ({
  browser,
}) => {
  const people = await twoPeople(browser);
  const { app, consolePage } = people;
  const clip = await recordClip(consolePage);
  await connectAndAccept(people);
  await consolePage
    .getByTestId('support-upload')
    .setInputFiles({ name: 'Product demo.webm', mimeType: 'video/webm', buffer: clip });
  const row = consolePage.getByTestId('support-video').filter({ hasText: 'Product demo.webm' }).first();
  await expect(row).toBeVisible();
  // Microphone off first: from then on, any sound reaching the visitor is the clip's.
  await consolePage.getByTestId('toggle-mic').click();
  await expect(app.getByTestId('remote-state')).toContainText('has muted the microphone');
  const energy = async () => (await callStats(app)).receivedAudioEnergy;
  await expectSilence(energy);

  const wide = async () =>
    (await callStats(app)).receivedVideoSizes.some(([width, height]) => height > 0 && width / height > 1.6);
  await expect.poll(wide).toBe(false);
  await row.getByTestId('support-play').click();
  await expect(consolePage.getByTestId('support-playing')).toHaveText('Playing: Product demo.webm');
  await expect(app.getByTestId('remote-state')).toContainText('is playing a video for you');
  // The visitor now decodes the 400x224 clip instead of the 4:3 camera, and hears its tone.
  await expect.poll(wide, { timeout: 20_000 }).toBe(true);
  await expectGrowing(async () => (await callStats(app)).receivedVideoFrames);
  await expectGrowing(energy);

  await row.getByTestId('support-stop').click();
  await expect(app.getByTestId('remote-state')).not.toContainText('is playing a video for you');
  await expect.poll(wide, { timeout: 20_000 }).toBe(false);
  await expectSilence(energy);

  await hangUp(people);
  await people.close();
});

test('[MD2][MD3] a browser without WebRTC gets a notice and joins as text chat; the consultant is told (F-13)', async ({
  browser,
}) => {
  const people = await twoPeople(browser, { withoutWebrtc: true });
  const { app, consolePage } = people;
  await expect(app.getByTestId('unsupported')).toContainText('This browser cannot make video calls');
  await connectAndAccept(people);
  await expect(consolePage.getByTestId('visitor-info')).toContainText('The browser cannot make video calls');
  await expect(consolePage.getByTestId('media-check')).toHaveText('Joined without media check (the check failed)');
  await expect(consolePage.getByTestId('visitor-mode')).toHaveText('Joined with: Text only');
  await app.getByTestId('chat-input').fill('Chat works without WebRTC');
  await app.getByTestId('chat-send').click();
  await expect(consolePage.getByTestId('chat-message').last()).toContainText('Chat works without WebRTC');
  await hangUp(people);
  await people.close();
});

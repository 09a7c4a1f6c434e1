import { expect, test } from '@playwright/test';
import { docsScreenshot, expectMediaFlowing, goUnavailable } from './helpers.ts';
import { callStats, expectGrowing, expectSilence, twoPeople } from './mediaHelpers.ts';

test('[MD10] the media check offers quality, gain and volume, and the call starts with them; its tips say what to check', async ({
  browser,
}) => {
  const people = await twoPeople(browser);
  const { app, consolePage } = people;
  try {
    const tips = app.getByTestId('check-tips');
    await tips.locator('summary').click();
    await expect(tips.getByRole('listitem')).toHaveCount(4);
    await expect(tips).toContainText('Play the test sound');

    await app.getByTestId('check-settings').click();
    const settings = app.getByRole('dialog', { name: 'Audio and video settings' });
    await expect(settings.getByRole('slider', { name: 'Volume' })).toBeVisible();
    await settings.getByRole('slider', { name: 'Microphone gain' }).fill('0');
    await docsScreenshot(app.page(), 'media-check-settings');

    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
    await expectMediaFlowing(consolePage);
    // Gain 0 chosen before the call: the consultant receives the visitor's audio, and it is silent.
    const heard = async () => (await callStats(consolePage)).receivedAudioEnergy;
    await expectSilence(heard);

    await app.getByTestId('open-settings').click();
    await app
      .getByRole('dialog', { name: 'Audio and video settings' })
      .getByRole('slider', { name: 'Microphone gain' })
      .fill('1');
    await expectGrowing(heard);

    await app.getByTestId('end').click();
    await consolePage.getByTestId('mark-done').click();
    await goUnavailable(consolePage);
  } finally {
    await people.close();
  }
});

import { expect, test } from '@playwright/test';
import { BaresipPhone, hasBaresip } from '../packages/server/test/baresipPhone.ts';
import { DEMO, docsScreenshot, goAvailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';
import {
  callStats,
  endCallHangsUpPhone,
  expectGrowing,
  expectPhoneHears,
  mixAudioEnergy,
  phoneServer,
} from './mediaHelpers.ts';

const port = Number(process.env.E2E_PORT ?? 8765) + 6;

test('[TP4][TP7][TP8][TP9] the consultant switches a call to audio via telephone: both sides see the number and their PIN, the visitor dials in with a real SIP phone, the consultant on browser audio hears the phone and the phone hears the consultant through the mix, hanging up brings browser audio back, the consultant dials in and the visitor on browser audio is mixed the same way, and ending the call hangs the phone up', async ({
  browser,
}) => {
  test.skip(!hasBaresip, 'baresip and sox are needed (scripts/ensure-phone.sh)');
  test.setTimeout(240_000);
  const { server, sipPort } = phoneServer(port, 'telephone');
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  let phone: BaresipPhone | undefined;
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
    await expect(app.getByTestId('end')).toBeVisible();

    await consolePage.getByTestId('audio-via-phone').click();
    // Both sides see the dial-in number and a PIN of their own.
    await expect(consolePage.getByTestId('dial-in-number')).toHaveText('+31 20 555 0100');
    await expect(app.getByTestId('dial-in-number')).toHaveText('+31 20 555 0100');
    const consultantPin = await consolePage.getByTestId('dial-in-pin').innerText();
    const visitorPin = await app.getByTestId('dial-in-pin').innerText();
    expect(visitorPin).toMatch(/^\d{8}$/);
    expect(consultantPin).toMatch(/^\d{8}$/);
    expect(visitorPin).not.toBe(consultantPin);

    // The visitor dials in and enters their PIN by DTMF: both sides see the phone connected.
    phone = await BaresipPhone.start({ toneHz: 440, lifetimeS: 120 });
    await phone.dial(`sip:+31205550100@127.0.0.1:${sipPort}`);
    await phone.command(`/sndcode ${visitorPin}#`);
    await expect(app.getByTestId('dial-in-mine')).toBeVisible({ timeout: 15_000 });
    await expect(consolePage.getByTestId('dial-in-other')).toBeVisible();
    await docsScreenshot(consolePage, 'telephone-audio');
    await docsScreenshot(page, 'telephone-audio-visitor-phone', { phone: true });

    // [TP8] The consultant stays on browser audio: their browser joins the phone mix and hears the
    // phone's 440 Hz tone; the phone hears the browser's (fake device) beeps.
    await expect.poll(() => mixAudioEnergy(consolePage)).toBeGreaterThanOrEqual(0);
    await expectGrowing(() => mixAudioEnergy(consolePage));
    await expectPhoneHears(phone);
    // No audio goes browser to browser while a phone is in the call: nobody hears anyone twice.
    expect((await callStats(consolePage)).senderTracks).not.toContain('audio');
    expect((await callStats(app)).senderTracks).not.toContain('audio');
    expect((await callStats(consolePage)).senderTracks).toContain('video');

    // [TP7][TP8] The phone hangs up: the consultant leaves the mix and audio goes browser to browser again.
    await phone.command('/hangup');
    await expect(app.getByTestId('dial-in-mine')).toBeHidden();
    await expect.poll(() => mixAudioEnergy(consolePage)).toBe(-1);
    await expect.poll(async () => (await callStats(consolePage)).senderTracks).toContain('audio');
    await expect.poll(async () => (await callStats(app)).senderTracks).toContain('audio');

    // [TP8] Now the consultant dials in with their own PIN and the visitor stays on browser audio:
    // the visitor's browser joins the mix and hears the phone, and the phone hears the visitor.
    await phone.dial(`sip:+31205550100@127.0.0.1:${sipPort}`);
    await phone.command(`/sndcode ${consultantPin}#`);
    await expect(consolePage.getByTestId('dial-in-mine')).toBeVisible({ timeout: 15_000 });
    await expect(app.getByTestId('dial-in-other')).toBeVisible();
    await expect.poll(() => mixAudioEnergy(app)).toBeGreaterThanOrEqual(0);
    await expectGrowing(() => mixAudioEnergy(app));
    await expectPhoneHears(phone);
    expect(await mixAudioEnergy(consolePage)).toBe(-1);
    expect((await callStats(app)).senderTracks).not.toContain('audio');

    // [TP4] Ending the call hangs up the phone.
    await endCallHangsUpPhone(consolePage, app, phone);
  } finally {
    // A test that timed out may have its browser gone already: the server and phone still go.
    await phone?.stop();
    await visitor.close().catch(() => undefined);
    await consultant.close().catch(() => undefined);
    await server.kill();
  }
});

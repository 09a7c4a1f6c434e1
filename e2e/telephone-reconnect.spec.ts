import { expect, test, type Frame, type Page } from '@playwright/test';
import { BaresipPhone, hasBaresip } from '../packages/server/test/baresipPhone.ts';
import { DEMO, goAvailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';
import { endCallHangsUpPhone, expectGrowing, expectPhoneHears, mixAudioEnergy, phoneServer } from './mediaHelpers.ts';

const port = Number(process.env.E2E_PORT ?? 8765) + 9;

interface MixHook {
  __parley?: {
    client: { connection: { socket?: { close(): void } } };
    legs?: Set<{ peerConnection: RTCPeerConnection; kind: string }>;
  };
  previousMix?: RTCPeerConnection;
}

/** Remembers the page's current mix leg, so a test can wait for a new one. */
async function rememberMixLeg(page: Page | Frame): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as MixHook;
    w.previousMix = [...(w.__parley?.legs ?? [])].find((leg) => leg.kind === 'mix')?.peerConnection;
  });
}

/** Whether the page is in the mix on a leg other than the remembered one. */
async function inMixOnNewLeg(page: Page | Frame): Promise<boolean> {
  return page.evaluate(() => {
    const w = window as unknown as MixHook;
    const leg = [...(w.__parley?.legs ?? [])].find((l) => l.kind === 'mix');
    return leg !== undefined && leg.peerConnection !== w.previousMix;
  });
}

test('[TP10] a consultant on browser audio mixed with the visitor’s phone who loses the socket, and then reloads the console, rejoins the mix each time: hears the phone and is heard by it; the visitor who reloads still has the phone', async ({
  browser,
}) => {
  test.skip(!hasBaresip, 'baresip and sox are needed (scripts/ensure-phone.sh)');
  test.setTimeout(240_000);
  const { server, sipPort } = phoneServer(port, 'telephone-reconnect');
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
    let app = await visitorFrame(page);
    await app.getByTestId('connect').click();
    await consolePage.getByTestId('accept').click();
    await expect(app.getByTestId('end')).toBeVisible();
    await consolePage.getByTestId('audio-via-phone').click();
    const visitorPin = await app.getByTestId('dial-in-pin').innerText();
    const consultantPin = await consolePage.getByTestId('dial-in-pin').innerText();
    phone = await BaresipPhone.start({ toneHz: 440, lifetimeS: 150 });
    await phone.dial(`sip:+31205550100@127.0.0.1:${sipPort}`);
    await phone.command(`/sndcode ${visitorPin}#`);
    await expect(consolePage.getByTestId('dial-in-other')).toBeVisible({ timeout: 15_000 });
    await expectGrowing(() => mixAudioEnergy(consolePage));

    // The console's socket drops (the page stays): it reconnects and its browser joins the mix again.
    await rememberMixLeg(consolePage);
    await consolePage.evaluate(() => (window as unknown as MixHook).__parley?.client.connection.socket?.close());
    await expect.poll(() => inMixOnNewLeg(consolePage), { timeout: 20_000 }).toBe(true);
    await expectGrowing(() => mixAudioEnergy(consolePage));
    await expectPhoneHears(phone);

    // The console reloads: it learns again that the call is in phone mode, with the same PIN, and rejoins.
    await consolePage.reload();
    await expect(consolePage.getByTestId('dial-in-pin')).toHaveText(consultantPin, { timeout: 20_000 });
    await expect(consolePage.getByTestId('dial-in-other')).toBeVisible();
    await expect.poll(() => mixAudioEnergy(consolePage), { timeout: 20_000 }).toBeGreaterThanOrEqual(0);
    await expectGrowing(() => mixAudioEnergy(consolePage));
    await expectPhoneHears(phone);

    // The visitor, whose phone carries their audio, reloads: the page still knows its phone is on.
    await page.reload();
    app = await visitorFrame(page);
    await expect(app.getByTestId('dial-in-mine')).toBeVisible({ timeout: 20_000 });
    expect(await mixAudioEnergy(app)).toBe(-1);

    await endCallHangsUpPhone(consolePage, app, phone);
  } finally {
    await phone?.stop();
    await visitor.close().catch(() => undefined);
    await consultant.close().catch(() => undefined);
    await server.kill();
  }
});

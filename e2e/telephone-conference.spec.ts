import { expect, test, type Frame, type Page } from '@playwright/test';
import { BaresipPhone, hasBaresip } from '../packages/server/test/baresipPhone.ts';
import { startConference } from './conferenceHelpers.ts';
import { goUnavailable } from './helpers.ts';
import { endCallHangsUpPhone, expectGrowing, expectPhoneHears, mixAudioEnergy, phoneServer } from './mediaHelpers.ts';

const port = Number(process.env.E2E_PORT ?? 8765) + 12;

/** The track the page's SFU publisher sends as audio ('none' while it sends none), or null without a publisher. */
async function publishedAudio(page: Page | Frame): Promise<string | null> {
  return page.evaluate(() => {
    interface Hook {
      legs?: Set<{ peerConnection: RTCPeerConnection; kind: string }>;
    }
    const legs = [...((window as unknown as { __parley?: Hook }).__parley?.legs ?? [])];
    const publisher = legs.find((leg) => leg.kind === 'publisher');
    if (!publisher) return null;
    const sender = publisher.peerConnection.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.sender;
    return sender?.track ? 'microphone' : 'none';
  });
}

test('[TP11] audio via telephone in a conference: every member sees the number and a PIN of their own, the visitor dials in with a real SIP phone and is heard by both consultants through the mix, who are heard by the phone; the SFU carries no audio meanwhile; ending the conference hangs the phone up', async ({
  browser,
}) => {
  test.skip(!hasBaresip, 'baresip and sox are needed (scripts/ensure-phone.sh)');
  test.setTimeout(240_000);
  const { server, sipPort } = phoneServer(port, 'telephone-conference');
  let phone: BaresipPhone | undefined;
  let closeAll = (): Promise<unknown> => Promise.resolve();
  try {
    await server.start();
    const { dana, sam, app, danaContext, samContext, visitorContext } = await startConference(browser, {
      visitorBrowser: browser,
      baseURL: server.baseUrl,
    });
    closeAll = () =>
      Promise.all([danaContext, samContext, visitorContext].map((c) => c.close().catch(() => undefined)));
    await expect.poll(() => publishedAudio(sam), { timeout: 30_000 }).toBe('microphone');
    // Only the conference's own consultant switches it; the colleague has no such button.
    await expect(sam.getByTestId('audio-via-phone')).toHaveCount(0);
    await dana.getByTestId('audio-via-phone').click();
    const pins = await Promise.all(
      [dana, sam, app].map(async (page) => {
        await expect(page.getByTestId('dial-in-number')).toHaveText('+31 20 555 0100');
        return page.getByTestId('dial-in-pin').innerText();
      }),
    );
    expect(new Set(pins).size).toBe(3);
    for (const pin of pins) expect(pin).toMatch(/^\d{8}$/);

    // The visitor dials in: both consultants see it and hear the phone's tone through the mix.
    phone = await BaresipPhone.start({ toneHz: 440, lifetimeS: 150 });
    await phone.dial(`sip:+31205550100@127.0.0.1:${sipPort}`);
    await phone.command(`/sndcode ${pins[2] ?? ''}#`);
    await expect(app.getByTestId('dial-in-mine')).toBeVisible({ timeout: 15_000 });
    for (const page of [dana, sam]) {
      await expect(page.getByTestId('dial-in-other')).toBeVisible();
      await expect.poll(() => mixAudioEnergy(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(0);
      await expectGrowing(() => mixAudioEnergy(page));
    }
    await expectPhoneHears(phone);
    // Nobody hears anyone twice: no browser sends audio into the SFU, and the visitor on the
    // phone is in no mix.
    for (const page of [dana, sam, app]) await expect.poll(() => publishedAudio(page)).toBe('none');
    expect(await mixAudioEnergy(app)).toBe(-1);

    // Ending the conference hangs the phone up.
    await endCallHangsUpPhone(dana, app, phone);
    await goUnavailable(sam);
  } finally {
    await phone?.stop();
    await closeAll();
    await server.kill();
  }
});

import { expect, test, type Frame, type Page } from '@playwright/test';
import { cameraBitrateCap } from '../packages/client/src/media/rtcTuning.ts';
import { expectMediaFlowing, goUnavailable } from './helpers.ts';
import { connectAndAccept, hangUp, twoPeople } from './mediaHelpers.ts';

/** What one side's call connection negotiated and set on its camera sender. */
function tuningOf(target: Page | Frame) {
  return target.evaluate(() => {
    interface Hook {
      call(): { peerConnection?: RTCPeerConnection } | undefined;
    }
    const pc = (window as unknown as { __parley: Hook }).__parley.call()?.peerConnection;
    const camera = pc?.getTransceivers()[1]?.sender;
    const parameters = camera?.getParameters();
    const settings = camera?.track?.getSettings();
    const opusFmtp = (sdp: string | undefined) => {
      const pt = /a=rtpmap:(\d+) opus\/48000/.exec(sdp ?? '')?.[1];
      return new RegExp(`a=fmtp:${pt} (.*)`).exec(sdp ?? '')?.[1]?.trim() ?? '';
    };
    return {
      askedOpus: opusFmtp(pc?.localDescription?.sdp),
      degradationPreference: parameters?.degradationPreference ?? null,
      maxBitrate: parameters?.encodings[0]?.maxBitrate ?? null,
      camera: { width: settings?.width ?? 0, height: settings?.height ?? 0, fps: settings?.frameRate ?? 0 },
    };
  });
}

test('[NW10] a call asks for Opus FEC and DTX both ways, and each camera keeps its frame rate under a bitrate cap for its size', async ({
  browser,
}) => {
  const people = await twoPeople(browser);
  try {
    await connectAndAccept(people);
    await expectMediaFlowing(people.app);
    for (const side of [people.app, people.consolePage]) {
      const tuning = await tuningOf(side);
      expect(tuning.askedOpus).toContain('useinbandfec=1');
      expect(tuning.askedOpus).toContain('usedtx=1');
      expect(tuning.degradationPreference).toBe('maintain-framerate');
      expect(tuning.maxBitrate).toBe(cameraBitrateCap(tuning.camera.width, tuning.camera.height, tuning.camera.fps));
    }
    await hangUp(people);
    await people.consolePage.getByTestId('dismiss').click();
  } finally {
    // The next spec (call.spec) finds the demo consultant unavailable, as it expects ([A1]).
    await goUnavailable(people.consolePage).catch(() => undefined);
    await people.close();
  }
});

import { describe, expect, it } from 'vitest';
import {
  cameraBitrateCap,
  defaultRtcTuning,
  rtcTuningFrom,
  simulcastEncodings,
  tuneCameraSender,
  tuneOpusSdp,
} from './rtcTuning.ts';

const offer = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  '',
].join('\r\n');

describe('[NW10] call media tuning', () => {
  it('[NW10] asks for Opus with in-band FEC and DTX, and touches no other format', () => {
    const tuned = tuneOpusSdp(offer, defaultRtcTuning);
    expect(tuned).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(tuned).toContain('a=fmtp:63 111/111\r\n');
    expect(tuned.replace('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1', '')).toBe(
      offer.replace('a=fmtp:111 minptime=10;useinbandfec=1', ''),
    );
  });

  it('[NW10] turned off for a measurement, FEC and DTX are asked off (not left to the browser)', () => {
    const tuned = tuneOpusSdp(offer, { opusFec: false, opusDtx: false });
    expect(tuned).toContain('a=fmtp:111 minptime=10;useinbandfec=0;usedtx=0\r\n');
  });

  it('[NW10] caps the camera by size and frame rate: ≈ 800 kbit/s at 640x480@25, less below, never under 100 kbit/s', () => {
    expect(cameraBitrateCap(640, 480, 25)).toBe(800_000);
    expect(cameraBitrateCap(640, 480, 15)).toBe(480_000);
    expect(cameraBitrateCap(320, 240, 25)).toBe(200_000);
    expect(cameraBitrateCap(160, 120, 8)).toBe(100_000);
  });

  it('[NW10] a measurement may store other knobs; anything unreadable means the defaults', () => {
    expect(rtcTuningFrom(null)).toEqual(defaultRtcTuning);
    expect(rtcTuningFrom('{not json')).toEqual(defaultRtcTuning);
    expect(rtcTuningFrom('{"opusDtx":false,"cameraDegradation":null,"bitrateCaps":"no"}')).toEqual({
      ...defaultRtcTuning,
      opusDtx: false,
      cameraDegradation: null,
    });
    expect(rtcTuningFrom('{"cameraDegradation":"sideways"}').cameraDegradation).toBe('maintain-framerate');
  });

  it('[NW10] sets the camera sender’s degradation preference and cap, keeping its other parameters', async () => {
    let applied: RTCRtpSendParameters | undefined;
    const sender = {
      track: { kind: 'video', getSettings: () => ({ width: 320, height: 240, frameRate: 15 }) },
      getParameters: () => ({
        transactionId: 't1',
        encodings: [{ active: true }],
        codecs: [],
        headerExtensions: [],
        rtcp: {},
      }),
      setParameters: (p: RTCRtpSendParameters) => {
        applied = p;
        return Promise.resolve();
      },
    } as unknown as RTCRtpSender;
    await tuneCameraSender(sender, defaultRtcTuning);
    expect(applied?.transactionId).toBe('t1');
    expect(applied?.degradationPreference).toBe('maintain-framerate');
    expect(applied?.encodings).toEqual([{ active: true, maxBitrate: 120_000 }]);
  });

  it('[NW11] a broadcaster sends three layers, largest first (Janus’s substream 0 is the last), each capped for its size', () => {
    expect(simulcastEncodings(640, 480, 25)).toEqual([
      { rid: 'h', scaleResolutionDownBy: 1, active: true, maxBitrate: 800_000 },
      { rid: 'm', scaleResolutionDownBy: 2, active: true, maxBitrate: 200_000 },
      { rid: 'l', scaleResolutionDownBy: 4, active: true, maxBitrate: 100_000 },
    ]);
    expect(defaultRtcTuning.broadcastSimulcast).toBe(true);
    expect(rtcTuningFrom('{"broadcastSimulcast":false}').broadcastSimulcast).toBe(false);
  });
});

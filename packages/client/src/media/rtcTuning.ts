/**
 * [NW10] How a call's media is tuned for bad networks: Opus in-band FEC (a lost audio packet is
 * rebuilt from the next one) and DTX (silence costs almost nothing, leaving the bandwidth to the
 * voice and picture), a `degradationPreference` for the camera, and a bitrate cap for each video
 * size and frame rate. Pure functions, unit-tested without a browser; PeerCall applies them.
 */
export interface RtcTuning {
  /** Ask the other side for Opus in-band FEC (`useinbandfec=1`; Chromium's own default). */
  opusFec: boolean;
  /** Ask the other side to send Opus with DTX (`usedtx=1`). */
  opusDtx: boolean;
  /**
   * What the camera's encoder gives up first when the link cannot carry it all. Parley keeps the
   * frame rate: a picture that moves at a lower resolution, never a frozen one.
   */
  cameraDegradation: RTCDegradationPreference | null;
  /** Cap the camera's bitrate by its size and frame rate (`maxBitrate`). */
  bitrateCaps: boolean;
  /**
   * [NW11] A broadcaster's camera goes to the SFU in three simulcast layers (full, half and
   * quarter size), so a viewer on a weak link can get a smaller one.
   */
  broadcastSimulcast: boolean;
}

export const defaultRtcTuning: RtcTuning = {
  opusFec: true,
  opusDtx: true,
  cameraDegradation: 'maintain-framerate',
  bitrateCaps: true,
  broadcastSimulcast: true,
};

/**
 * Where a measurement (`npm run bench network`) turns knobs off or changes them for one browser:
 * a JSON object in localStorage under this key, merged over the defaults. Nothing else sets it.
 */
export const RTC_TUNING_STORAGE_KEY = 'parley.rtcTuning';

export function rtcTuningFrom(stored: string | null | undefined): RtcTuning {
  if (!stored) return defaultRtcTuning;
  try {
    const parsed = JSON.parse(stored) as Partial<Record<keyof RtcTuning, unknown>>;
    const degradations: unknown[] = ['maintain-framerate', 'maintain-resolution', 'balanced'];
    return {
      opusFec: typeof parsed.opusFec === 'boolean' ? parsed.opusFec : defaultRtcTuning.opusFec,
      opusDtx: typeof parsed.opusDtx === 'boolean' ? parsed.opusDtx : defaultRtcTuning.opusDtx,
      cameraDegradation:
        parsed.cameraDegradation === null
          ? null
          : degradations.includes(parsed.cameraDegradation)
            ? (parsed.cameraDegradation as RTCDegradationPreference)
            : defaultRtcTuning.cameraDegradation,
      bitrateCaps: typeof parsed.bitrateCaps === 'boolean' ? parsed.bitrateCaps : defaultRtcTuning.bitrateCaps,
      broadcastSimulcast:
        typeof parsed.broadcastSimulcast === 'boolean'
          ? parsed.broadcastSimulcast
          : defaultRtcTuning.broadcastSimulcast,
    };
  } catch {
    return defaultRtcTuning;
  }
}

/** The tuning of this page (defaults unless a measurement stored another). */
export function pageRtcTuning(): RtcTuning {
  try {
    // No localStorage at all (Node, a worker): the defaults.
    if (typeof localStorage === 'undefined') return defaultRtcTuning;
    return rtcTuningFrom(localStorage.getItem(RTC_TUNING_STORAGE_KEY));
  } catch {
    // Storage refused (a sandboxed or third-party frame): the defaults.
    return defaultRtcTuning;
  }
}

/**
 * Sets `useinbandfec` and `usedtx` on every Opus payload of an SDP (what this side asks the other
 * to send). Parameters already there are replaced; other formats are left alone.
 */
export function tuneOpusSdp(sdp: string, tuning: Pick<RtcTuning, 'opusFec' | 'opusDtx'>): string {
  const opusPayloads = [...sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000/gim)].map((m) => m[1]);
  let tuned = sdp;
  for (const pt of opusPayloads) {
    tuned = tuned.replace(new RegExp(`^a=fmtp:${pt} (.*)$`, 'm'), (_line, params: string) => {
      const kept = params
        .split(';')
        .map((p) => p.trim())
        .filter((p) => p && !/^(useinbandfec|usedtx)=/.test(p));
      kept.push(`useinbandfec=${tuning.opusFec ? 1 : 0}`, `usedtx=${tuning.opusDtx ? 1 : 0}`);
      return `a=fmtp:${pt} ${kept.join(';')}`;
    });
  }
  return tuned;
}

/**
 * The camera's bitrate cap in bit/s for what it sends: about 0.1 bit per pixel per frame at
 * 25 fps on 640x480 (≈ 800 kbit/s), less for smaller or slower pictures, never under 100 kbit/s.
 */
export function cameraBitrateCap(width: number, height: number, fps: number): number {
  const pixels = Math.max(1, width * height);
  const rate = Math.max(1, Math.min(fps || 25, 30));
  const bits = pixels * rate * 0.104;
  return Math.max(100_000, Math.round(bits / 10_000) * 10_000);
}

/** Applies the camera's degradation preference and bitrate cap to its sender, keeping its other parameters. */
export async function tuneCameraSender(sender: RTCRtpSender, tuning: RtcTuning): Promise<void> {
  const track = sender.track;
  if (!track || track.kind !== 'video') return;
  const parameters = sender.getParameters();
  // Before negotiation a sender has no encodings yet (typed as always there, it is not).
  if (((parameters.encodings as RTCRtpEncodingParameters[] | undefined)?.length ?? 0) === 0) return;
  if (tuning.cameraDegradation) parameters.degradationPreference = tuning.cameraDegradation;
  if (tuning.bitrateCaps) {
    const { width = 640, height = 480, frameRate = 25 } = track.getSettings();
    const cap = cameraBitrateCap(width, height, frameRate);
    for (const encoding of parameters.encodings) encoding.maxBitrate = cap;
  }
  await sender.setParameters(parameters);
}

/**
 * [NW11] The simulcast layers of a broadcaster's camera, largest first as Janus expects them
 * (its substream 0 is the last `rid`): full, half and quarter size, each capped like a camera of
 * that size. Chromium sends fewer for a small picture: at 640x480 it leaves out the quarter, and
 * Janus then gives a viewer asking for layer 0 the half-size one, the smallest there is.
 */
export function simulcastEncodings(width: number, height: number, fps: number): RTCRtpEncodingParameters[] {
  return [
    { rid: 'h', scaleResolutionDownBy: 1 },
    { rid: 'm', scaleResolutionDownBy: 2 },
    { rid: 'l', scaleResolutionDownBy: 4 },
  ].map((layer) => ({
    ...layer,
    active: true,
    maxBitrate: cameraBitrateCap(width / layer.scaleResolutionDownBy, height / layer.scaleResolutionDownBy, fps),
  }));
}

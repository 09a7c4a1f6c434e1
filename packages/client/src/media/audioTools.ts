/**
 * Small Web Audio helpers for the media check (F-03): a live microphone level and a test sound
 * on the chosen speaker.
 */

/** Calls `onLevel` (0–1) about 15 times a second with the microphone's loudness; returns stop. */
export function watchLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    if (context.state === 'suspended') void context.resume();
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // RMS of speech sits around 0.02–0.2; scale so normal speech fills most of the meter.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
  }, 66);
  return () => {
    clearInterval(timer);
    void context.close();
  };
}

/** Routes an element's sound to a speaker where the browser can (Chromium); elsewhere the default plays. */
export async function setSpeaker(element: HTMLMediaElement, deviceId: string): Promise<void> {
  // Typed as always present, but missing in Safari and older Firefox.
  const sink = element as { setSinkId?: (id: string) => Promise<void> };
  if (deviceId && typeof sink.setSinkId === 'function') await sink.setSinkId(deviceId).catch(() => undefined);
}

/** Plays a short two-tone chime on the chosen speaker, so the visitor can hear that sound works. */
export async function playTestSound(speakerId: string, volume = 1): Promise<void> {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const gain = context.createGain();
  gain.connect(destination);
  for (const [offset, frequency] of [
    [0, 660],
    [0.25, 880],
  ] as const) {
    const osc = context.createOscillator();
    osc.frequency.value = frequency;
    const env = context.createGain();
    env.gain.setValueAtTime(0.0001, context.currentTime + offset);
    env.gain.exponentialRampToValueAtTime(0.4 * volume + 0.0001, context.currentTime + offset + 0.02);
    env.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + offset + 0.45);
    osc.connect(env).connect(gain);
    osc.start(context.currentTime + offset);
    osc.stop(context.currentTime + offset + 0.5);
  }
  const audio = new Audio();
  audio.srcObject = destination.stream;
  await setSpeaker(audio, speakerId);
  await context.resume();
  await audio.play().catch(() => undefined);
  setTimeout(() => {
    audio.srcObject = null;
    void context.close();
  }, 900);
}

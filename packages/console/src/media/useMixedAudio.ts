import { useEffect, useState } from 'react';

/**
 * [MD8] The audio a consultant sends: the microphone alone, or — while a support video plays —
 * the microphone and the clip's sound mixed into one track (a call has one audio sender). A
 * switched-off microphone leaves the clip's sound alone; no clip keeps Web Audio out of the path.
 */
export function useMixedAudio(
  microphone: MediaStreamTrack | null,
  extra: MediaStreamTrack | null,
): MediaStreamTrack | null {
  const [mixed, setMixed] = useState<MediaStreamTrack | null>(null);
  useEffect(() => {
    if (!extra || typeof AudioContext !== 'function') {
      setMixed(null);
      return;
    }
    const context = new AudioContext();
    const destination = context.createMediaStreamDestination();
    for (const track of [microphone, extra]) {
      if (track) context.createMediaStreamSource(new MediaStream([track])).connect(destination);
    }
    void context.resume();
    const out = destination.stream.getAudioTracks()[0] ?? null;
    setMixed(out);
    return () => {
      out?.stop();
      void context.close();
    };
  }, [microphone, extra]);
  return extra ? mixed : microphone;
}

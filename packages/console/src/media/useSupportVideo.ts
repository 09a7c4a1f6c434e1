import { useCallback, useEffect, useRef, useState } from 'react';
import type { SupportVideo } from '@parley/protocol';

interface CapturableVideo extends HTMLVideoElement {
  captureStream?: () => MediaStream;
}

/** Elements already routed into Web Audio (a ref callback may run twice for one element). */
const sourced = new WeakSet<HTMLVideoElement>();

/**
 * [MD8] Plays a support video into the call: the clip plays in a video element, `captureStream()`
 * turns its picture into the outgoing camera track, and its sound is taken from the element into
 * Web Audio (`audio`, to be mixed with the microphone); stop drops both, and the camera goes back
 * on the sender.
 */
export function useSupportVideo(): {
  clip: { video: SupportVideo; url: string } | null;
  track: MediaStreamTrack | null;
  /** The clip's sound while it plays (silent for a clip without sound). */
  audio: MediaStreamTrack | null;
  element: (node: HTMLVideoElement | null) => void;
  play: (video: SupportVideo, url: string) => void;
  stop: () => void;
} {
  const [clip, setClip] = useState<{ video: SupportVideo; url: string } | null>(null);
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  const [audio, setAudio] = useState<MediaStreamTrack | null>(null);
  const node = useRef<HTMLVideoElement | null>(null);
  const sound = useRef<AudioContext | null>(null);

  const element = useCallback((video: HTMLVideoElement | null) => {
    node.current = video;
    if (!video) return;
    if (typeof AudioContext === 'function' && !sourced.has(video)) {
      // The element's sound goes into the graph instead of the speakers (so the consultant does
      // not hear it twice through their own microphone). An element can feed one source, ever.
      sourced.add(video);
      const context = new AudioContext();
      const destination = context.createMediaStreamDestination();
      context.createMediaElementSource(video).connect(destination);
      void context.resume();
      sound.current = context;
      setAudio(destination.stream.getAudioTracks()[0] ?? null);
    }
    const capture = () => {
      const stream = (video as CapturableVideo).captureStream?.();
      setTrack(stream?.getVideoTracks()[0] ?? null);
    };
    if (video.readyState >= 2) capture();
    else video.addEventListener('loadeddata', capture, { once: true });
  }, []);

  const stop = useCallback(() => {
    setTrack((current) => {
      current?.stop();
      return null;
    });
    setAudio((current) => {
      current?.stop();
      return null;
    });
    void sound.current?.close();
    sound.current = null;
    setClip((current) => {
      if (current) URL.revokeObjectURL(current.url);
      return null;
    });
  }, []);

  const play = useCallback(
    (video: SupportVideo, url: string) => {
      stop();
      setClip({ video, url });
    },
    [stop],
  );
  useEffect(() => stop, [stop]);
  return { clip, track, audio, element, play, stop };
}

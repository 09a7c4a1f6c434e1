import { useCallback, useEffect, useRef, useState } from 'react';
import type { SupportVideo } from '@parley/protocol';

interface CapturableVideo extends HTMLVideoElement {
  captureStream?: () => MediaStream;
}

/**
 * [MD8] Plays a support video into the call: the clip plays in a (muted) video element and
 * `captureStream()` turns it into the outgoing camera track; stop drops it, and the camera
 * goes back on the sender.
 */
export function useSupportVideo(): {
  clip: { video: SupportVideo; url: string } | null;
  track: MediaStreamTrack | null;
  element: (node: HTMLVideoElement | null) => void;
  play: (video: SupportVideo, url: string) => void;
  stop: () => void;
} {
  const [clip, setClip] = useState<{ video: SupportVideo; url: string } | null>(null);
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  const node = useRef<HTMLVideoElement | null>(null);

  const element = useCallback((video: HTMLVideoElement | null) => {
    node.current = video;
    if (!video) return;
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
  return { clip, track, element, play, stop };
}

import { useEffect, useRef, useState } from 'react';
import type { LocalMedia, LocalMediaState } from '@parley/client';

/** Re-renders with every change of this side's local media (tracks, devices, settings). */
export function useLocalMediaState(media: LocalMedia): LocalMediaState {
  const [state, setState] = useState(media.state);
  useEffect(() => media.on('change', setState), [media]);
  return state;
}

/** Binds a MediaStream to a <video> element. */
export function useVideo(stream: MediaStream | null | undefined, version?: unknown) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== (stream ?? null)) video.srcObject = stream ?? null;
    // `version` changes when tracks are added to the same stream, which a video element ignores.
  }, [stream, version]);
  return ref;
}

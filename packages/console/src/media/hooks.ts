import { useEffect, useRef, useState } from 'react';
import type { LocalMedia, LocalMediaState } from '@parley/client';

/** Re-renders with every change of the consultant's local media. */
export function useLocalMediaState(media: LocalMedia): LocalMediaState {
  const [state, setState] = useState(media.state);
  useEffect(() => media.on('change', setState), [media]);
  return state;
}

/** Binds a MediaStream to a <video> element. */
export function useVideo(stream: MediaStream | null | undefined) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== (stream ?? null)) ref.current.srcObject = stream ?? null;
  }, [stream]);
  return ref;
}

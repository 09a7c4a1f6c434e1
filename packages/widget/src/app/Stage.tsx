import { useEffect, useState } from 'preact/hooks';
import { setSpeaker, type RemoteMedia } from '@parley/client';
import type { Translate } from '@parley/i18n';
import type { MediaState } from '@parley/protocol';
import { useVideo } from './hooks.ts';

interface Props {
  remote: RemoteMedia | undefined;
  remoteState: MediaState | null;
  remoteName: string;
  local: MediaStream | null;
  volume: number;
  speakerId: string;
  t: Translate;
}

/**
 * The call's videos (F-20): the other side big and the own preview small, swappable; a shared
 * screen takes the main view with the other side's camera beside it; picture-in-picture on request.
 */
export function Stage({ remote, remoteState, remoteName, local, volume, speakerId, t }: Props) {
  const [swapped, setSwapped] = useState(false);
  const sharing = remoteState?.screen ?? false;
  const remoteCamera = useVideo(remote?.camera);
  const remoteScreen = useVideo(sharing ? remote?.screen : null);
  const own = useVideo(local);
  useEffect(() => {
    const video = remoteCamera.current;
    if (!video) return;
    video.volume = volume;
    void setSpeaker(video, speakerId);
  }, [volume, speakerId, remoteCamera]);

  const pip = () => {
    const target = sharing ? remoteScreen.current : remoteCamera.current;
    if (document.pictureInPictureElement) void document.exitPictureInPicture();
    else void target?.requestPictureInPicture().catch(() => undefined);
  };
  const notices = [
    remoteState && !remoteState.camera && !remoteState.supportVideo
      ? t('remote.cameraOff', { name: remoteName })
      : null,
    remoteState && !remoteState.microphone ? t('remote.micOff', { name: remoteName }) : null,
    remoteState?.supportVideo ? t('remote.supportVideo', { name: remoteName }) : null,
    sharing ? t('remote.sharing', { name: remoteName }) : null,
  ].filter((n): n is string => n !== null);

  return (
    <div class={`stage ${swapped ? 'swapped' : ''} ${sharing ? 'sharing' : ''}`}>
      <video
        ref={remoteCamera}
        class="remote"
        data-testid="remote-video"
        autoplay
        playsinline
        aria-label={remoteName}
      />
      {sharing && <video ref={remoteScreen} class="screen" data-testid="remote-screen" autoplay playsinline muted />}
      {local && (
        <video
          ref={own}
          class="pip"
          data-testid="local-video"
          autoplay
          playsinline
          muted
          aria-label={t('media.preview')}
        />
      )}
      {notices.length > 0 && (
        <ul class="notices" data-testid="remote-state" aria-live="polite">
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div class="view-controls">
        <button
          type="button"
          data-testid="swap"
          title={t('control.swap')}
          aria-label={t('control.swap')}
          onClick={() => setSwapped(!swapped)}
        >
          <SwapIcon />
        </button>
        {pipSupported() && (
          <button type="button" data-testid="pip" title={t('control.pip')} aria-label={t('control.pip')} onClick={pip}>
            <PipIcon />
          </button>
        )}
      </div>
    </div>
  );
}

/** Small inline icons: no icon font to load, and they render the same everywhere. */
export function SwapIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
    >
      <path d="M2 5h10l-3-3M14 11H4l3 3" />
    </svg>
  );
}

export function PipIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
    >
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
      <rect x="8" y="8" width="5" height="4" fill="currentColor" stroke="none" />
    </svg>
  );
}

/** [CD4] Picture-in-picture is offered only where the browser has it and allows it (not in Firefox). */
function pipSupported(): boolean {
  return 'pictureInPictureEnabled' in document && document.pictureInPictureEnabled;
}

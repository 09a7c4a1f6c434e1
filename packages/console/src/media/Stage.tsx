import { useEffect, useState, type ReactNode } from 'react';
import { setSpeaker, type RemoteMedia } from '@parley/client';
import type { MediaState } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { useVideo } from './hooks.ts';

interface Props {
  remote: RemoteMedia | undefined;
  remoteState: MediaState | null;
  remoteName: string;
  /** Several conversations at once (F-29): only the one in front is heard. */
  muted: boolean;
  /** The own camera preview, or the support video playing (as an element). */
  local: ReactNode;
  volume: number;
  speakerId: string;
}

/** The call's videos (F-20): main view and preview swappable, shared screen, picture-in-picture. */
export function Stage({ remote, remoteState, remoteName, muted, local, volume, speakerId }: Props) {
  const { t } = useT();
  const [swapped, setSwapped] = useState(false);
  const sharing = remoteState?.screen ?? false;
  const remoteCamera = useVideo(remote?.camera);
  const remoteScreen = useVideo(sharing ? remote?.screen : null);
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
    remoteState && !remoteState.camera ? ['remote-camera-off', t('remote.cameraOff', { name: remoteName })] : null,
    remoteState && !remoteState.microphone ? ['remote-mic-off', t('remote.micOff', { name: remoteName })] : null,
    sharing ? ['remote-sharing', t('remote.sharing', { name: remoteName })] : null,
  ].filter((n): n is [string, string] => n !== null);

  return (
    <div className={`stage ${swapped ? 'swapped' : ''} ${sharing ? 'sharing' : ''}`}>
      <video
        ref={remoteCamera}
        className="remote"
        data-testid="remote-video"
        autoPlay
        playsInline
        muted={muted}
        aria-label={remoteName}
      />
      {sharing && (
        <video ref={remoteScreen} className="screen" data-testid="remote-screen" autoPlay playsInline muted />
      )}
      {local}
      {notices.length > 0 && (
        <ul className="notices" aria-live="polite" data-testid="remote-state">
          {notices.map(([id, text]) => (
            <li key={id} data-testid={id}>
              {text}
            </li>
          ))}
        </ul>
      )}
      <div className="view-controls">
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
      strokeWidth="1.6"
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
      strokeWidth="1.6"
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

import { useEffect, useState, type ReactNode } from 'react';
import { setSpeaker, type RemoteMedia } from '@parley/client';
import type { Translate } from '@parley/i18n/core';
import type { MediaState } from '@parley/protocol';
import { useVideo } from './hooks.ts';

interface Props {
  remote: RemoteMedia | undefined;
  remoteState: MediaState | null;
  remoteName: string;
  /** Several conversations at once (F-29): only the one in front is heard. */
  muted?: boolean;
  /** The own camera preview, or the support video playing (an element, e.g. <LocalVideo>). */
  local: ReactNode;
  volume: number;
  speakerId: string;
  t: Translate;
}

/**
 * The call's videos (F-20): the other side big and the own preview small, swappable; a shared
 * screen takes the main view with the other side's camera beside it; picture-in-picture on request.
 */
export function Stage({ remote, remoteState, remoteName, muted = false, local, volume, speakerId, t }: Props) {
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
  const notices = remoteNotices(remoteState, remoteName, t);

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

/**
 * [MD4] What the other side does not send now, and what it shows instead (a support video, [MD8]);
 * in a conference, each member's tile ([SM1]).
 */
export function remoteNotices(state: MediaState | null, name: string, t: Translate): [string, string][] {
  if (!state) return [];
  const notices: [string, string][] = [];
  if (!state.camera && !state.supportVideo) notices.push(['remote-camera-off', t('remote.cameraOff', { name })]);
  if (!state.microphone) notices.push(['remote-mic-off', t('remote.micOff', { name })]);
  if (state.supportVideo) notices.push(['remote-support-video', t('remote.supportVideo', { name })]);
  if (state.screen) notices.push(['remote-sharing', t('remote.sharing', { name })]);
  // [NW5] The other side took less because of its connection: what it no longer gets from us.
  if (state.receive === 'voice') notices.push(['remote-chose-voice', t('remote.choseVoice', { name })]);
  if (state.receive === 'text') notices.push(['remote-chose-text', t('remote.choseText', { name })]);
  return notices;
}

/** The own camera, mirrored by the stylesheet; never played back to oneself (muted). */
export function LocalVideo({ stream, className, label }: { stream: MediaStream; className: string; label?: string }) {
  const ref = useVideo(stream);
  return (
    <video ref={ref} className={className} data-testid="local-video" autoPlay playsInline muted aria-label={label} />
  );
}

/** Small inline icons: no icon font to load, and they render the same everywhere. */
function Icon({ children }: { children: ReactNode }) {
  return (
    // Hyphenated SVG attributes: Preact without compat does not rename strokeWidth.
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
    >
      {children}
    </svg>
  );
}

export function SwapIcon() {
  return (
    <Icon>
      <path d="M2 5h10l-3-3M14 11H4l3 3" />
    </Icon>
  );
}

export function PipIcon() {
  return (
    <Icon>
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
      <rect x="8" y="8" width="5" height="4" fill="currentColor" stroke="none" />
    </Icon>
  );
}

let pipAnswer: boolean | undefined;

/**
 * [CD4] Picture-in-picture is offered only where the browser has it and allows it (not in Firefox).
 * Asked once per page: Chromium's getter took tens of milliseconds of the console's main thread on
 * each render of a call screen, in the very moment a call is accepted ([IA3]).
 */
function pipSupported(): boolean {
  pipAnswer ??= 'pictureInPictureEnabled' in document && document.pictureInPictureEnabled;
  return pipAnswer;
}

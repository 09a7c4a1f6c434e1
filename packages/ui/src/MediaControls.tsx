import type { Translate } from '@parley/i18n/core';

interface Props {
  camera: boolean;
  microphone: boolean;
  sharing: boolean;
  /** Phones and insecure pages have no getDisplayMedia: no share button there. */
  canShare: boolean;
  onCamera: () => void;
  onMicrophone: () => void;
  onShare: () => void;
  onSettings: () => void;
  t: Translate;
}

/** [MD4][MD5] The call's toolbar: camera, microphone and screen on and off, and the settings. */
export function MediaControls({
  camera,
  microphone,
  sharing,
  canShare,
  onCamera,
  onMicrophone,
  onShare,
  onSettings,
  t,
}: Props) {
  return (
    <div className="controls" role="toolbar">
      <button
        type="button"
        className={camera ? 'secondary' : 'state-off'}
        data-testid="toggle-camera"
        aria-pressed={!camera}
        onClick={onCamera}
      >
        {t(camera ? 'control.cameraOff' : 'control.cameraOn')}
      </button>
      <button
        type="button"
        className={microphone ? 'secondary' : 'state-off'}
        data-testid="toggle-mic"
        aria-pressed={!microphone}
        onClick={onMicrophone}
      >
        {t(microphone ? 'control.micOff' : 'control.micOn')}
      </button>
      {canShare && (
        <button
          type="button"
          className={sharing ? 'state-on' : 'secondary'}
          data-testid="toggle-screen"
          onClick={onShare}
        >
          {t(sharing ? 'control.stopShare' : 'control.shareScreen')}
        </button>
      )}
      <button type="button" className="secondary" data-testid="open-settings" onClick={onSettings}>
        {t('settings.open')}
      </button>
    </div>
  );
}

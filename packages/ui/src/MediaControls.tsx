import type { MessageKey, Translate } from '@parley/i18n';

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
      <DeviceToggle
        on={camera}
        testId="toggle-camera"
        turnOff="control.cameraOff"
        turnOn="control.cameraOn"
        onClick={onCamera}
        t={t}
      />
      <DeviceToggle
        on={microphone}
        testId="toggle-mic"
        turnOff="control.micOff"
        turnOn="control.micOn"
        onClick={onMicrophone}
        t={t}
      />
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

/** A device that is on reads "turn off"; one that is off is marked (red) and pressed. */
function DeviceToggle(props: {
  on: boolean;
  testId: string;
  turnOff: MessageKey;
  turnOn: MessageKey;
  onClick: () => void;
  t: Translate;
}) {
  return (
    <button
      type="button"
      className={props.on ? 'secondary' : 'state-off'}
      data-testid={props.testId}
      aria-pressed={!props.on}
      onClick={props.onClick}
    >
      {props.t(props.on ? props.turnOff : props.turnOn)}
    </button>
  );
}

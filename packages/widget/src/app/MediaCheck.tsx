import { useEffect, useState } from 'preact/hooks';
import { playTestSound, watchLevel, type LocalMedia, type MediaProblem } from '@parley/client';
import type { MessageKey, Translate } from '@parley/i18n';
import type { CallMode } from '@parley/protocol';
import { DeviceSelect, SettingsPanel, useLocalMediaState, useVideo } from '@parley/ui';

export const mediaMessages: Record<MediaProblem, MessageKey> = {
  denied: 'media.denied',
  none: 'media.none',
  busy: 'media.busy',
  unsupported: 'media.unsupported',
};

export interface CheckState {
  mode: CallMode;
  skipped: boolean;
  /** The last media problem, if the devices the mode needs did not open. */
  problem: MediaProblem | null;
  webrtc: boolean;
  /** The visitor picked the mode: devices that finish opening later must not change it back. */
  chosen?: boolean;
}

interface Props {
  media: LocalMedia;
  check: CheckState;
  onCheck: (check: CheckState) => void;
  t: Translate;
}

/**
 * The media check before Connect (F-03, [MD1]): own preview, device drop-downs, a live
 * microphone level, a speaker test, the choice of video, voice only or text only, and a
 * confirmed "skip media check".
 */
export function MediaCheck({ media, check, onCheck, t }: Props) {
  const state = useLocalMediaState(media);
  const preview = useVideo(state.preview);
  const [level, setLevel] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const mic = media.microphoneInput;

  useEffect(() => {
    if (!mic) {
      setLevel(0);
      return;
    }
    return watchLevel(mic, setLevel);
  }, [mic]);

  const choose = async (mode: CallMode) => {
    media.resumeAudio();
    const cameraProblem = await media.setCamera(mode === 'video');
    const micProblem =
      mode === 'text' ? await media.setMicrophone(false) : state.microphone ? null : await media.setMicrophone(true);
    await media.refreshDevices();
    onCheck({ ...check, mode, skipped: false, chosen: true, problem: cameraProblem ?? micProblem });
  };

  if (!check.webrtc) {
    return (
      <p class="notice" role="alert" data-testid="unsupported">
        {t('media.unsupported')}
      </p>
    );
  }

  if (check.skipped) {
    return (
      <div class="check">
        <p class="notice" data-testid="check-skipped">
          {t('check.skipped')}
        </p>
        <button type="button" class="link" onClick={() => void choose('video')}>
          {t('check.retry')}
        </button>
      </div>
    );
  }

  const problemKey: MessageKey | null = check.problem
    ? check.problem === 'none' && state.microphone
      ? 'media.noCamera'
      : mediaMessages[check.problem]
    : null;

  return (
    <div class="check" data-testid="media-check">
      <p class="check-title">{t('check.title')}</p>
      <div class="preview">
        {state.camera ? (
          <video ref={preview} data-testid="local-video" autoplay playsinline muted aria-label={t('media.preview')} />
        ) : (
          <p class="media-problem" data-testid="media-problem" role={problemKey ? 'alert' : undefined}>
            {problemKey ? t(problemKey) : check.mode === 'video' ? t('media.allow') : t(`mode.${check.mode}`)}
          </p>
        )}
      </div>
      <fieldset class="modes">
        <legend>{t('check.mode')}</legend>
        {(['video', 'audio', 'text'] as const).map((mode) => (
          <label key={mode} class={check.mode === mode ? 'chosen' : ''} data-testid={`mode-${mode}`}>
            <input
              type="radio"
              name="mode"
              value={mode}
              checked={check.mode === mode}
              onChange={() => void choose(mode)}
            />
            {t(`mode.${mode}`)}
          </label>
        ))}
      </fieldset>
      {check.mode !== 'text' && (
        <div class="devices">
          {check.mode === 'video' && <DeviceSelect media={media} kind="camera" t={t} />}
          <DeviceSelect media={media} kind="microphone" t={t} />
          <div class="level">
            <span aria-hidden="true">{t('check.level')}</span>
            <div
              class="meter"
              role="meter"
              aria-label={t('check.level')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(level * 100)}
            >
              <span style={{ width: `${Math.round(level * 100)}%` }} data-testid="mic-level" />
            </div>
          </div>
          <DeviceSelect media={media} kind="speaker" t={t} />
          <button
            type="button"
            class="secondary"
            data-testid="test-sound"
            onClick={() => void playTestSound(state.settings.speakerDeviceId, state.settings.volume)}
          >
            {t('check.testSound')}
          </button>
          {/* [MD10] Preset, gain and volume before the call (F-09): the call starts with them. */}
          <button
            type="button"
            class="secondary"
            data-testid="check-settings"
            aria-expanded={settingsOpen}
            onClick={() => setSettingsOpen(!settingsOpen)}
          >
            {t('check.moreSettings')}
          </button>
          {settingsOpen && (
            <SettingsPanel media={media} t={t} variant="visitor" onClose={() => setSettingsOpen(false)} />
          )}
          <Tips open={problemKey !== null} t={t} />
        </div>
      )}
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-label={t('check.skip')} data-testid="skip-confirm">
          <p>{t('check.skipConfirm')}</p>
          <div class="row">
            <button
              type="button"
              class="primary"
              data-testid="skip-yes"
              onClick={() => {
                setConfirming(false);
                void media.setCamera(false);
                void media.setMicrophone(false);
                onCheck({ ...check, mode: 'text', skipped: true });
              }}
            >
              {t('check.skipYes')}
            </button>
            <button type="button" class="secondary" data-testid="skip-no" onClick={() => setConfirming(false)}>
              {t('check.skipNo')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="link skip" data-testid="skip-check" onClick={() => setConfirming(true)}>
          {t('check.skip')}
        </button>
      )}
    </div>
  );
}

const tips: MessageKey[] = ['check.tipDevice', 'check.tipCable', 'check.tipLevel', 'check.tipSound'];

/** [MD10] The seed's troubleshooting tips; open by themselves when a device failed to open. */
function Tips({ open, t }: { open: boolean; t: Translate }) {
  return (
    <details class="tips" data-testid="check-tips" open={open}>
      <summary>{t('check.tipsTitle')}</summary>
      <ul>
        {tips.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </details>
  );
}

import { useState } from 'preact/hooks';
import { videoPresets, type LocalMedia, type MediaSettings } from '@parley/client';
import type { Translate } from '@parley/i18n';
import { useLocalMediaState } from './hooks.ts';

type DeviceKind = 'camera' | 'microphone' | 'speaker';

const fieldOf: Record<DeviceKind, 'videoDeviceId' | 'audioDeviceId' | 'speakerDeviceId'> = {
  camera: 'videoDeviceId',
  microphone: 'audioDeviceId',
  speaker: 'speakerDeviceId',
};
const listOf = { camera: 'cameras', microphone: 'microphones', speaker: 'speakers' } as const;

/** One device drop-down; a change is applied at once ([MD5]) and kept until Save. */
export function DeviceSelect({ media, kind, t }: { media: LocalMedia; kind: DeviceKind; t: Translate }) {
  const { devices, settings } = useLocalMediaState(media);
  const list = devices[listOf[kind]];
  if (kind === 'speaker' && list.length === 0) return null;
  return (
    <label>
      {t(`check.${kind}`)}
      <select
        data-testid={`select-${kind}`}
        value={settings[fieldOf[kind]]}
        onChange={(e) => void media.apply({ ...settings, [fieldOf[kind]]: e.currentTarget.value })}
      >
        <option value="">{t('check.default')}</option>
        {list
          .filter((d) => d.deviceId && d.deviceId !== 'default')
          .map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('check.unnamedDevice', { n: i + 1 })}
            </option>
          ))}
      </select>
    </label>
  );
}

/**
 * Audio and video settings before and during a call (F-09, [MD6]): source, the nine presets,
 * microphone gain and volume, applied live and remembered in this browser with Save.
 */
export function SettingsPanel({ media, t, onClose }: { media: LocalMedia; t: Translate; onClose: () => void }) {
  const { settings } = useLocalMediaState(media);
  const [saved, setSaved] = useState(false);
  const change = (patch: Partial<MediaSettings>) => {
    setSaved(false);
    void media.apply({ ...settings, ...patch });
  };
  return (
    <div class="settings" role="dialog" aria-label={t('settings.title')} data-testid="settings">
      <h2>{t('settings.title')}</h2>
      <DeviceSelect media={media} kind="camera" t={t} />
      <label>
        {t('settings.quality')}
        <select
          data-testid="select-preset"
          value={settings.presetId}
          onChange={(e) => change({ presetId: e.currentTarget.value })}
        >
          {videoPresets.map((p) => (
            <option key={p.id} value={p.id}>
              {t('settings.preset', { width: p.width, height: p.height, fps: p.fps })}
            </option>
          ))}
        </select>
      </label>
      <DeviceSelect media={media} kind="microphone" t={t} />
      <label>
        {t('settings.gain')}
        <input
          type="range"
          min={0}
          max={2}
          step={0.1}
          data-testid="gain"
          value={settings.gain}
          onChange={(e) => change({ gain: Number(e.currentTarget.value) })}
        />
      </label>
      <DeviceSelect media={media} kind="speaker" t={t} />
      <label>
        {t('settings.volume')}
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          data-testid="volume"
          value={settings.volume}
          onChange={(e) => change({ volume: Number(e.currentTarget.value) })}
        />
      </label>
      <div class="row">
        <button
          type="button"
          class="primary"
          data-testid="settings-save"
          onClick={() => {
            media.save();
            setSaved(true);
          }}
        >
          {t(saved ? 'settings.saved' : 'settings.save')}
        </button>
        <button type="button" class="secondary" data-testid="settings-close" onClick={onClose}>
          {t('settings.close')}
        </button>
      </div>
    </div>
  );
}

import { useState } from 'react';
import { videoPresets, type LocalMedia, type MediaSettings } from '@parley/client';
import { useT } from '../i18n.ts';
import { useLocalMediaState } from './hooks.ts';

type DeviceKind = 'camera' | 'microphone' | 'speaker';
const fieldOf = { camera: 'videoDeviceId', microphone: 'audioDeviceId', speaker: 'speakerDeviceId' } as const;
const listOf = { camera: 'cameras', microphone: 'microphones', speaker: 'speakers' } as const;

function DeviceSelect({ media, kind }: { media: LocalMedia; kind: DeviceKind }) {
  const { t } = useT();
  const { devices, settings } = useLocalMediaState(media);
  const list = devices[listOf[kind]].filter((d) => d.deviceId && d.deviceId !== 'default');
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
        {list.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || t('check.unnamedDevice', { n: i + 1 })}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The consultant's audio and video settings during a call (F-09, [MD6]), applied live, kept with Save. */
export function SettingsPanel({ media, onClose }: { media: LocalMedia; onClose: () => void }) {
  const { t } = useT();
  const { settings } = useLocalMediaState(media);
  const [saved, setSaved] = useState(false);
  const change = (patch: Partial<MediaSettings>) => {
    setSaved(false);
    void media.apply({ ...settings, ...patch });
  };
  return (
    <div className="settings card" role="dialog" aria-label={t('settings.title')} data-testid="settings">
      <h3>{t('settings.title')}</h3>
      <div className="settings-grid">
        <DeviceSelect media={media} kind="camera" />
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
        <DeviceSelect media={media} kind="microphone" />
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
        <DeviceSelect media={media} kind="speaker" />
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
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="settings-save"
          onClick={() => {
            media.save();
            setSaved(true);
          }}
        >
          {t(saved ? 'settings.saved' : 'settings.save')}
        </button>
        <button type="button" className="secondary" data-testid="settings-close" onClick={onClose}>
          {t('settings.close')}
        </button>
      </div>
    </div>
  );
}

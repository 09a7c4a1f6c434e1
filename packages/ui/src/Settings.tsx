import { useState } from 'react';
import { videoPresets, type LocalMedia, type MediaSettings } from '@parley/client';
import type { Translate } from '@parley/i18n/core';
import { useLocalMediaState } from './hooks.ts';

type DeviceKind = 'camera' | 'microphone' | 'speaker';
const fieldOf = { camera: 'videoDeviceId', microphone: 'audioDeviceId', speaker: 'speakerDeviceId' } as const;
const listOf = { camera: 'cameras', microphone: 'microphones', speaker: 'speakers' } as const;

/** One device drop-down; a change is applied at once ([MD5]) and kept until Save. */
export function DeviceSelect({ media, kind, t }: { media: LocalMedia; kind: DeviceKind; t: Translate }) {
  const { devices, settings } = useLocalMediaState(media);
  const list = devices[listOf[kind]].filter((d) => d.deviceId && d.deviceId !== 'default');
  // Browsers that cannot choose the output (no setSinkId) list no speaker: nothing to offer.
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

interface Props {
  media: LocalMedia;
  t: Translate;
  onClose: () => void;
  /** The console shows it as a card with a smaller heading beside its other panels. */
  variant: 'console' | 'visitor';
}

/**
 * Audio and video settings before and during a call (F-09, [MD6]): source, the nine presets,
 * microphone gain and volume, applied live and remembered in this browser with Save.
 */
export function SettingsPanel({ media, t, onClose, variant }: Props) {
  const { settings } = useLocalMediaState(media);
  const [saved, setSaved] = useState(false);
  const change = (patch: Partial<MediaSettings>) => {
    setSaved(false);
    void media.apply({ ...settings, ...patch });
  };
  const Heading = variant === 'console' ? 'h3' : 'h2';
  return (
    <div
      className={variant === 'console' ? 'settings card' : 'settings'}
      role="dialog"
      aria-label={t('settings.title')}
      data-testid="settings"
    >
      <Heading>{t('settings.title')}</Heading>
      <div className="settings-grid">
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
        <Slider field="gain" value={settings.gain} t={t} onChange={change} />
        <DeviceSelect media={media} kind="speaker" t={t} />
        <Slider field="volume" value={settings.volume} t={t} onChange={change} />
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

/** Microphone gain boosts up to twice; the other side's volume goes from silent to full. */
const sliders = {
  gain: { label: 'settings.gain', max: 2, step: 0.1 },
  volume: { label: 'settings.volume', max: 1, step: 0.05 },
} as const;

function Slider(props: {
  field: keyof typeof sliders;
  value: number;
  t: Translate;
  onChange: (patch: Partial<MediaSettings>) => void;
}) {
  const { label, max, step } = sliders[props.field];
  return (
    <label>
      {props.t(label)}
      <input
        type="range"
        min={0}
        max={max}
        step={step}
        data-testid={props.field}
        value={props.value}
        onChange={(e) => props.onChange({ [props.field]: Number(e.currentTarget.value) })}
      />
    </label>
  );
}

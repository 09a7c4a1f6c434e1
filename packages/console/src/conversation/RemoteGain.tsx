import { useT } from '../i18n.ts';

interface Props {
  name: string;
  /** The level set so far; null: not touched (the visitor's own setting stands). */
  gain: number | null;
  onChange: (gain: number) => void;
}

/**
 * [MD9] The visitor's microphone level, set by the consultant when the visitor is too quiet or too
 * loud and cannot find the setting (seed 004). The visitor's app applies it and says so.
 */
export function RemoteGain({ name, gain, onChange }: Props) {
  const { t } = useT();
  const shown = gain ?? 1;
  return (
    <label className="remote-gain">
      {t('gain.remoteLabel', { name })}
      <input
        type="range"
        min={0}
        max={2}
        step={0.1}
        value={shown}
        data-testid="remote-gain"
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      />
      <output>{t('gain.percent', { percent: Math.round(shown * 100) })}</output>
    </label>
  );
}

import {
  contrastRatio,
  defaultLinkTheme,
  MAX_THEME_LABEL,
  THEME_LOCALES,
  THEME_OFFSET,
  THEME_PANEL_HEIGHT,
  THEME_PANEL_WIDTH,
  themeReadable,
  type LinkTheme,
  type ThemePosition,
} from '@parley/protocol';
import { localeNames, type MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';

const positions: ThemePosition[] = ['bottom-right', 'bottom-left'];

interface Props {
  /** null: Parley's default look. */
  theme: LinkTheme | null;
  onChange: (theme: LinkTheme | null) => void;
}

/**
 * [EA9][EA10] The link's button on the customer's website: its label per language, colours (the
 * contrast is shown as the admin picks, and saving is refused below WCAG AA), corner, offset and
 * panel size. Unticked, the link keeps Parley's default look.
 */
export function LinkThemeFields({ theme, onChange }: Props) {
  const { t, locale } = useT();
  const set = (patch: Partial<LinkTheme>) => theme && onChange({ ...theme, ...patch });
  const ratio = theme ? contrastRatio(theme.background, theme.text) : 0;
  // Rounded down, so a refused 4.48:1 never reads as "4.5:1".
  const shown = (Math.floor(ratio * 10) / 10).toLocaleString(locale, { maximumFractionDigits: 1 });

  const number = (key: 'offsetX' | 'offsetY' | 'panelWidth' | 'panelHeight', range: { min: number; max: number }) =>
    theme && (
      <label>
        {t(`theme.${key}`)}
        <input
          type="number"
          data-testid={`theme-${key}`}
          min={range.min}
          max={range.max}
          step={1}
          required
          value={theme[key]}
          onChange={(e) => set({ [key]: Math.round(e.currentTarget.valueAsNumber) })}
        />
      </label>
    );

  return (
    <fieldset className="assign theme-fields" data-testid="theme-fields">
      <legend>{t('theme.legend')}</legend>
      <label className="check">
        <input
          type="checkbox"
          data-testid="theme-custom"
          checked={theme !== null}
          onChange={(e) => onChange(e.currentTarget.checked ? defaultLinkTheme : null)}
        />
        {t('theme.custom')}
      </label>
      {theme && (
        <div className="fields">
          {THEME_LOCALES.map((l) => (
            <label key={l}>
              {t('theme.labelIn', { language: localeNames[l] })}
              <input
                data-testid={`theme-label-${l}`}
                lang={l}
                maxLength={MAX_THEME_LABEL}
                value={theme.labels[l]}
                onChange={(e) => set({ labels: { ...theme.labels, [l]: e.currentTarget.value } })}
              />
            </label>
          ))}
          <p className="hint full">{t('theme.labelHint')}</p>
          {(['background', 'text'] as const).map((key) => (
            <label key={key}>
              {t(`theme.${key}`)}
              <input
                type="color"
                data-testid={`theme-${key}`}
                value={theme[key]}
                onChange={(e) => set({ [key]: e.currentTarget.value })}
              />
            </label>
          ))}
          <div className="theme-preview">
            <span className="muted">{t('theme.preview')}</span>
            <span
              className="theme-sample"
              data-testid="theme-preview"
              style={{ background: theme.background, color: theme.text }}
            >
              {theme.labels[locale] || t('loader.open')}
            </span>
          </div>
          <p
            className={themeReadable(theme) ? 'hint full' : 'error full'}
            data-testid="theme-contrast"
            aria-live="polite"
          >
            {t('theme.contrast', { ratio: shown })}
            {!themeReadable(theme) && <> {t('error.low_contrast')}</>}
          </p>
          <label>
            {t('theme.position')}
            <select
              data-testid="theme-position"
              value={theme.position}
              onChange={(e) => set({ position: e.currentTarget.value as ThemePosition })}
            >
              {positions.map((p) => (
                <option key={p} value={p}>
                  {t(`theme.position.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {number('offsetX', THEME_OFFSET)}
          {number('offsetY', THEME_OFFSET)}
          {number('panelWidth', THEME_PANEL_WIDTH)}
          {number('panelHeight', THEME_PANEL_HEIGHT)}
        </div>
      )}
    </fieldset>
  );
}

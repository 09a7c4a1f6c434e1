import { describe, expect, it } from 'vitest';
import { createI18n, translator } from './index.ts';

describe('i18n: a link’s button theme', () => {
  it('[EA9][EA10] translates the theme form and low_contrast in en, pl, nl and pt', () => {
    const seen = new Set<string>();
    for (const locale of ['en', 'pl', 'nl', 'pt'] as const) {
      const t = translator(createI18n(locale));
      expect(t('error.low_contrast')).toContain('4');
      expect(t('theme.contrast', { ratio: '2.1' })).toContain('2.1:1');
      expect(t('theme.position.bottom-left')).not.toBe('theme.position.bottom-left');
      seen.add(t('theme.legend'));
    }
    expect(seen.size).toBe(4);
  });
});

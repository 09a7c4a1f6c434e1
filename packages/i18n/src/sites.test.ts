import { describe, expect, it } from 'vitest';
import { createI18n, translator } from './index.ts';

describe('i18n: allowed websites', () => {
  it('[EM1] translates invalid_site and the state sentence, with Polish plural forms', () => {
    for (const locale of ['en', 'pl', 'nl', 'pt'] as const) {
      const t = translator(createI18n(locale));
      expect(t('error.invalid_site')).toContain('https://www.example.com');
      expect(t('sites.restricted', { count: 2 })).toContain('2');
    }
    const pl = translator(createI18n('pl'));
    expect(pl('sites.restricted', { count: 1 })).toBe(
      'Teraz: tylko na poniższej witrynie (i na stronach samego Parley).',
    );
    expect(pl('sites.restricted', { count: 5 })).toBe(
      'Teraz: tylko na 5 poniższych witrynach (i na stronach samego Parley).',
    );
    expect(translator(createI18n('en'))('sites.restricted', { count: 1 })).toBe(
      'Now: only on the website below (and on Parley’s own pages).',
    );
  });
});

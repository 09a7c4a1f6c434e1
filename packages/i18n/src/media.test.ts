import { describe, expect, it } from 'vitest';
import { createI18n, translator } from './index.ts';

describe('media strings', () => {
  it('[MD7] counts support videos with Polish plural forms', () => {
    const t = translator(createI18n('pl'));
    expect(t('support.count', { count: 1 })).toBe('1 film');
    expect(t('support.count', { count: 3 })).toBe('3 filmy');
    expect(t('support.count', { count: 5 })).toBe('5 filmów');
  });

  it('[MD3] names the visitor device in each language', () => {
    const values = { browser: 'Safari', version: '17', os: 'iOS', device: 'phone' };
    expect(translator(createI18n('en'))('setup.browser', values)).toBe('Safari 17 · iOS · phone');
    expect(translator(createI18n('nl'))('setup.browser', { ...values, device: 'desktop' })).toBe(
      'Safari 17 · iOS · computer',
    );
    expect(translator(createI18n('pt'))('setup.browser', values)).toBe('Safari 17 · iOS · telemóvel');
  });
});

import { describe, expect, it } from 'vitest';
import { catalogues, createI18n, pickLocale, supportedLocales, translator } from './index.ts';

describe('i18n', () => {
  it('every locale has every key and no empty string', () => {
    const keys = Object.keys(catalogues.en).sort();
    for (const locale of supportedLocales) {
      expect(Object.keys(catalogues[locale]).sort()).toEqual(keys);
      for (const value of Object.values(catalogues[locale])) expect(value.trim()).not.toBe('');
    }
  });

  it('uses Polish plural forms one / few / many', () => {
    const t = translator(createI18n('pl'));
    expect(t('queue.position', { ahead: 1 })).toBe('Przed Tobą jest 1 osoba.');
    expect(t('queue.position', { ahead: 3 })).toBe('Przed Tobą są 3 osoby.');
    expect(t('queue.position', { ahead: 5 })).toBe('Przed Tobą jest 5 osób.');
    expect(t('queue.position', { ahead: 22 })).toBe('Przed Tobą są 22 osoby.');
    expect(t('queue.position', { ahead: 0 })).toBe('Jesteś następny w kolejce.');
  });

  it('interpolates names without HTML escaping (UI frameworks render text, not HTML)', () => {
    const t = translator(createI18n('en'));
    expect(t('incoming.from', { name: '<b>Ann</b>' })).toBe('<b>Ann</b> wants to talk to you');
  });

  it('picks the browser language, falling back to English', () => {
    expect(pickLocale(['pl-PL', 'en'])).toBe('pl');
    expect(pickLocale(['de-DE', 'pt-BR'])).toBe('pt');
    expect(pickLocale(['fr'])).toBe('en');
  });
});

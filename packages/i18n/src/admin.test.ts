import { describe, expect, it } from 'vitest';
import { createI18n, translator } from './index.ts';

describe('i18n: admin area and inbox', () => {
  it('counts open messages with each language’s plural forms', () => {
    const pl = translator(createI18n('pl'));
    expect(pl('inbox.open', { count: 1 })).toBe('1 otwarta wiadomość');
    expect(pl('inbox.open', { count: 3 })).toBe('3 otwarte wiadomości');
    expect(pl('inbox.open', { count: 12 })).toBe('12 otwartych wiadomości');
    expect(translator(createI18n('en'))('inbox.open', { count: 0 })).toBe('No open messages');
    expect(translator(createI18n('nl'))('inbox.open', { count: 2 })).toBe('2 open berichten');
    expect(translator(createI18n('pt'))('inbox.open', { count: 1 })).toBe('1 mensagem por tratar');
  });

  it('translates every new error code of the admin area', () => {
    for (const locale of ['en', 'pl', 'nl', 'pt'] as const) {
      const t = translator(createI18n(locale));
      for (const code of ['email_taken', 'self_lockout', 'invalid_image', 'rate_limited'] as const) {
        expect(t(`error.${code}`)).not.toBe(`error.${code}`);
      }
    }
  });
});

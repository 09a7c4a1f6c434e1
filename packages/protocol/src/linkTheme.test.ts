import { describe, expect, it } from 'vitest';
import { contrastRatio, defaultLinkTheme, LinkTheme, themeReadable } from './linkTheme.ts';

describe('link theme', () => {
  it('[EA10] measures contrast as WCAG 2.x does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // Reference figures from the WCAG contrast checker.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#1D4ED8', '#FFFFFF')).toBeCloseTo(6.7, 1);
  });

  it('[EA10] a label colour passes at 4.5:1 and not below', () => {
    expect(themeReadable(defaultLinkTheme)).toBe(true);
    expect(themeReadable({ background: '#767676', text: '#ffffff' })).toBe(true);
    expect(themeReadable({ background: '#777777', text: '#ffffff' })).toBe(false);
    expect(themeReadable({ background: '#ffd700', text: '#ffffff' })).toBe(false);
    expect(themeReadable({ background: '#ffd700', text: '#111111' })).toBe(true);
  });

  it('[EA9][EA11] accepts only #rrggbb colours, bounded offsets and sizes, short labels', () => {
    const ok = { ...defaultLinkTheme, labels: { en: '  Ask us  ', pl: '', nl: '', pt: '' } };
    expect(LinkTheme.parse(ok).labels.en).toBe('Ask us');
    const bad: unknown[] = [
      { ...ok, background: 'red' },
      { ...ok, background: '#fff' },
      { ...ok, text: '#12345g' },
      { ...ok, text: '#ffffff;background:url(x)' },
      { ...ok, position: 'top-left' },
      { ...ok, offsetX: -1 },
      { ...ok, offsetY: 201 },
      { ...ok, offsetX: 2.5 },
      { ...ok, panelWidth: 299 },
      { ...ok, panelHeight: 901 },
      { ...ok, labels: { ...ok.labels, pl: 'x'.repeat(41) } },
      { ...ok, labels: { en: 'Hi' } },
    ];
    for (const theme of bad) expect(LinkTheme.safeParse(theme).success, JSON.stringify(theme)).toBe(false);
    expect(LinkTheme.safeParse({ ...ok, offsetX: 0, offsetY: 200, panelWidth: 640, panelHeight: 400 }).success).toBe(
      true,
    );
  });
});

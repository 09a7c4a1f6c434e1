import { z } from 'zod';

/**
 * [EA9]–[EA11] The look and place of a link's button and panel on the customer's page (issue 21
 * item 4), set per link in Admin → Links. Shared by the console (instant check before saving),
 * the server (which decides, with a coded error) and, as a type, the loader.
 */

/** Languages a custom button label may be given in (the UI's languages). */
export const THEME_LOCALES = ['en', 'pl', 'nl', 'pt'] as const;
export type ThemeLocale = (typeof THEME_LOCALES)[number];
export const MAX_THEME_LABEL = 40;
/** Distance from the window's corner, in CSS pixels. */
export const THEME_OFFSET = { min: 0, max: 200 } as const;
export const THEME_PANEL_WIDTH = { min: 300, max: 640 } as const;
export const THEME_PANEL_HEIGHT = { min: 400, max: 900 } as const;
/** WCAG 2.x AA for normal text: the button's label is 15 px, so 4.5:1 applies, not 3:1. */
export const MIN_THEME_CONTRAST = 4.5;

/** Only `#rrggbb`: nothing an admin types reaches the customer page's CSS but a colour. */
export const HexColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour as #rrggbb');
const label = z.string().trim().max(MAX_THEME_LABEL);
const px = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);

export const ThemePosition = z.enum(['bottom-right', 'bottom-left']);
export type ThemePosition = z.infer<typeof ThemePosition>;

/** Everything but the labels: what the loader applies to the button and the panel. */
export const LinkLook = z.object({
  /** The button's colour. */
  background: HexColor,
  /** The label's and the dot ring's colour on it; must reach MIN_THEME_CONTRAST against `background`. */
  text: HexColor,
  position: ThemePosition,
  offsetX: px(THEME_OFFSET),
  offsetY: px(THEME_OFFSET),
  panelWidth: px(THEME_PANEL_WIDTH),
  panelHeight: px(THEME_PANEL_HEIGHT),
});
export type LinkLook = z.infer<typeof LinkLook>;

/** A link's theme as stored and edited: the look plus the button's label per language ('' = default). */
export const LinkTheme = LinkLook.extend({
  labels: z.object({ en: label, pl: label, nl: label, pt: label }),
});
export type LinkTheme = z.infer<typeof LinkTheme>;

/** The look every link has until an admin sets another (the loader's own CSS says the same). */
export const defaultLinkTheme: LinkTheme = {
  background: '#1d4ed8',
  text: '#ffffff',
  position: 'bottom-right',
  offsetX: 20,
  offsetY: 20,
  panelWidth: 380,
  panelHeight: 600,
  labels: { en: '', pl: '', nl: '', pt: '' },
};

/** WCAG 2.x relative luminance of an sRGB `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (at: number): number => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2.x contrast ratio of two `#rrggbb` colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** [EA10] Whether the label stays readable on the button: WCAG AA, at least 4.5:1. */
export function themeReadable(look: Pick<LinkLook, 'background' | 'text'>): boolean {
  return contrastRatio(look.background, look.text) >= MIN_THEME_CONTRAST;
}

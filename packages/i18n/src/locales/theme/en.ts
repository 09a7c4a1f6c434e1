/** English strings of a link's button look and place (issue 21 item 4, [EA9]–[EA11]); spread into `en`. */
export const themeEn = {
  'theme.legend': 'Button on your website',
  'theme.custom': 'Use an own look for this link’s button',
  'theme.labelIn': 'Button label ({language})',
  'theme.labelHint': 'An empty label shows Parley’s default label in that language.',
  'theme.background': 'Button colour',
  'theme.text': 'Label colour',
  'theme.contrast': 'Contrast {ratio}:1 (WCAG AA needs at least 4.5:1).',
  'theme.position': 'Position',
  'theme.position.bottom-right': 'Bottom right',
  'theme.position.bottom-left': 'Bottom left',
  'theme.offsetX': 'Distance from the side (px, 0–200)',
  'theme.offsetY': 'Distance from the bottom (px, 0–200)',
  'theme.panelWidth': 'Panel width (px, 300–640)',
  'theme.panelHeight': 'Panel height (px, 400–900)',
  'theme.preview': 'Preview',
  'error.low_contrast':
    'The label colour does not stand out enough from the button colour. WCAG AA needs a contrast of at least 4.5:1: choose a darker or a lighter colour.',
} as const;

/** Every language translates every string of this area: a missing one is a type error. */
export type ThemeMessages = Record<keyof typeof themeEn, string>;

import type { ThemeMessages } from './en.ts';

/** Polish strings of a link's button look and place ([EA9]–[EA11]). */
export const themePl: ThemeMessages = {
  'theme.legend': 'Przycisk na Twojej stronie',
  'theme.custom': 'Własny wygląd przycisku tego linku',
  'theme.labelIn': 'Napis na przycisku ({language})',
  'theme.labelHint': 'Pusty napis: domyślny napis Parley w tym języku.',
  'theme.background': 'Kolor przycisku',
  'theme.text': 'Kolor napisu',
  'theme.contrast': 'Kontrast {ratio}:1 (WCAG AA wymaga co najmniej 4,5:1).',
  'theme.position': 'Położenie',
  'theme.position.bottom-right': 'Na dole po prawej',
  'theme.position.bottom-left': 'Na dole po lewej',
  'theme.offsetX': 'Odstęp od boku (px, 0–200)',
  'theme.offsetY': 'Odstęp od dołu (px, 0–200)',
  'theme.panelWidth': 'Szerokość panelu (px, 300–640)',
  'theme.panelHeight': 'Wysokość panelu (px, 400–900)',
  'theme.preview': 'Podgląd',
  'error.low_contrast':
    'Kolor napisu za mało odróżnia się od koloru przycisku. WCAG AA wymaga kontrastu co najmniej 4,5:1: wybierz ciemniejszy lub jaśniejszy kolor.',
};

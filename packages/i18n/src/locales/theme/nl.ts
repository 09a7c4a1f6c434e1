import type { ThemeMessages } from './en.ts';

/** Dutch strings of a link's button look and place ([EA9]–[EA11]). */
export const themeNl: ThemeMessages = {
  'theme.legend': 'Knop op uw website',
  'theme.custom': 'Eigen uiterlijk voor de knop van deze link',
  'theme.labelIn': 'Tekst op de knop ({language})',
  'theme.labelHint': 'Lege tekst: de standaardtekst van Parley in die taal.',
  'theme.background': 'Kleur van de knop',
  'theme.text': 'Kleur van de tekst',
  'theme.contrast': 'Contrast {ratio}:1 (WCAG AA vraagt minstens 4,5:1).',
  'theme.position': 'Positie',
  'theme.position.bottom-right': 'Rechtsonder',
  'theme.position.bottom-left': 'Linksonder',
  'theme.offsetX': 'Afstand tot de zijkant (px, 0–200)',
  'theme.offsetY': 'Afstand tot de onderkant (px, 0–200)',
  'theme.panelWidth': 'Breedte van het paneel (px, 300–640)',
  'theme.panelHeight': 'Hoogte van het paneel (px, 400–900)',
  'theme.preview': 'Voorbeeld',
  'error.low_contrast':
    'De tekstkleur steekt te weinig af tegen de kleur van de knop. WCAG AA vraagt een contrast van minstens 4,5:1: kies een donkerdere of lichtere kleur.',
};

import type { ThemeMessages } from './en.ts';

/** Portuguese strings of a link's button look and place ([EA9]–[EA11]). */
export const themePt: ThemeMessages = {
  'theme.legend': 'Botão no seu site',
  'theme.custom': 'Usar um aspeto próprio para o botão deste link',
  'theme.labelIn': 'Texto do botão ({language})',
  'theme.labelHint': 'Texto vazio: o texto predefinido do Parley nessa língua.',
  'theme.background': 'Cor do botão',
  'theme.text': 'Cor do texto',
  'theme.contrast': 'Contraste {ratio}:1 (a WCAG AA exige pelo menos 4,5:1).',
  'theme.position': 'Posição',
  'theme.position.bottom-right': 'Em baixo à direita',
  'theme.position.bottom-left': 'Em baixo à esquerda',
  'theme.offsetX': 'Distância da lateral (px, 0–200)',
  'theme.offsetY': 'Distância do fundo (px, 0–200)',
  'theme.panelWidth': 'Largura do painel (px, 300–640)',
  'theme.panelHeight': 'Altura do painel (px, 400–900)',
  'theme.preview': 'Pré-visualização',
  'error.low_contrast':
    'A cor do texto não se distingue o suficiente da cor do botão. A WCAG AA exige um contraste de pelo menos 4,5:1: escolha uma cor mais escura ou mais clara.',
};

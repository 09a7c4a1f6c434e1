import type { CobrowseMessages } from './en.ts';

/** Portuguese strings of co-browsing ([CB1]–[CB7]). */
export const cobrowsePt: CobrowseMessages = {
  'cobrowse.ask': 'Posso ver a sua página?',
  'cobrowse.asking': 'À espera de que {name} partilhe a página…',
  'cobrowse.declined': '{name} não partilhou a página.',
  'cobrowse.ended': 'A partilha da página terminou.',
  'cobrowse.replayTitle': 'A página de {name}, em direto',
  'cobrowse.stopView': 'Deixar de ver',
  'cobrowse.guideHint':
    'O seu ponteiro aparece na página. Clique num elemento para o destacar; faça duplo clique para levar {name} até ele.',
  'cobrowse.pushLabel': 'Enviar uma página',
  'cobrowse.pushSend': 'Enviar página',
  'cobrowse.consentTitle': '{name} pede para ver esta página',
  'cobrowse.consentText':
    'Vê esta página tal como a vê, em direto, até parar. O que escreve nos campos e as partes marcadas como privadas ficam ocultos, e não pode clicar nem escrever por si.',
  'cobrowse.allow': 'Partilhar esta página',
  'cobrowse.deny': 'Não, obrigado',
  'cobrowse.sharing': 'Está a partilhar esta página com {name}',
  'cobrowse.stop': 'Parar a partilha',
  'cobrowse.pushTitle': 'Abrir esta página?',
  'cobrowse.pushText': '{name} sugere uma página: {url}',
  'cobrowse.pushOpen': 'Abrir página',
  'cobrowse.pushStay': 'Ficar aqui',
  'cobrowse.pushed': 'Página enviada: {url}',
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'A restabelecer a chamada…',
};

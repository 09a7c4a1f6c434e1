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
  // ---- [CB8] control: the consultant clicks and types for the visitor ----
  'cobrowse.settings': 'Navegação conjunta',
  'cobrowse.settings.control':
    'Os consultores podem clicar e escrever na página partilhada do visitante, depois de o visitante o permitir (nunca em campos privados, de palavra-passe ou de pagamento)',
  'cobrowse.settings.saved': 'Guardado.',
  'cobrowse.controlOffer': 'Deixar {name} clicar e escrever aqui',
  'cobrowse.controlOn': '{name} pode clicar e escrever nesta página',
  'cobrowse.controlRevoke': 'Retomar o controlo',
  'cobrowse.controlGranted': '{name} deixa-o clicar e escrever na página.',
  'cobrowse.controlMode': 'Clicar e escrever por {name}',
  'cobrowse.controlHint': 'Clique num botão ou ligação da página para o clicar; clique num campo para escrever nele.',
  'cobrowse.typeLabel': 'Texto para o campo escolhido',
  'cobrowse.typeSend': 'Escrever',
  'cobrowse.refused':
    'A página recusou: campos privados, de palavra-passe e de pagamento não podem ser usados em nome do visitante.',
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'A restabelecer a chamada…',
};

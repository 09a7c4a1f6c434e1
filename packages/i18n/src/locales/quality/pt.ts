import type { QualityMessages } from './en.ts';

/** Portuguese strings of the connection-quality indicator ([NW4], [NW5]). */
export const qualityPt: QualityMessages = {
  'quality.good': 'Ligação boa',
  'quality.weak': 'Ligação fraca',
  'quality.bad': 'Ligação má',
  'quality.rtt': 'ida e volta {ms} ms',
  'quality.loss': '{percent} % perdidos',
  'quality.fps': '{fps} fps',
  'quality.jitter': 'variação {ms} ms',
  'quality.concealed': '{percent} % do áudio disfarçado',
  'quality.remoteWeak': 'A ligação de {name} está fraca',
  'quality.remoteBad': 'A ligação de {name} está má',
  'quality.offer': 'A sua ligação está com dificuldades. Continuar com menos?',
  'quality.voiceOnly': 'Só voz',
  'quality.textOnly': 'Só texto',
  'quality.onVoice': 'Só voz: o vídeo está em pausa para aliviar a sua ligação.',
  'quality.onText': 'Só texto: o som e o vídeo estão em pausa para aliviar a sua ligação.',
  'quality.stopIncoming': 'Parar o vídeo de {name}',
  'quality.resumeIncoming': 'Voltar a mostrar o vídeo de {name}',
  'gain.remoteLabel': 'Nível do microfone de {name}',
  'gain.percent': '{percent} %',
  'gain.setByConsultant': '{name} definiu o nível do seu microfone para {percent} %',
  'quality.restore': 'Voltar a ligar vídeo e som',
  'remote.choseVoice': '{name} recebe só voz: a sua câmara está em pausa para essa pessoa',
  'remote.choseText': '{name} recebe só texto: a sua câmara e o seu microfone estão em pausa para essa pessoa',
};

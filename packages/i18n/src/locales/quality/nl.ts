import type { QualityMessages } from './en.ts';

/** Dutch strings of the connection-quality indicator ([NW4], [NW5]). */
export const qualityNl: QualityMessages = {
  'quality.good': 'Verbinding goed',
  'quality.weak': 'Verbinding zwak',
  'quality.bad': 'Verbinding slecht',
  'quality.rtt': 'rondreistijd {ms} ms',
  'quality.loss': '{percent} % verloren',
  'quality.fps': '{fps} fps',
  'quality.jitter': 'jitter {ms} ms',
  'quality.concealed': '{percent} % van het geluid gemaskeerd',
  'quality.remoteWeak': 'De verbinding van {name} is zwak',
  'quality.remoteBad': 'De verbinding van {name} is slecht',
  'quality.offer': 'Uw verbinding heeft het moeilijk. Doorgaan met minder?',
  'quality.voiceOnly': 'Alleen spraak',
  'quality.textOnly': 'Alleen tekst',
  'quality.onVoice': 'Alleen spraak: het beeld is gepauzeerd om uw verbinding te ontzien.',
  'quality.onText': 'Alleen tekst: geluid en beeld zijn gepauzeerd om uw verbinding te ontzien.',
  'quality.stopIncoming': 'Video van {name} stoppen',
  'quality.resumeIncoming': 'Video van {name} weer tonen',
  'gain.remoteLabel': 'Microfoonniveau van {name}',
  'gain.percent': '{percent} %',
  'gain.setByConsultant': '{name} heeft uw microfoonniveau op {percent} % gezet',
  'quality.restore': 'Beeld en geluid weer aanzetten',
  'remote.choseVoice': '{name} ontvangt alleen spraak: uw camera is voor hen gepauzeerd',
  'remote.choseText': '{name} ontvangt alleen tekst: uw camera en microfoon zijn voor hen gepauzeerd',
};

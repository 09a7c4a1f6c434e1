import type { QualityMessages } from './en.ts';

/** Polish strings of the connection-quality indicator ([NW4], [NW5]). */
export const qualityPl: QualityMessages = {
  'quality.good': 'Połączenie dobre',
  'quality.weak': 'Połączenie słabe',
  'quality.bad': 'Połączenie złe',
  'quality.rtt': 'opóźnienie w obie strony {ms} ms',
  'quality.loss': 'utracono {percent} %',
  'quality.fps': '{fps} kl./s',
  'quality.jitter': 'wahania {ms} ms',
  'quality.concealed': 'ukryto {percent} % dźwięku',
  'quality.remoteWeak': 'Połączenie rozmówcy {name} jest słabe',
  'quality.remoteBad': 'Połączenie rozmówcy {name} jest złe',
  'quality.offer': 'Twoje połączenie ma problemy. Kontynuować w uproszczonej formie?',
  'quality.voiceOnly': 'Tylko głos',
  'quality.textOnly': 'Tylko tekst',
  'quality.onVoice': 'Tylko głos: obraz jest wstrzymany, aby odciążyć połączenie.',
  'quality.onText': 'Tylko tekst: dźwięk i obraz są wstrzymane, aby odciążyć połączenie.',
  'quality.stopIncoming': 'Zatrzymaj obraz od: {name}',
  'quality.resumeIncoming': 'Pokaż znów obraz od: {name}',
  'gain.remoteLabel': 'Poziom mikrofonu: {name}',
  'gain.percent': '{percent} %',
  'gain.setByConsultant': '{name} ustawia poziom Twojego mikrofonu na {percent} %',
  'quality.restore': 'Włącz z powrotem obraz i dźwięk',
  'remote.choseVoice': '{name}: odbiór tylko głosu. Twoja kamera jest wstrzymana',
  'remote.choseText': '{name}: odbiór tylko tekstu. Twoja kamera i mikrofon są wstrzymane',
};

/** English strings of the connection-quality indicator and its fallbacks ([NW4], [NW5]); spread into `en`. */
export const qualityEn = {
  'quality.good': 'Connection good',
  'quality.weak': 'Connection weak',
  'quality.bad': 'Connection bad',
  'quality.rtt': 'round trip {ms} ms',
  'quality.loss': '{percent} % lost',
  'quality.fps': '{fps} fps',
  'quality.jitter': 'jitter {ms} ms',
  'quality.concealed': '{percent} % of audio concealed',
  'quality.remoteWeak': 'Connection of {name} is weak',
  'quality.remoteBad': 'Connection of {name} is bad',
  // ---- the visitor, on a bad link ----
  'quality.offer': 'Your connection is struggling. Continue with less?',
  'quality.voiceOnly': 'Voice only',
  'quality.textOnly': 'Text only',
  'quality.onVoice': 'Voice only: video is paused to spare your connection.',
  'quality.onText': 'Text only: sound and video are paused to spare your connection.',
  'quality.stopIncoming': 'Stop the video of {name}',
  'quality.resumeIncoming': 'Show the video of {name} again',
  'gain.remoteLabel': 'Microphone level of {name}',
  'gain.percent': '{percent} %',
  'gain.setByConsultant': '{name} set your microphone level to {percent} %',
  'quality.restore': 'Turn video and sound back on',
  // ---- the consultant, when the visitor chose less ----
  'remote.choseVoice': '{name} receives voice only: your camera is paused for them',
  'remote.choseText': '{name} receives text only: your camera and microphone are paused for them',
} as const;

export type QualityMessages = Record<keyof typeof qualityEn, string>;

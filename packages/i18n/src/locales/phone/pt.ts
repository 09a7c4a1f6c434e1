import type { phoneEn } from './en.ts';

export const phonePt: Record<keyof typeof phoneEn, string> = {
  'phone.switch': 'Áudio por telefone',
  'phone.title': 'Áudio por telefone',
  'phone.howTo':
    'Ligue para {count, plural, one {este número} other {um destes números}} e introduza o seu PIN seguido de #.',
  'phone.numbers': 'Número de acesso',
  'phone.pin': 'O seu PIN',
  'phone.stays': 'A câmara e a partilha de ecrã continuam na web.',
  'phone.mineConnected': 'O seu telefone está ligado.',
  'phone.otherConnected': 'Outra pessoa na chamada está ao telefone.',
  'error.phone_unavailable': 'O áudio por telefone não está configurado neste servidor.',
};

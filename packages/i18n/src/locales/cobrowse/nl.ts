import type { CobrowseMessages } from './en.ts';

/** Dutch strings of co-browsing ([CB1]–[CB7]). */
export const cobrowseNl: CobrowseMessages = {
  'cobrowse.ask': 'Mag ik uw pagina zien?',
  'cobrowse.asking': 'Wachten tot {name} de pagina deelt…',
  'cobrowse.declined': '{name} deelt de pagina niet.',
  'cobrowse.ended': 'Het delen van de pagina is gestopt.',
  'cobrowse.replayTitle': 'De pagina van {name}, live',
  'cobrowse.stopView': 'Stoppen met kijken',
  'cobrowse.guideHint':
    'Uw aanwijzer is zichtbaar op de pagina. Klik op een element om het te markeren; dubbelklik om {name} ernaartoe te laten scrollen.',
  'cobrowse.pushLabel': 'Een pagina sturen',
  'cobrowse.pushSend': 'Pagina sturen',
  'cobrowse.consentTitle': '{name} vraagt deze pagina te mogen zien',
  'cobrowse.consentText':
    'De medewerker ziet deze pagina live zoals u haar ziet, tot u stopt. Wat u in velden typt en delen die als privé zijn gemarkeerd blijven verborgen, en de medewerker kan niet voor u klikken of typen.',
  'cobrowse.allow': 'Deze pagina delen',
  'cobrowse.deny': 'Nee, bedankt',
  'cobrowse.sharing': 'U deelt deze pagina met {name}',
  'cobrowse.stop': 'Stoppen met delen',
  'cobrowse.pushTitle': 'Deze pagina openen?',
  'cobrowse.pushText': '{name} stelt een pagina voor: {url}',
  'cobrowse.pushOpen': 'Pagina openen',
  'cobrowse.pushStay': 'Hier blijven',
  'cobrowse.pushed': 'Pagina gestuurd: {url}',
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'Het gesprek wordt opnieuw verbonden…',
};

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
  // ---- [CB8] control: the consultant clicks and types for the visitor ----
  'cobrowse.settings': 'Meekijken',
  'cobrowse.settings.control':
    'Adviseurs mogen op de gedeelde pagina van de bezoeker klikken en typen zodra de bezoeker dat toestaat (nooit in privé-, wachtwoord- of betaalvelden)',
  'cobrowse.settings.saved': 'Opgeslagen.',
  'cobrowse.controlOffer': 'Laat {name} hier klikken en typen',
  'cobrowse.controlOn': '{name} kan op deze pagina klikken en typen',
  'cobrowse.controlRevoke': 'Bediening terugnemen',
  'cobrowse.controlGranted': '{name} laat u op de pagina klikken en typen.',
  'cobrowse.controlMode': 'Klik en typ voor {name}',
  'cobrowse.controlHint':
    'Klik op een knop of link in de pagina om erop te klikken; klik op een veld om erin te typen.',
  'cobrowse.typeLabel': 'Tekst voor het gekozen veld',
  'cobrowse.typeSend': 'Typen',
  'cobrowse.refused':
    'De pagina weigerde: privé-, wachtwoord- en betaalvelden kunnen niet voor de bezoeker worden gebruikt.',
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'Het gesprek wordt opnieuw verbonden…',
};

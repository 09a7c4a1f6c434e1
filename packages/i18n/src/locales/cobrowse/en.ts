/** English strings of co-browsing ([CB1]–[CB7]); spread into `en`. */
export const cobrowseEn = {
  // ---- the consultant's console ----
  'cobrowse.ask': 'May I see your page?',
  'cobrowse.asking': 'Waiting for {name} to share the page…',
  'cobrowse.declined': '{name} did not share the page.',
  'cobrowse.ended': 'Page sharing has ended.',
  'cobrowse.replayTitle': 'The page of {name}, live',
  'cobrowse.stopView': 'Stop viewing',
  'cobrowse.guideHint':
    'Your pointer is shown on the page. Click an element to highlight it; double-click to scroll {name} to it.',
  'cobrowse.pushLabel': 'Send a page',
  'cobrowse.pushSend': 'Send page',
  // ---- the visitor ----
  'cobrowse.consentTitle': '{name} asks to see this page',
  'cobrowse.consentText':
    'They see this page as you see it, live, until you stop. What you type into fields and parts marked private stay hidden from them, and they cannot click or type for you.',
  'cobrowse.allow': 'Share this page',
  'cobrowse.deny': 'No, thanks',
  'cobrowse.sharing': 'You are sharing this page with {name}',
  'cobrowse.stop': 'Stop sharing',
  'cobrowse.pushTitle': 'Open this page?',
  'cobrowse.pushText': '{name} suggests a page: {url}',
  'cobrowse.pushOpen': 'Open page',
  'cobrowse.pushStay': 'Stay here',
  'cobrowse.pushed': 'Page sent: {url}',
  // ---- [CB8] control: the consultant clicks and types for the visitor ----
  'cobrowse.settings': 'Co-browsing',
  'cobrowse.settings.control':
    'Consultants may click and type on the visitor’s shared page, once the visitor allows it (never in private, password or payment fields)',
  'cobrowse.settings.saved': 'Saved.',
  'cobrowse.controlOffer': 'Let {name} click and type here',
  'cobrowse.controlOn': '{name} can click and type on this page',
  'cobrowse.controlRevoke': 'Take back control',
  'cobrowse.controlGranted': '{name} lets you click and type on the page.',
  'cobrowse.controlMode': 'Click and type for {name}',
  'cobrowse.controlHint': 'Click a button or link in the page to click it; click a field to type into it.',
  'cobrowse.typeLabel': 'Text for the chosen field',
  'cobrowse.typeSend': 'Type it',
  'cobrowse.refused': 'The page refused: private, password and payment fields cannot be used for the visitor.',
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'Reconnecting the call…',
} as const;

/** Every language translates every string of this area: a missing one is a type error. */
export type CobrowseMessages = Record<keyof typeof cobrowseEn, string>;

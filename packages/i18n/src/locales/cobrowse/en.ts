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
  // ---- both sides: [CB7] the call across a page load ----
  'call.reconnecting': 'Reconnecting the call…',
} as const;

/** Every language translates every string of this area: a missing one is a type error. */
export type CobrowseMessages = Record<keyof typeof cobrowseEn, string>;

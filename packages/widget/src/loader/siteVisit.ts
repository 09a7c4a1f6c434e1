/**
 * [SV1]–[SV8] Reports the customer's pages to Parley over a small WebSocket while the page is
 * open, and shows a consultant's invitation as a card in the loader's Shadow DOM. The visit id
 * lives in this page's own localStorage (first-party, [SV3]), written only once the server has
 * welcomed the page: a browser that asks not to be tracked, on a tenant that honours it, keeps
 * nothing ([SV4]).
 */

/** The card, beside the button in the same shadow root (the host page's CSS cannot reach it). */
export const CARD_STYLES = `
.card{position:fixed;right:var(--parley-right,20px);left:var(--parley-left,auto);bottom:calc(var(--parley-bottom,20px) + 60px);
 z-index:2147483646;max-width:320px;box-sizing:border-box;padding:16px 40px 16px 16px;
 border-radius:12px;background:#fff;color:#111;font:14px/1.45 system-ui,sans-serif;box-shadow:0 8px 28px rgba(0,0,0,.25)}
.card p{margin:0 0 12px;white-space:pre-wrap;overflow-wrap:anywhere}
.card .start{padding:8px 14px;border:0;border-radius:999px;background:#1d4ed8;color:#fff;font:600 14px/1 system-ui,sans-serif;cursor:pointer}
.card .x{position:absolute;top:6px;right:6px;width:28px;height:28px;border:0;border-radius:50%;background:transparent;color:#444;
 font:20px/28px system-ui,sans-serif;cursor:pointer}
.card button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
`;

interface Stored {
  visitId: string;
  visitorKey: string;
}

type Message =
  | { type: 'site.welcome'; visitId: string; visitorKey: string }
  | { type: 'site.untracked' }
  | { type: 'site.invitation'; invitationId: string; text: string; labels: { start: string; close: string } }
  | { type: 'site.invitation.closed'; invitationId: string };

export interface SiteVisit {
  /** The visit id once welcomed (the visitor app names it, [SV8]). */
  visitId(): string | undefined;
  /** [SV2] A single-page app may have moved to another page. */
  moved(): void;
}

const STORE = 'parley-visit';
/** Closes after which reconnecting cannot help: done, bad hello or protocol, site not allowed. */
const FINAL = [1000, 4001, 4403];

function read(): Stored | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(STORE) ?? 'null') as Partial<Stored> | null;
    return typeof value?.visitId === 'string' && typeof value.visitorKey === 'string'
      ? { visitId: value.visitId, visitorKey: value.visitorKey }
      : undefined;
  } catch {
    return undefined; // storage blocked on the customer's page: a new visit each time
  }
}

function write(value: Stored | undefined): void {
  try {
    if (value) localStorage.setItem(STORE, JSON.stringify(value));
    else localStorage.removeItem(STORE);
  } catch {
    // storage blocked: nothing kept, which is fine
  }
}

function page(): { url: string; title: string; referrer: string } {
  return { url: location.href, title: document.title.slice(0, 300), referrer: document.referrer };
}

/**
 * Starts reporting this page. `identity` is what the page told the loader ([K2]); `onStart` opens
 * the panel when the visitor accepts an invitation.
 */
export function reportVisit(
  origin: string,
  linkKey: string,
  root: ShadowRoot,
  identity: () => object | undefined,
  onStart: () => void,
): SiteVisit {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const doNotTrack = nav.doNotTrack === '1' || nav.globalPrivacyControl === true;
  let socket: WebSocket | undefined;
  let stored = read();
  let welcomed = false;
  /** The address the server last heard of: the hello's, then each move's ([EA12]). */
  let reported = '';
  let retries = 0;
  let card: HTMLElement | undefined;

  const send = (message: object): void => {
    if (welcomed && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  /** [EA12] A single-page app's move becomes a page view, even one made while the hello was on its way. */
  // Only the path counts: Parley never takes the query or fragment ([SV2]), so their changes are no move.
  const here = (): string => location.origin + location.pathname;
  const report = (): void => {
    if (!welcomed || here() === reported) return;
    reported = here();
    send({ type: 'site.page', page: page() });
  };

  function removeCard(): void {
    card?.remove();
    card = undefined;
  }

  function showCard(m: Extract<Message, { type: 'site.invitation' }>): void {
    removeCard();
    card = document.createElement('div');
    card.className = 'card';
    card.setAttribute('role', 'dialog');
    card.dataset.invitation = m.invitationId;
    const text = document.createElement('p');
    // [SV7] The consultant's text is text: never parsed as HTML on the customer's page.
    text.textContent = m.text;
    const start = document.createElement('button');
    start.type = 'button';
    start.className = 'start';
    start.textContent = m.labels.start;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'x';
    close.textContent = '×';
    close.setAttribute('aria-label', m.labels.close);
    const answer = (accepted: boolean) => () => {
      send({
        type: 'site.invitation.answer',
        invitationId: m.invitationId,
        answer: accepted ? 'accepted' : 'declined',
      });
      removeCard();
      if (accepted) onStart();
    };
    start.addEventListener('click', answer(true));
    close.addEventListener('click', answer(false));
    card.append(text, start, close);
    root.append(card);
  }

  function onMessage(event: MessageEvent): void {
    let m: Message;
    try {
      m = JSON.parse(String(event.data)) as Message;
    } catch {
      return;
    }
    if (m.type === 'site.welcome') {
      welcomed = true;
      retries = 0;
      stored = { visitId: m.visitId, visitorKey: m.visitorKey };
      write(stored);
      report();
    } else if (m.type === 'site.untracked') {
      // [SV4] Nothing is kept: forget what an earlier visit stored.
      stored = undefined;
      write(undefined);
    } else if (m.type === 'site.invitation' && typeof m.text === 'string') showCard(m);
    else if (m.type === 'site.invitation.closed' && card?.dataset.invitation === m.invitationId) removeCard();
  }

  function connect(): void {
    welcomed = false;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws/site`);
    socket = ws;
    ws.addEventListener('open', () => {
      const id = identity();
      reported = here();
      ws.send(
        JSON.stringify({
          type: 'site.hello',
          v: 1,
          linkKey,
          ...stored,
          page: page(),
          language: navigator.language || 'en',
          doNotTrack,
          ...(id ? { identity: id } : {}),
        }),
      );
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', (event) => {
      if (socket !== ws || FINAL.includes(event.code) || retries >= 8) return;
      // A restarting server or a lost network: try again, less and less often.
      setTimeout(connect, Math.min(60_000, 2000 * 2 ** retries++));
    });
  }

  connect();
  return {
    visitId: () => (welcomed ? stored?.visitId : undefined),
    moved: report,
  };
}

/**
 * [OB2][OB3] Browsers that cannot make Parley's calls (F-13, seed 002: "a guest on Internet
 * Explorer sees a notice"). Their visitors get a notice in their language with the alternatives —
 * another browser, a smartphone or tablet, and text chat where the browser can still run the app —
 * instead of an app that cannot work for them.
 *
 * Everything here runs on Internet Explorer 11 too, so it keeps to what that browser has: plain
 * DOM with inline styles (no Shadow DOM), `XMLHttpRequest` (no fetch), `getAttribute` (no URL, no
 * `Element.closest`), `indexOf` (no `includes`). The build lowers the syntax to ES5 ([OB1]).
 */

/** The notice's text, translated by the link-status route (`labels.oldBrowser`). */
export interface OldBrowserLabels {
  title: string;
  text: string;
  otherBrowser: string;
  device: string;
  textChat: string;
}

/**
 * What this browser lacks for the visitor app: `'app'` — it cannot run the app at all (no ES
 * modules, the test the app's own `<script type="module">` needs, or no Shadow DOM for the
 * button); `'webrtc'` — the app runs but cannot call, so only text chat is left; `null` — nothing.
 */
export type BrowserGap = 'app' | 'webrtc' | null;

export function browserGap(win: Window): BrowserGap {
  const w = win as Window & {
    HTMLScriptElement?: typeof HTMLScriptElement;
    Element?: typeof Element;
    RTCPeerConnection?: unknown;
  };
  const script = w.HTMLScriptElement;
  const element = w.Element;
  if (!script || !('noModule' in script.prototype)) return 'app';
  if (!element || typeof element.prototype.attachShadow !== 'function') return 'app';
  return typeof w.RTCPeerConnection === 'function' ? null : 'webrtc';
}

const NOTICE_STYLE =
  'box-sizing:border-box;padding:20px 22px;background:#fff;color:#111;font:15px/1.45 Arial,sans-serif;text-align:left';
const BUTTON_STYLE =
  'padding:10px 16px;border:0;border-radius:999px;background:#1d4ed8;color:#fff;font:bold 15px Arial,sans-serif;cursor:pointer';

function element(tag: string, text?: string, style?: string): HTMLElement {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (style) el.style.cssText = style;
  return el;
}

/**
 * The notice itself (role `alert`, so it is read out when it appears). `onTextChat`, when given,
 * adds the text-chat button: the browser can still run the app, only not calls.
 */
export function oldBrowserNotice(labels: OldBrowserLabels, onTextChat?: () => void): HTMLElement {
  const notice = element('div', undefined, NOTICE_STYLE);
  notice.setAttribute('role', 'alert');
  notice.setAttribute('data-parley-notice', 'old-browser');
  notice.appendChild(element('h2', labels.title, 'margin:0 28px 10px 0;font-size:18px'));
  notice.appendChild(element('p', labels.text, 'margin:0 0 8px'));
  const alternatives = element('ul', undefined, 'margin:0 0 14px;padding-left:20px');
  alternatives.appendChild(element('li', labels.otherBrowser));
  alternatives.appendChild(element('li', labels.device));
  notice.appendChild(alternatives);
  if (onTextChat) {
    const chat = element('button', labels.textChat, BUTTON_STYLE) as HTMLButtonElement;
    chat.type = 'button';
    chat.addEventListener('click', onTextChat);
    notice.appendChild(chat);
  }
  return notice;
}

interface OldStatus {
  embedAllowed?: boolean;
  labels?: { open?: string; close?: string; oldBrowser?: OldBrowserLabels };
}

const LANGS = ['en', 'pl', 'nl', 'pt'];

/** The embed code's `data-parley-locale`, else the browser's first supported language. */
function languageOf(script: HTMLScriptElement): string {
  // Old browsers may lack `languages` (IE11 has `language` or its own `userLanguage`).
  const nav = navigator as { languages?: readonly string[]; language?: string; userLanguage?: string };
  const wanted = [script.getAttribute('data-parley-locale') ?? ''].concat(
    nav.languages && nav.languages.length
      ? Array.prototype.slice.call(nav.languages)
      : [nav.language || nav.userLanguage || ''],
  );
  for (let i = 0; i < wanted.length; i++) {
    const base = String(wanted[i]).toLowerCase().split('-')[0] ?? '';
    if (LANGS.indexOf(base) >= 0) return base;
  }
  return 'en';
}

/** Whether `target` or one of its ancestors carries `data-parley-open` ([EA4] launchers). */
function opensPanel(target: EventTarget | null): boolean {
  type Ancestor = { getAttribute?: Element['getAttribute']; parentNode: unknown } | null;
  for (let node = target as Ancestor; node?.getAttribute; node = node.parentNode as Ancestor) {
    if (node.getAttribute('data-parley-open') !== null) return true;
  }
  return false;
}

/**
 * [OB2] The whole loader for a browser that cannot run the app: reads the link's status, draws a
 * plain button (unless the page brings its own launcher, [EA4]) and opens the notice — never the
 * app's frame. `Parley('open')` and `Parley('close')` still work; other commands are ignored.
 */
export function installOldBrowser(script: HTMLScriptElement, win: Window & { Parley?: unknown }): void {
  const key = script.getAttribute('data-parley-link');
  const origin = /^https?:\/\/[^/]+/.exec(script.src)?.[0];
  if (!key || !origin) return;
  let panel: HTMLElement | undefined;
  let wantOpen = false;

  function setOpen(open: boolean): void {
    wantOpen = open;
    if (panel) panel.style.display = open ? 'block' : 'none';
  }

  const queued = typeof win.Parley === 'function' ? (win.Parley as { q?: unknown[][] }).q : undefined;
  const api = (command: unknown): void => {
    if (command === 'open' || command === 'close') setOpen(command === 'open');
  };
  api.version = 1;
  win.Parley = api;
  if (queued && queued.length) for (let i = 0; i < queued.length; i++) api((queued[i] ?? [])[0]);

  function draw(status: OldStatus): void {
    const labels = status.labels;
    if (!status.embedAllowed || !labels?.oldBrowser) return;
    panel = element(
      'div',
      undefined,
      'position:fixed;right:20px;bottom:80px;z-index:2147483647;width:360px;max-width:90%;' +
        'box-shadow:0 12px 40px rgba(0,0,0,.3);border-radius:14px;overflow:hidden;display:none',
    );
    panel.setAttribute('data-parley', key ?? '');
    const close = element(
      'button',
      '×',
      'position:absolute;top:8px;right:8px;width:30px;height:30px;border:0;border-radius:50%;' +
        'background:#eee;color:#111;font:20px/30px Arial,sans-serif;cursor:pointer',
    ) as HTMLButtonElement;
    close.type = 'button';
    close.setAttribute('aria-label', labels.close ?? '');
    close.addEventListener('click', () => setOpen(false));
    panel.appendChild(oldBrowserNotice(labels.oldBrowser));
    panel.appendChild(close);
    document.body.appendChild(panel);
    if (script.getAttribute('data-parley-launcher') !== 'none') {
      const button = element(
        'button',
        labels.open ?? '',
        BUTTON_STYLE + ';position:fixed;right:20px;bottom:20px;z-index:2147483646;padding:12px 18px',
      ) as HTMLButtonElement;
      button.type = 'button';
      button.setAttribute('data-parley-button', key ?? '');
      button.addEventListener('click', () => setOpen(panel?.style.display !== 'block'));
      document.body.appendChild(button);
    }
    document.addEventListener('click', (event) => {
      if (!opensPanel(event.target)) return;
      event.preventDefault();
      setOpen(true);
    });
    setOpen(wantOpen);
  }

  const start = (): void => {
    const request = new XMLHttpRequest();
    request.open('GET', `${origin}/api/v1/links/${encodeURIComponent(key)}/status?lang=${languageOf(script)}`);
    request.onload = () => {
      try {
        if (request.status === 200) draw(JSON.parse(request.responseText) as OldStatus);
      } catch {
        // A malformed answer: no button rather than a broken page.
      }
    };
    request.send();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

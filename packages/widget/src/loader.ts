/**
 * The visitor embed code's script. Kept tiny and framework-free: it draws a button in a Shadow
 * DOM (the host page's CSS cannot reach it) and opens the visitor app in an iframe served by
 * Parley. Labels arrive already translated from the link-status route. It never throws into the
 * host page.
 *
 * [EM1] The button appears only once the status says this page may embed the link: on a page the
 * tenant has not allowed, the app's frame-ancestors would refuse the frame, so the loader draws
 * nothing and tells the page's developer why, once, in the console.
 *
 * [EA1]–[EA12] The embed API (docs/embed.md, types in embed.d.ts): commands queued by the async
 * snippet run in order, events reach the page's handlers, the page may bring its own launcher,
 * choose the language, navigate as a single-page app, the availability dot stays live, and the
 * link's theme sets the button's look and place.
 */
import type { ParleyApi, ParleyStub } from './embed.d.ts';
import { createEmitter } from './loader/events.ts';
import { watchAvailability, type AvailabilityWatch } from './loader/availabilityWatch.ts';
import { cobrowseBridge } from './loader/cobrowseBridge.ts';
import { adoptStyles } from './loader/shadowStyles.ts';
import { CARD_STYLES, reportVisit, type SiteVisit } from './loader/siteVisit.ts';
import { applyLook, PLACE, type Look } from './loader/look.ts';
import { browserGap, installOldBrowser, oldBrowserNotice, type OldBrowserLabels } from './loader/oldBrowser.ts';

interface LinkStatus {
  available: boolean;
  labels: {
    open: string;
    close: string;
    title: string;
    available: string;
    unavailable: string;
    oldBrowser: OldBrowserLabels;
  };
  embedAllowed: boolean;
  look?: Look;
}

const LANGS = ['en', 'pl', 'nl', 'pt'];

function pickLang(): string {
  for (const tag of navigator.languages) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

const STYLES = `
:host{all:initial}
.btn{position:fixed;${PLACE};bottom:var(--parley-bottom,20px);z-index:2147483646;display:flex;align-items:center;gap:8px;
 padding:12px 18px;border:0;border-radius:999px;background:var(--parley-bg,#1d4ed8);color:var(--parley-fg,#fff);
 font:600 15px/1 system-ui,sans-serif;box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}
.btn:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.dot{width:10px;height:10px;border-radius:50%;background:#9ca3af;box-shadow:0 0 0 2px var(--parley-fg,#fff)}
.dot.on{background:#22c55e}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.panel{position:fixed;${PLACE};bottom:calc(var(--parley-bottom,20px) + 60px);z-index:2147483647;
 width:var(--parley-width,380px);height:var(--parley-height,600px);max-width:calc(100vw - 16px);max-height:calc(100vh - 100px);
 border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.3);background:#fff;display:none}
.panel.open{display:block}
@keyframes parley-in{from{opacity:0;transform:translateY(12px)}}
.panel iframe{width:100%;height:100%;border:0;display:block}
.close{position:absolute;top:8px;right:8px;width:30px;height:30px;border:0;border-radius:50%;background:rgba(0,0,0,.06);
 color:#111;font:20px/30px system-ui,sans-serif;cursor:pointer}
@media (max-width:480px){.panel{left:0;right:0;bottom:0;width:100vw;height:100vh;max-width:none;max-height:none;border-radius:0}}
/* [EA11] Movement only for visitors who did not ask for less. */
@media (prefers-reduced-motion:no-preference){.btn{transition:transform .15s ease-out}.btn:hover{transform:translateY(-2px)}
 .panel.open{animation:parley-in .2s ease-out}}
`;

/** [K2][D1] What the embedding page tells Parley about the visitor; the server validates it. */
interface Context {
  identity?: { id: string; name?: string; email?: string; expires: number; signature: string };
  attached?: Record<string, string>;
}

/** `data-parley-identity-*` and `data-parley-attached` (JSON object of strings) on the script tag. */
function contextFromAttributes(script: HTMLScriptElement): Context {
  const d = script.dataset;
  const context: Context = {};
  // Without a valid expiry the identity could only be refused ([SD4]); the attached data still goes.
  if (d.parleyIdentityId && d.parleyIdentitySignature && Number.isSafeInteger(Number(d.parleyIdentityExpires))) {
    context.identity = {
      id: d.parleyIdentityId,
      // [SD4] Unix seconds; the signature covers it, so the server refuses it once it has passed.
      expires: Number(d.parleyIdentityExpires),
      signature: d.parleyIdentitySignature,
      ...(d.parleyIdentityName ? { name: d.parleyIdentityName } : {}),
      ...(d.parleyIdentityEmail ? { email: d.parleyIdentityEmail } : {}),
    };
  }
  if (d.parleyAttached) {
    try {
      context.attached = stringsOnly(JSON.parse(d.parleyAttached));
    } catch {
      // malformed JSON from the page: attach nothing
    }
  }
  return context;
}

/** Keeps string values only (attached data is text, F-22). */
function stringsOnly(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** For the page's developer: one line, prefixed so it is found among the page's own messages. */
function warn(text: string): void {
  // eslint-disable-next-line no-console -- telling the developer of the embedding page is the point ([EM1])
  console.warn(`Parley: ${text}`);
}

type Args = unknown[];
type Win = Window & { Parley?: ParleyApi | ParleyStub };

/**
 * Runs when the script runs (before the DOM may be ready): installs `window.Parley` at once, so
 * the queued commands and later calls all meet the same API, then draws once the status is read.
 */
function install(script: HTMLScriptElement, win: Win, withoutWebrtc: boolean): void {
  const key = script.dataset.parleyLink;
  if (!key) return;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') {
    // [EM1] The app's frame-ancestors admits http and https pages only: elsewhere the frame is refused.
    warn(`the help button works on http and https pages only, not on ${location.protocol} pages.`);
    return;
  }
  const origin = new URL(script.src).origin;
  let lang = pickLang();
  const openKey = `parley-open-${key}`;
  // [EA4] The page's own button or link opens the panel; Parley's button is not drawn.
  const ownLauncher = script.dataset.parleyLauncher === 'none';

  const host = document.createElement('div');
  host.setAttribute('data-parley', key);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, STYLES + CARD_STYLES);
  const button = document.createElement('button');
  button.className = 'btn';
  button.type = 'button';
  const dot = document.createElement('span');
  dot.className = 'dot';
  const label = document.createElement('span');
  label.textContent = script.dataset.parleyLabel ?? '?';
  // [EA8] The dot's meaning for screen readers, kept as live as the dot itself.
  const dotText = document.createElement('span');
  dotText.className = 'sr';
  dotText.id = 'parley-dot';
  button.setAttribute('aria-describedby', dotText.id);
  button.append(dot, label, dotText);
  const panel = document.createElement('div');
  panel.className = 'panel';
  const close = document.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.textContent = '×';
  root.append(panel);
  if (!ownLauncher) root.append(button);

  let frame: HTMLIFrameElement | undefined;
  let status: LinkStatus | undefined;
  let available: boolean | undefined;
  let drawn = false;
  let wantOpen = false;
  let unread = 0;
  let watch: AvailabilityWatch | undefined;
  let visit: SiteVisit | undefined;
  const context = contextFromAttributes(script);
  const events = createEmitter((name, error) => warn(`a handler of the "${name}" event threw: ${String(error)}`));

  /** Messages to the visitor app go to Parley's origin only. */
  function post(message: object): void {
    frame?.contentWindow?.postMessage(message, origin);
  }
  const cobrowse = cobrowseBridge(origin, post, script.dataset.parleyPrivateSelector);
  /** A later identify()/attach() reaches an open app by postMessage. */
  function share(): void {
    post({ parley: 'context', context });
  }

  function showAvailability(now: boolean): void {
    available = now;
    dot.classList.toggle('on', now);
    if (status) dotText.textContent = now ? status.labels.available : status.labels.unavailable;
  }

  function setOpen(open: boolean): void {
    if (!drawn) {
      wantOpen = open; // [EA1] a queued open waits for the status
      return;
    }
    const wasOpen = panel.classList.contains('open');
    if (open && !frame && withoutWebrtc && status) {
      // [OB3] No WebRTC: the notice first; the app, which can only chat then, if the visitor asks.
      withoutWebrtc = false;
      const notice = oldBrowserNotice(status.labels.oldBrowser, () => {
        notice.remove();
        setOpen(true);
      });
      panel.append(notice, close);
    } else if (open && !frame) {
      frame = document.createElement('iframe');
      // The context travels in the fragment: it never reaches server logs as part of a URL.
      const params = new URLSearchParams();
      if (context.identity || context.attached) params.set('ctx', JSON.stringify(context));
      // [SV8] The site visit, so the visitor's row shows the conversation (and an invitation routes it).
      const visitId = visit?.visitId();
      if (visitId) params.set('visit', visitId);
      const fragment = params.toString() ? `#${params.toString()}` : '';
      frame.src = `${origin}/widget/app/?link=${encodeURIComponent(key ?? '')}&lang=${lang}${fragment}`;
      frame.allow = 'camera; microphone; display-capture; autoplay';
      frame.title = status?.labels.title ?? '';
      panel.append(frame, close);
    }
    panel.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
    try {
      if (open) sessionStorage.setItem(openKey, '1');
      else sessionStorage.removeItem(openKey);
    } catch {
      // Storage can be blocked by the host page's settings; the panel still works.
    }
    if (open) unread = 0;
    if (open !== wasOpen) events.emit(open ? 'open' : 'close', {});
  }

  function readStatus(): Promise<LinkStatus | null> {
    // No async/await in the loader: lowered to ES5 ([OB1]) it would bring a kilobyte of helpers.
    return fetch(`${origin}/api/v1/links/${encodeURIComponent(key ?? '')}/status?lang=${lang}`).then((r) => {
      if (r.status === 404) {
        warn(`help link "${key}" does not exist on ${origin}; check data-parley-link in the embed code.`);
        return null;
      }
      return r.ok ? (r.json() as Promise<LinkStatus>) : null;
    });
  }

  function applyLabels(read: LinkStatus): void {
    status = read;
    // [EA9][EA11] Set before the host joins the page: the button is drawn once, already themed.
    applyLook(host, read.look);
    // The admin's label is text, never HTML, on the customer's page.
    label.textContent = read.labels.open;
    close.setAttribute('aria-label', read.labels.close);
    if (frame) frame.title = read.labels.title;
    showAvailability(available ?? read.available);
  }

  /** [EA2] Events from the visitor app: only from our frame and Parley's origin, rebuilt field by field. */
  function onAppMessage(event: MessageEvent): void {
    if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
    const data = event.data as {
      parley?: unknown;
      name?: unknown;
      available?: unknown;
      position?: unknown;
      mode?: unknown;
    } | null;
    // [CB1] Co-browsing, only on the visitor's consent given in the app.
    if (data?.parley === 'cobrowse') return cobrowse.handle(data);
    if (data?.parley !== 'event') return;
    if (data.name === 'availability' && typeof data.available === 'boolean') watch?.push(data.available);
    else if (data.name === 'queued')
      events.emit('conversation:queued', { position: typeof data.position === 'number' ? data.position : null });
    else if (data.name === 'started') {
      const mode = data.mode === 'video' || data.mode === 'voice' ? data.mode : 'text';
      events.emit('conversation:started', { mode });
    } else if (data.name === 'ended') events.emit('conversation:ended', {});
    else if (data.name === 'message') {
      if (!panel.classList.contains('open')) unread += 1;
      events.emit('message', { unread });
    }
  }

  function draw(read: LinkStatus): void {
    applyLabels(read);
    document.body.append(host);
    drawn = true;
    let reopen: boolean;
    try {
      reopen = sessionStorage.getItem(openKey) === '1';
    } catch {
      reopen = false; // storage can be blocked on the customer's page
    }
    window.addEventListener('message', onAppMessage);
    // [EA4] Any element marked data-parley-open, now or added later by the page, opens the panel.
    document.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target.closest('[data-parley-open]') : null;
      if (!target) return;
      event.preventDefault();
      setOpen(true);
    });
    // [EA6] A single-page app's router may re-render the body: put the button back if it went.
    const keep = (): void => {
      if (!host.isConnected) document.body.append(host);
      visit?.moved();
    };
    window.addEventListener('popstate', keep);
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method].bind(history);
      history[method] = (...args: Parameters<History['pushState']>) => {
        original(...args);
        setTimeout(keep);
      };
    }
    watch = watchAvailability(read.available, {
      check: () =>
        readStatus().then(
          (s) => s?.available ?? null,
          () => null,
        ),
      onChange: (now) => {
        showAvailability(now);
        events.emit('availability', { available: now });
      },
      isVisible: () => document.visibilityState !== 'hidden',
      onVisible: (run) => document.addEventListener('visibilitychange', run),
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as number | undefined),
    });
    // [SV1] The pages of this visit, reported while the page is open.
    visit = reportVisit(
      origin,
      key ?? '',
      root,
      () => context.identity,
      () => setOpen(true),
    );
    events.emit('ready', { available: read.available });
    if (reopen || wantOpen) setOpen(true);
  }

  /** [EA5] A supported language, else the browser's with a warning. */
  function setLocale(given: unknown): void {
    const wanted = typeof given === 'string' ? given.toLowerCase() : '';
    const fallback = pickLang();
    if (!LANGS.includes(wanted))
      warn(`language "${String(given)}" is not supported (${LANGS.join(', ')}); using "${fallback}".`);
    const next = LANGS.includes(wanted) ? wanted : fallback;
    if (next === lang) return;
    lang = next;
    if (!drawn) return;
    post({ parley: 'locale', locale: lang });
    void readStatus().then(
      (read) => read && applyLabels(read),
      () => undefined,
    );
  }

  const commands: Record<string, (...args: Args) => void> = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    /**
     * Parley.identify({ id, name, email, expires, signature }): signature = hex HMAC-SHA256(tenant
     * secret, "parley-identity-v1\nid\nname\nemail\nexpires") made by the customer's backend (README).
     */
    identify: (given) => {
      const identity = given as { id?: unknown; signature?: unknown; expires?: unknown } | undefined;
      if (!identity || typeof identity.id !== 'string' || typeof identity.signature !== 'string') return;
      // The page may pass the expiry as a number or as the string its template printed.
      const expires = Number(identity.expires);
      if (!Number.isSafeInteger(expires)) return;
      context.identity = { ...(identity as NonNullable<Context['identity']>), expires };
      share();
    },
    /** Parley.attach({ account: '123', service: 'broadband' }): shown to the consultant. */
    attach: (data) => {
      context.attached = { ...context.attached, ...stringsOnly(data) };
      share();
    },
    locale: setLocale,
    on: (name, handler) => {
      if (!events.on(String(name), handler)) warn(`"${String(name)}" is not a Parley event (docs/embed.md).`);
      // [EA2] A handler added after `ready` still learns the availability it missed.
      else if (name === 'ready' && drawn) events.emit('ready', { available: available ?? false }, handler);
    },
    off: (name, handler) => events.off(String(name), handler),
  };

  /** [EA1] One entry point for queued and live commands; a bad command never throws into the page. */
  const api = function Parley(command: unknown, ...args: Args): void {
    const run = typeof command === 'string' ? commands[command] : undefined;
    if (!run) {
      warn(`unknown command "${String(command)}" (docs/embed.md).`);
      return;
    }
    try {
      run(...args);
    } catch {
      // A malformed argument from the page: ignore the command, keep the widget.
    }
  } as unknown as ParleyApi;
  for (const name of Object.keys(commands)) {
    Object.defineProperty(api, name, { value: (...args: Args) => (api as (...a: Args) => void)(name, ...args) });
  }
  Object.defineProperty(api, 'available', { get: () => available });
  Object.defineProperty(api, 'version', { value: 1 });

  const queued = typeof win.Parley === 'function' ? (win.Parley as ParleyStub).q : undefined;
  win.Parley = api;
  if (script.dataset.parleyLocale) setLocale(script.dataset.parleyLocale);
  for (const args of Array.isArray(queued) ? queued : []) (api as (...a: Args) => void)(...Array.from(args));

  const start = (): void => {
    readStatus()
      .then((read) => {
        if (!read) return;
        if (!read.embedAllowed) {
          warn(
            `this page (${location.origin}) is not among the allowed websites of help link "${key}", so the button ` +
              `is not shown. An admin can add the site in the Parley console under Admin → Websites.`,
          );
          return;
        }
        draw(read);
      })
      .catch(() => warn(`could not read the status of help link "${key}" from ${origin}; no button is shown.`));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  button.addEventListener('click', () => setOpen(!panel.classList.contains('open')));
  close.addEventListener('click', () => setOpen(false));
}

try {
  const win = window as Win;
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-parley-link]');
  // [EA6] Included twice (a template and a tag manager): the second copy leaves the first in charge.
  const loaded = typeof win.Parley === 'function' && (win.Parley as Partial<ParleyApi>).version === 1;
  // [OB2] A browser that cannot run the app gets the notice's own small loader.
  const gap = browserGap(win);
  if (script && !loaded) {
    if (gap === 'app') installOldBrowser(script, win);
    else install(script, win, gap === 'webrtc');
  }
} catch {
  // Never break the customer's page.
}

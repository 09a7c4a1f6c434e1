/**
 * The visitor embed code's script. Kept tiny and framework-free: it draws a button in a Shadow
 * DOM (the host page's CSS cannot reach it) and opens the visitor app in an iframe served by
 * Parley. Labels arrive already translated from the link-status route. It never throws into the
 * host page.
 *
 * [EM1] The button appears only once the status says this page may embed the link: on a page the
 * tenant has not allowed, the app's frame-ancestors would refuse the frame, so the loader draws
 * nothing and tells the page's developer why, once, in the console.
 */
interface LinkStatus {
  available: boolean;
  labels: { open: string; close: string; title: string };
  embedAllowed: boolean;
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
.btn{position:fixed;right:20px;bottom:20px;z-index:2147483646;display:flex;align-items:center;gap:8px;
 padding:12px 18px;border:0;border-radius:999px;background:#1d4ed8;color:#fff;font:600 15px/1 system-ui,sans-serif;
 box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}
.btn:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.dot{width:10px;height:10px;border-radius:50%;background:#9ca3af}
.dot.on{background:#22c55e}
.panel{position:fixed;right:20px;bottom:80px;z-index:2147483647;width:380px;height:600px;max-height:calc(100vh - 100px);
 border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.3);background:#fff;display:none}
.panel.open{display:block}
.panel iframe{width:100%;height:100%;border:0;display:block}
.close{position:absolute;top:8px;right:8px;width:30px;height:30px;border:0;border-radius:50%;background:rgba(0,0,0,.06);
 color:#111;font:20px/30px system-ui,sans-serif;cursor:pointer}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;max-height:none;border-radius:0}}
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

/**
 * A constructed style sheet is not subject to the host page's `style-src`, so a customer site
 * with a strict Content-Security-Policy still gets a styled button; older browsers get a <style>.
 */
function adoptStyles(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = STYLES;
    root.append(style);
  }
}

/** For the page's developer: one line, prefixed so it is found among the page's own messages. */
function warn(text: string): void {
  // eslint-disable-next-line no-console -- telling the developer of the embedding page is the point ([EM1])
  console.warn(`Parley: ${text}`);
}

function start(script: HTMLScriptElement): void {
  const key = script.dataset.parleyLink;
  if (!key) return;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') {
    // [EM1] The app's frame-ancestors admits http and https pages only: elsewhere the frame is refused.
    warn(`the help button works on http and https pages only, not on ${location.protocol} pages.`);
    return;
  }
  const origin = new URL(script.src).origin;
  const lang = pickLang();
  const openKey = `parley-open-${key}`;

  const host = document.createElement('div');
  host.setAttribute('data-parley', key);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const button = document.createElement('button');
  button.className = 'btn';
  button.type = 'button';
  const dot = document.createElement('span');
  dot.className = 'dot';
  const label = document.createElement('span');
  label.textContent = script.dataset.parleyLabel ?? '?';
  button.append(dot, label);
  const panel = document.createElement('div');
  panel.className = 'panel';
  const close = document.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.textContent = '×';
  root.append(button, panel);

  let frame: HTMLIFrameElement | undefined;
  let title = '';
  const context = contextFromAttributes(script);

  /** A later identify()/attach() reaches an open app by postMessage, to Parley's origin only. */
  function share(): void {
    frame?.contentWindow?.postMessage({ parley: 'context', context }, origin);
  }

  function setOpen(open: boolean): void {
    if (!host.isConnected) return; // no button, no panel: this page may not embed the link
    if (open && !frame) {
      frame = document.createElement('iframe');
      // The context travels in the fragment: it never reaches server logs as part of a URL.
      const fragment =
        context.identity || context.attached ? `#ctx=${encodeURIComponent(JSON.stringify(context))}` : '';
      frame.src = `${origin}/widget/app/?link=${encodeURIComponent(key ?? '')}&lang=${lang}${fragment}`;
      frame.allow = 'camera; microphone; display-capture; autoplay';
      frame.title = title;
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
  }

  button.addEventListener('click', () => setOpen(!panel.classList.contains('open')));
  close.addEventListener('click', () => setOpen(false));

  fetch(`${origin}/api/v1/links/${encodeURIComponent(key)}/status?lang=${lang}`)
    .then(async (r) => {
      if (r.status === 404) {
        warn(`help link "${key}" does not exist on ${origin}; check data-parley-link in the embed code.`);
        return null;
      }
      return r.ok ? ((await r.json()) as LinkStatus) : null;
    })
    .then((status) => {
      if (!status) return;
      if (!status.embedAllowed) {
        warn(
          `this page (${location.origin}) is not among the allowed websites of help link "${key}", so the button ` +
            `is not shown. An admin can add the site in the Parley console under Admin → Websites.`,
        );
        return;
      }
      label.textContent = status.labels.open;
      close.setAttribute('aria-label', status.labels.close);
      title = status.labels.title;
      dot.classList.toggle('on', status.available);
      document.body.append(host);
      let reopen: boolean;
      try {
        reopen = sessionStorage.getItem(openKey) === '1';
      } catch {
        reopen = false; // storage can be blocked on the customer's page
      }
      if (reopen) setOpen(true);
    })
    .catch(() => warn(`could not read the status of help link "${key}" from ${origin}; no button is shown.`));

  (window as unknown as { Parley?: unknown }).Parley = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    /**
     * Parley.identify({ id, name, email, expires, signature }): signature = hex HMAC-SHA256(tenant
     * secret, "parley-identity-v1\nid\nname\nemail\nexpires") made by the customer's backend (README).
     */
    identify: (given: (Omit<NonNullable<Context['identity']>, 'expires'> & { expires: unknown }) | undefined) => {
      if (!given || typeof given.id !== 'string' || typeof given.signature !== 'string') return;
      // The page may pass the expiry as a number or as the string its template printed.
      const expires = Number(given.expires);
      if (!Number.isSafeInteger(expires)) return;
      context.identity = { ...given, expires };
      share();
    },
    /** Parley.attach({ account: '123', service: 'broadband' }): shown to the consultant. */
    attach: (data: unknown) => {
      context.attached = { ...context.attached, ...stringsOnly(data) };
      share();
    },
  };
}

try {
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-parley-link]');
  if (script) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => start(script));
    else start(script);
  }
} catch {
  // Never break the customer's page.
}

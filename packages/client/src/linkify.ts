/**
 * [X1]–[X4] Splits chat text into plain-text and link tokens, for both UIs. Only http(s) URLs
 * and e-mail addresses become links; everything else stays text. The UIs render each token as
 * a text node or an `<a>` whose `href` comes from here — never as HTML.
 */
export type Token = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Bidirectional overrides, isolates, marks and zero-width characters end a link: a URL may not
 * hide or reorder what the reader sees ([X3], e.g. U+202E turning `exe.txt` into `txt.exe`).
 */
const INVISIBLE = '\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF';
const URL_BODY = `[^\\s<>"'\`${INVISIBLE}]+`;
const PATTERN = new RegExp(
  [
    // Only the ASCII schemes http and https, starting a word: `xhttp://`, `hxxp://`, `javascript:` never match.
    `(?<![A-Za-z0-9+.-])(?:https?:\\/\\/${URL_BODY})`,
    `(?<![A-Za-z0-9+.\\-/@])(?:www\\.${URL_BODY})`,
    `(?<![A-Za-z0-9._%+\\-/:@])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}(?![A-Za-z0-9@])`,
  ].join('|'),
  'gi',
);

const TRAILING = /[.,;:!?'"*_\u2026]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** [X2] Sentence punctuation after a URL is not part of it; a closing bracket is, when it is balanced. */
function trimTrailing(candidate: string): string {
  let text = candidate;
  for (;;) {
    const last = text.at(-1) ?? '';
    const opener = CLOSERS[last];
    if (TRAILING.test(last)) text = text.slice(0, -1);
    else if (opener && count(text, opener) < count(text, last)) text = text.slice(0, -1);
    else return text;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** [X1] The only hrefs a link may have: http:, https: (no user:password@ disguise) and mailto:. */
export function safeHref(raw: string): string | null {
  if (/^mailto:/i.test(raw)) {
    const address = raw.slice('mailto:'.length);
    return /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}$/.test(address) ? `mailto:${address}` : null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

function toLink(text: string): Token | null {
  if (text.includes('@') && !text.includes('/') && !/^(?:https?:|www\.)/i.test(text)) {
    const href = safeHref(`mailto:${text}`);
    return href ? { kind: 'link', text, href } : null;
  }
  const href = safeHref(/^www\./i.test(text) ? `https://${text}` : text);
  return href ? { kind: 'link', text, href } : null;
}

/** Splits `text` into tokens; joining every token's `text` gives the input back unchanged. */
export function linkify(text: string): Token[] {
  const tokens: Token[] = [];
  let rest = 0;
  const push = (t: Token): void => {
    const previous = tokens.at(-1);
    if (t.kind === 'text' && previous?.kind === 'text') previous.text += t.text;
    else if (t.text) tokens.push(t);
  };
  for (const match of text.matchAll(PATTERN)) {
    const start = match.index;
    const candidate = trimTrailing(match[0]);
    const link = toLink(candidate);
    if (!link) continue;
    push({ kind: 'text', text: text.slice(rest, start) });
    push(link);
    rest = start + candidate.length;
  }
  push({ kind: 'text', text: text.slice(rest) });
  return tokens;
}

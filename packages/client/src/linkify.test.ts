import { describe, expect, it } from 'vitest';
import { linkify, safeHref, type Token } from './linkify.ts';
import { fillTemplate } from './template.ts';

const links = (text: string): { text: string; href: string }[] =>
  linkify(text).flatMap((t) => (t.kind === 'link' ? [{ text: t.text, href: t.href }] : []));
const joined = (tokens: Token[]): string => tokens.map((t) => t.text).join('');

/** Strings an attacker would type into a chat, a name or a note. */
export const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  'java\tscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '<a href="javascript:alert(1)">click</a>',
  'https://example.com/"onmouseover="alert(1)',
  "https://example.com/'><script>alert(1)</script>",
  'https://evil.example\u202Egpj.exe',
  'hxxps://evil.example',
  'https:/\\evil.example',
  'ｈｔｔｐｓ://evil.example',
  'https://user:pass@evil.example',
  'mailto:x@y.z?body=<script>',
  '&#106;avascript:alert(1)',
];

describe('link tokenizer', () => {
  it('[X1] turns http(s) URLs, www. addresses and e-mail addresses into links, and nothing else', () => {
    expect(links('see https://example.com/a?b=1#c and www.parley.test or mail ann@example.com')).toEqual([
      { text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { text: 'www.parley.test', href: 'https://www.parley.test/' },
      { text: 'ann@example.com', href: 'mailto:ann@example.com' },
    ]);
    expect(links('HTTP://EXAMPLE.COM')).toEqual([{ text: 'HTTP://EXAMPLE.COM', href: 'http://example.com/' }]);
    expect(links('plain text, no links. a@b c.d')).toEqual([]);
  });

  it('[X1] every token joined gives the text back unchanged', () => {
    for (const text of [...XSS_CORPUS, 'a https://x.test/(b) c.', 'ann@example.com, bob@example.org!']) {
      expect(joined(linkify(text))).toBe(text);
    }
  });

  it('[X1] the XSS corpus yields no link other than http, https or mailto, and no markup in any href', () => {
    for (const text of XSS_CORPUS) {
      for (const link of links(text)) {
        expect(link.href).toMatch(/^(https?:\/\/|mailto:)/);
        expect(link.href).not.toMatch(/[<>"'\s]/);
        expect(link.href.toLowerCase()).not.toContain('javascript:');
      }
    }
    expect(links('javascript:alert(1)')).toEqual([]);
    expect(links('data:text/html;base64,PHNjcmlwdD4=')).toEqual([]);
    expect(links('hxxps://evil.example')).toEqual([]);
    expect(links('ｈｔｔｐｓ://evil.example')).toEqual([]);
  });

  it('[X1] quotes and angle brackets end a URL: an attribute cannot be smuggled in', () => {
    expect(links('https://example.com/"onmouseover="alert(1)')).toEqual([
      { text: 'https://example.com/', href: 'https://example.com/' },
    ]);
    expect(links("https://example.com/'><script>")).toEqual([
      { text: 'https://example.com/', href: 'https://example.com/' },
    ]);
  });

  it('[X2] trailing punctuation stays text; balanced brackets stay in the URL', () => {
    expect(links('Go to https://example.com.')).toEqual([
      { text: 'https://example.com', href: 'https://example.com/' },
    ]);
    expect(links('(see https://example.com/a)')).toEqual([
      { text: 'https://example.com/a', href: 'https://example.com/a' },
    ]);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar), ok?')).toEqual([
      { text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
    ]);
    expect(links('mail me: ann@example.com!')).toEqual([{ text: 'ann@example.com', href: 'mailto:ann@example.com' }]);
  });

  it('[X3] bidi overrides and invisible characters end a link, so it cannot disguise where it goes', () => {
    const tokens = linkify('https://evil.example\u202Egpj.exe');
    expect(tokens[0]).toEqual({ kind: 'link', text: 'https://evil.example', href: 'https://evil.example/' });
    expect(tokens[1]).toEqual({ kind: 'text', text: '\u202Egpj.exe' });
    expect(links('https://a.example\u200B.evil.example')).toEqual([
      { text: 'https://a.example', href: 'https://a.example/' },
    ]);
  });

  it('[X4] a URL with user:password@ (the "https://bank.com@evil" disguise) is left as text', () => {
    expect(links('https://bank.example@evil.example/login')).toEqual([]);
    expect(links('https://user:pass@evil.example')).toEqual([]);
    expect(safeHref('https://ok.example/')).toBe('https://ok.example/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('mailto:a@b.example?body=x')).toBeNull();
  });
});

describe('canned response variables', () => {
  it('[CR5] fills %visitor%, %consultant%, %name% and %company%; unknown variables stay as typed', () => {
    const values = { visitor: 'Ann', consultant: 'Dana', name: 'Dana', company: 'Demo' };
    expect(fillTemplate('Hello %visitor%, I am %Consultant% of %company%. %unknown% 100%', values)).toBe(
      'Hello Ann, I am Dana of Demo. %unknown% 100%',
    );
    expect(fillTemplate('%visitor%', { visitor: '<b>%name%</b>' })).toBe('<b>%name%</b>');
  });
});

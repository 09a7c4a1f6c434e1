import { linkify } from '@parley/client';

/** [X1] Chat text with http(s) and e-mail links; every piece is a text node, never HTML. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((token, i) =>
        token.kind === 'link' ? (
          <a key={i} href={token.href} target="_blank" rel="noopener noreferrer">
            {token.text}
          </a>
        ) : (
          token.text
        ),
      )}
    </>
  );
}

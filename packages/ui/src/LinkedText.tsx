import { Fragment } from 'react';
import { linkify } from '@parley/client';
import { revealBidi } from '@parley/protocol/bidi';

/**
 * [X1] Chat text with http(s) and e-mail links; every piece is a text node, never HTML.
 * [SD12] Isolated (`<bdi>`), with bidi controls shown, so it cannot reorder itself or its neighbours.
 */
export function LinkedText({ text }: { text: string }) {
  return (
    <bdi>
      {linkify(text).map((token, i) =>
        token.kind === 'link' ? (
          <a key={i} href={token.href} target="_blank" rel="noopener noreferrer">
            {revealBidi(token.text)}
          </a>
        ) : (
          <Fragment key={i}>{revealBidi(token.text)}</Fragment>
        ),
      )}
    </bdi>
  );
}

/** [SD12] Text from a visitor or a page (a name, an e-mail, a note…): isolated, bidi controls shown. */
export function UserText({ text }: { text: string }) {
  return <bdi>{revealBidi(text)}</bdi>;
}

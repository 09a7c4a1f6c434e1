import { useEffect, useRef } from 'react';
import type { PendingChat } from '@parley/client';
import type { Translate } from '@parley/i18n/core';
import type { ChatMessageView, ChatSender } from '@parley/protocol';
import { LinkedText, UserText } from './LinkedText.tsx';

interface Props {
  messages: readonly ChatMessageView[];
  /** [M3] Sent but not stored yet (e.g. while the connection is down): shown, marked, never lost. */
  unsent: readonly PendingChat[];
  /** Which side's messages are this viewer's own (right, "You"). */
  own: ChatSender;
  /** How the other side is called when a message carries no author name. */
  unnamed: string;
  /**
   * The console brings the newest message into view, page included; the visitor app scrolls the
   * list only, as scrolling its panel would hide the header.
   */
  scrollPage: boolean;
  t: Translate;
}

/** The chat's messages (F-07), as text nodes only: nothing typed is ever HTML ([X1]). */
export function ChatMessages({ messages, unsent, own, unnamed, scrollPage, t }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    if (scrollPage) element.lastElementChild?.scrollIntoView({ block: 'end' });
    else element.scrollTop = element.scrollHeight;
  }, [messages.length, unsent.length, scrollPage]);
  return (
    <ol ref={list} className="messages" aria-live="polite">
      {messages.length === 0 && unsent.length === 0 && <li className="empty">{t('chat.empty')}</li>}
      {messages.map((m) => (
        <li key={m.id} className={m.sender === own ? 'mine' : 'theirs'} data-testid="chat-message">
          <span className="author">
            {m.sender === own ? t('chat.you') : m.authorName ? <UserText text={m.authorName} /> : unnamed}
          </span>
          <span className="text">
            <LinkedText text={m.text} />
          </span>
        </li>
      ))}
      {unsent.map((m) => (
        <li key={m.clientId} className="mine sending" data-testid="chat-sending">
          <span className="author">{t('chat.you')}</span>
          <span className="text">
            <UserText text={m.text} />
          </span>
          <span className="state">{t('chat.sending')}</span>
        </li>
      ))}
    </ol>
  );
}

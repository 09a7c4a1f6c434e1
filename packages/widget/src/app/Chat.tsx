import { useEffect, useRef, useState } from 'preact/hooks';
import type { VisitorClient } from '@parley/client';
import type { Translate } from '@parley/i18n';
import { useVisitorState } from './hooks.ts';
import { LinkedText, UserText } from '@parley/ui';

/** Text chat. Messages are rendered as text nodes only: nothing typed is ever HTML. */
export function Chat({ client, t }: { client: VisitorClient; t: Translate }) {
  const { messages, conversation, sending } = useVisitorState(client);
  // [M3] Sent but not stored yet (e.g. while the connection is down): shown, marked, never lost.
  const unsent = sending.filter((m) => m.conversationId === conversation?.id);
  // [C11] While on hold the visitor cannot send (the server refuses it too).
  const held = conversation?.held ?? false;
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // Scroll the list only: scrollIntoView would also scroll the whole panel and hide the header.
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages.length, unsent.length]);

  const send = (event: Event) => {
    event.preventDefault();
    if (!draft.trim()) return;
    client.sendChat(draft);
    setDraft('');
  };

  return (
    <div class="chat">
      <ol ref={list} class="messages" aria-live="polite">
        {messages.length === 0 && unsent.length === 0 && <li class="empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} class={m.sender === 'visitor' ? 'mine' : 'theirs'} data-testid="chat-message">
            <span class="author">{m.sender === 'visitor' ? t('chat.you') : <UserText text={m.authorName} />}</span>
            <span class="text">
              <LinkedText text={m.text} />
            </span>
          </li>
        ))}
        {unsent.map((m) => (
          <li key={m.clientId} class="mine sending" data-testid="chat-sending">
            <span class="author">{t('chat.you')}</span>
            <span class="text">
              <UserText text={m.text} />
            </span>
            <span class="state">{t('chat.sending')}</span>
          </li>
        ))}
      </ol>
      <form class="compose" onSubmit={send}>
        <input
          data-testid="chat-input"
          value={draft}
          maxLength={4000}
          disabled={held}
          placeholder={t('chat.placeholder')}
          aria-label={t('chat.placeholder')}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" data-testid="chat-send" disabled={held}>
          {t('action.send')}
        </button>
      </form>
    </div>
  );
}

import { useState } from 'preact/hooks';
import type { VisitorClient } from '@parley/client';
import type { Translate } from '@parley/i18n';
import { useVisitorState } from './hooks.ts';
import { ChatMessages } from '@parley/ui';

/**
 * [M8] The line being typed, per client. The waiting screen's chat and the call's are two
 * components, and Accept swaps one for the other: a visitor typing at that moment keeps the line.
 */
const drafts = new WeakMap<VisitorClient, string>();

/** Text chat (F-07): the shared message list and the visitor's compose line. */
export function Chat({ client, t }: { client: VisitorClient; t: Translate }) {
  const { messages, conversation, sending } = useVisitorState(client);
  // [M3] Sent but not stored yet (e.g. while the connection is down): shown, marked, never lost.
  const unsent = sending.filter((m) => m.conversationId === conversation?.id);
  // [C11] While on hold the visitor cannot send (the server refuses it too).
  const held = conversation?.held ?? false;
  const [draft, setDraftState] = useState(() => drafts.get(client) ?? '');
  const setDraft = (text: string) => {
    drafts.set(client, text);
    setDraftState(text);
  };

  const send = (event: Event) => {
    event.preventDefault();
    if (!draft.trim()) return;
    client.sendChat(draft);
    setDraft('');
  };

  return (
    <div class="chat">
      <ChatMessages messages={messages} unsent={unsent} own="visitor" unnamed="" scrollPage={false} t={t} />
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

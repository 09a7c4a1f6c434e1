import { useState, type SubmitEvent } from 'react';
import type { ConversationView } from '@parley/protocol';
import type { ConsultantClient } from '@parley/client';
import { ChatMessages } from '@parley/ui';
import { useT } from '../i18n.ts';
import { CannedPicker } from './CannedPicker.tsx';

/** The chat beside a conversation: its messages (unsent ones marked, [M3]) and the compose line. */
export function Chat({ client, conversation }: { client: ConsultantClient; conversation: ConversationView }) {
  const { t } = useT();
  const conversationId = conversation.id;
  const [draft, setDraft] = useState('');
  const messages = client.state.messages[conversationId] ?? [];
  // [M3] Sent but not stored yet (e.g. while the connection is down): shown, marked, never lost.
  const unsent = client.state.sending.filter((m) => m.conversationId === conversationId);
  const send = (event: SubmitEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    client.sendChat(conversationId, draft);
    setDraft('');
  };
  return (
    <aside className="chat">
      <ChatMessages messages={messages} unsent={unsent} own="consultant" unnamed={t('desk.remote')} scrollPage t={t} />
      <form className="compose" onSubmit={send}>
        <CannedPicker
          visitorName={conversation.visitorName}
          consultantName={conversation.consultantName ?? ''}
          onPick={setDraft}
        />
        <input
          data-testid="chat-input"
          value={draft}
          maxLength={4000}
          placeholder={t('chat.placeholder')}
          aria-label={t('chat.placeholder')}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <button className="primary" data-testid="chat-send">
          {t('action.send')}
        </button>
      </form>
    </aside>
  );
}

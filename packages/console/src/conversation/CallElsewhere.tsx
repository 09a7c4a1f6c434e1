import type { ConsultantClient } from '@parley/client';
import type { ConversationView } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';
import { useT } from '../i18n.ts';
import { Chat } from './ConversationChat.tsx';

/**
 * [CD6] An active conversation whose call another tab of this browser carries: no camera, no peer
 * connection here, only the chat, End, and the way to take the calls to this tab. `onTakeHere`
 * is absent while it is not known yet which tab carries them (the first instant).
 */
export function CallElsewhere(props: {
  client: ConsultantClient;
  conversation: ConversationView;
  onTakeHere?: () => void;
}) {
  const { t } = useT();
  const { client, conversation, onTakeHere } = props;
  const name = conversation.visitorName ? revealBidi(conversation.visitorName) : t('desk.remote');
  return (
    <section className="conversation" data-testid="call-elsewhere">
      <div className="media">
        <div className="media-head">
          <div className="media-title">
            <h2>{t('desk.talkingWith', { name })}</h2>
          </div>
          <div className="actions">
            {onTakeHere && (
              <button className="primary" data-testid="take-calls-here" onClick={onTakeHere}>
                {t('desk.callsHere')}
              </button>
            )}
            <button className="danger" data-testid="end" onClick={() => client.end(conversation.id)}>
              {t('action.end')}
            </button>
          </div>
        </div>
        {onTakeHere && (
          <p className="banner" role="status">
            {t('desk.callElsewhere')}
          </p>
        )}
      </div>
      <Chat client={client} conversation={conversation} />
    </section>
  );
}

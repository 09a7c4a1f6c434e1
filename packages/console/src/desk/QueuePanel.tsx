import type { ConsultantClient } from '@parley/client';
import type { ConversationView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { UserText } from '@parley/ui';
import { revealBidi } from '@parley/protocol/bidi';

/**
 * The communication queue (F-06, seed 004): everyone waiting on this consultant's links, oldest
 * first. Requests parked with "Queue" never ring again and are taken from here ([C9], [C10]).
 */
export function QueuePanel({
  client,
  waiting,
  now,
  canTake,
}: {
  client: ConsultantClient;
  waiting: ConversationView[];
  now: number;
  canTake: boolean;
}) {
  const { t } = useT();
  const linkName = (id: string) => client.state.links.find((l) => l.id === id)?.name ?? '';
  return (
    <aside className="queue-panel card" data-testid="queue-panel" aria-label={t('queuePanel.title')}>
      <h2>{t('queuePanel.title')}</h2>
      {waiting.length === 0 ? (
        <p className="muted">{t('queuePanel.empty')}</p>
      ) : (
        <ol>
          {waiting.map((v) => (
            <li key={v.id} data-testid="queue-item">
              <span className="who">
                <strong>{v.visitorName ? <UserText text={v.visitorName} /> : t('desk.remote')}</strong>
                <small>
                  {linkName(v.linkId)} ·{' '}
                  {t('queuePanel.waitingFor', { minutes: Math.floor(Math.max(0, now - v.queuedAt) / 60_000) })}
                  {v.parked && <> · {t('queuePanel.parked')}</>}
                </small>
                <WaitingFacts conversation={v} />
              </span>
              <button
                className="secondary"
                data-testid="pick"
                disabled={!canTake}
                title={canTake ? undefined : t('queuePanel.noSlot')}
                onClick={() => client.pick(v.id)}
              >
                {t('queuePanel.take')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

/**
 * [AP7][AP8][M8] What a waiting request says before anyone takes it: a planned session and its
 * time, whether the guest's media check is still running, and the first message they wrote.
 */
export function WaitingFacts({ conversation }: { conversation: ConversationView }) {
  const { t, locale } = useT();
  const { appointment, firstMessage } = conversation;
  const time = appointment
    ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(appointment.startsAt)
    : '';
  return (
    <>
      {appointment && (
        <small className="appointment-badge" data-testid="appointment-badge">
          {t('appointment.badge', { time })}
          {conversation.visitorSetup === null ? (
            <> · {t('appointment.setupPending')}</>
          ) : (
            <> · {t(`setup.${conversation.visitorSetup.mediaCheck}`)}</>
          )}
        </small>
      )}
      {firstMessage && (
        <small className="first-message" data-testid="first-message">
          {t('desk.firstMessage', { text: revealBidi(firstMessage) })}
        </small>
      )}
    </>
  );
}

import type { ConsultantClient } from '@parley/client';
import type { ConversationView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { UserText } from '@parley/ui';

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

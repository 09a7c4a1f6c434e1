import type { ConsultantClient } from '@parley/client';
import type { BroadcastView, ConsultantLinkView } from '@parley/protocol';
import { useT } from './i18n.ts';

/**
 * Broadcast links (F-11): go live, watch the viewer count, end for everyone ([B1]–[B5]).
 * The media path runs through the SFU (its own issue); this panel is the room's control.
 */
export function BroadcastPanel({
  client,
  link,
  room,
  me,
}: {
  client: ConsultantClient;
  link: ConsultantLinkView;
  room: BroadcastView | undefined;
  me: string;
}) {
  const { t } = useT();
  const live = room?.live ?? false;
  const mine = live && room?.presenterId === me;
  return (
    <section className="broadcast card" data-testid="broadcast-panel">
      <div>
        <h2>{t('broadcast.panel', { name: link.name })}</h2>
        <p data-testid="broadcast-state" className={live ? 'on-air' : 'muted'}>
          {live ? t('broadcast.onAir', { name: room?.presenterName ?? '' }) : t('broadcast.offAir')}
          {live && (
            <>
              {' · '}
              <span data-testid="viewer-count">
                {t('broadcast.viewers', { count: room?.viewers ?? 0, capacity: room?.capacity ?? 0 })}
              </span>
            </>
          )}
        </p>
      </div>
      {live ? (
        mine && (
          <button className="danger" data-testid="broadcast-stop" onClick={() => client.stopBroadcast(link.id)}>
            {t('broadcast.stop')}
          </button>
        )
      ) : (
        <button className="primary" data-testid="broadcast-start" onClick={() => client.startBroadcast(link.id)}>
          {t('broadcast.goLive')}
        </button>
      )}
    </section>
  );
}

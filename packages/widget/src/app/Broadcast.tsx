import type { VisitorClient, VisitorState } from '@parley/client';
import type { Translate } from '@parley/i18n';

/**
 * A broadcast link's viewer (F-11, [B2]): no camera, no microphone, no chat, no queue. The
 * visitor sees whether it is on air and takes a seat; a full room says so ([B3]).
 */
export function BroadcastViewer({ client, state, t }: { client: VisitorClient; state: VisitorState; t: Translate }) {
  const room = state.broadcast;
  const live = room?.live ?? false;
  return (
    <section class="broadcast" aria-live="polite">
      <p class={`availability ${live ? 'on' : 'off'}`} data-testid="broadcast-status">
        {live ? t('broadcast.onAirVisitor', { name: room?.presenterName ?? '' }) : t('broadcast.notStarted')}
      </p>
      {state.watching ? (
        <>
          <div class="stage broadcast-stage" data-testid="broadcast-stage">
            <p>{t('broadcast.watching')}</p>
          </div>
          <button class="secondary" data-testid="broadcast-leave" onClick={() => client.leaveBroadcast()}>
            {t('broadcast.leave')}
          </button>
        </>
      ) : (
        <button
          class="primary"
          data-testid="broadcast-watch"
          disabled={!live || state.status !== 'open'}
          onClick={() => client.joinBroadcast()}
        >
          {t('broadcast.watch')}
        </button>
      )}
    </section>
  );
}

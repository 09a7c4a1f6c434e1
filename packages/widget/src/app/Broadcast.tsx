import { useEffect, useRef, useState } from 'preact/hooks';
import { SfuSubscriber, type VisitorClient, type VisitorState } from '@parley/client';
import type { Translate } from '@parley/i18n';
import { revealBidi } from '@parley/protocol/bidi';

/**
 * A broadcast link's viewer (F-11, [B2]): no camera, no microphone, no chat, no queue. The
 * visitor sees whether it is on air and takes a seat; a full room says so ([B3]). While seated,
 * the presenter's feed arrives from the SFU on a receive-only connection ([S2]).
 */
export function BroadcastViewer({ client, state, t }: { client: VisitorClient; state: VisitorState; t: Translate }) {
  const room = state.broadcast;
  const live = room?.live ?? false;
  return (
    <section class="broadcast" aria-live="polite">
      <p class={`availability ${live ? 'on' : 'off'}`} data-testid="broadcast-status">
        {live
          ? t('broadcast.onAirVisitor', { name: revealBidi(room?.presenterName ?? '') })
          : t('broadcast.notStarted')}
      </p>
      {state.watching ? (
        <>
          <div class="stage broadcast-stage" data-testid="broadcast-stage">
            {room?.feed ? (
              <Stage client={client} linkId={room.linkId} feed={room.feed} iceServers={state.iceServers} />
            ) : (
              <p data-testid="broadcast-waiting">{t('broadcast.waitingForVideo')}</p>
            )}
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

function Stage({
  client,
  linkId,
  feed,
  iceServers,
}: {
  client: VisitorClient;
  linkId: string;
  feed: string;
  iceServers: VisitorState['iceServers'];
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  useEffect(() => {
    const leg = new SfuSubscriber(
      { connection: client.connection, room: { kind: 'broadcast', linkId }, leg: 'view', iceServers },
      feed,
    );
    const off = leg.on('remoteStream', setStream);
    leg.start();
    return () => {
      off();
      leg.close();
    };
    // A new feed (the presenter re-published) means a new receiving leg.
  }, [client, linkId, feed]);
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
  }, [stream]);
  return <video ref={video} data-testid="broadcast-video" autoPlay playsInline />;
}

import { useEffect, useRef, useState } from 'react';
import { SfuPublisher, type ConsultantClient } from '@parley/client';
import type { BroadcastView, ConsultantLinkView } from '@parley/protocol';
import { useT } from '../i18n.ts';

/**
 * Broadcast links (F-11): go live, watch the viewer count, end for everyone ([B1]–[B5]).
 * On air, the presenter's camera and microphone go to the SFU room of the link ([S1]).
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
        {mine && <Camera client={client} linkId={link.id} sending={room.feed !== null} />}
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

/**
 * The presenter's camera: previewed here and published into the SFU while on air. [PL38] When
 * the live state no longer knows the feed it had (`sending` true → false: the tenant moved to
 * another node or the server restarted, and the broadcast was kept on air), it publishes again.
 */
function Camera({ client, linkId, sending }: { client: ConsultantClient; linkId: string; sending: boolean }) {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState(false);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [attempt, setAttempt] = useState(0);
  const wasSending = useRef(false);
  useEffect(() => {
    if (wasSending.current && !sending) setAttempt((n) => n + 1);
    wasSending.current = sending;
  }, [sending]);
  useEffect(() => {
    let stopped = false;
    let camera: MediaStream | undefined;
    void navigator.mediaDevices
      .getUserMedia({ video: { width: 640, height: 480, frameRate: 25 }, audio: true })
      .then((s) => {
        camera = s;
        if (stopped) return s.getTracks().forEach((track) => track.stop());
        if (video.current) video.current.srcObject = s;
        setStream(s);
      })
      .catch(() => setProblem(true));
    return () => {
      stopped = true;
      camera?.getTracks().forEach((track) => track.stop());
    };
  }, [client, linkId]);
  useEffect(() => {
    if (!stream) return;
    const leg = new SfuPublisher(
      {
        connection: client.connection,
        room: { kind: 'broadcast', linkId },
        leg: `bc-${linkId}`,
        iceServers: client.state.iceServers,
      },
      stream,
    );
    leg.start().catch(() => setProblem(true));
    return () => leg.close();
  }, [client, linkId, stream, attempt]);
  return (
    <div className="broadcast-camera">
      <video ref={video} className="preview" data-testid="broadcast-preview" autoPlay playsInline muted />
      <p className="muted" data-testid="broadcast-sending">
        {problem ? t('broadcast.noCamera') : sending ? t('broadcast.sending') : t('broadcast.connecting')}
      </p>
    </div>
  );
}

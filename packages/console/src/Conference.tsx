import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  SfuCall,
  conferenceConsultants,
  conferenceFeedName,
  feedOwner,
  isScreenFeed,
  transferTargets,
  type ConsultantClient,
} from '@parley/client';
import type { ConversationView, TransferTargets } from '@parley/protocol';
import { useT } from './i18n.ts';
import { UserText } from './LinkedText.tsx';
import { useVideo } from './media/hooks.ts';
import { revealBidi } from '@parley/protocol/bidi';

/**
 * [S5] The conference controls of a call: who is in it, who is invited, invite an available
 * colleague, leave while the call goes on (only when another consultant stays to carry it).
 */
export function ConferenceBar({ client, conversation }: { client: ConsultantClient; conversation: ConversationView }) {
  const { t } = useT();
  const [picking, setPicking] = useState(false);
  const present = conferenceConsultants(conversation);
  const names = (list: { name: string }[]) => list.map((m) => revealBidi(m.name)).join(', ');
  return (
    <div className="conference" data-testid="conference-bar">
      {conversation.members.length > 0 && (
        <p data-testid="conference-members">{t('conference.present', { names: names(present) })}</p>
      )}
      {conversation.invited.length > 0 && (
        <p className="muted" data-testid="conference-invited">
          {t('conference.invited', { names: names(conversation.invited) })}
        </p>
      )}
      <div className="actions">
        <button className="secondary" data-testid="conference-invite" onClick={() => setPicking((v) => !v)}>
          {t('conference.invite')}
        </button>
        {conversation.members.length > 0 && (
          <button
            className="secondary"
            data-testid="conference-leave"
            onClick={() => client.leaveConference(conversation.id)}
          >
            {t('conference.leave')}
          </button>
        )}
      </div>
      {picking && (
        <ColleaguePicker
          exclude={new Set([...present, ...conversation.invited].map((m) => m.id))}
          onPick={(id) => {
            client.inviteToConference(conversation.id, id);
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}

/** Available colleagues (GET /api/v1/transfer-targets), minus those already in or invited. */
function ColleaguePicker({ exclude, onPick }: { exclude: Set<string>; onPick: (id: string) => void }) {
  const { t } = useT();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  useEffect(() => {
    void transferTargets(location.origin).then(setTargets, () => setTargets({ consultants: [], links: [] }));
  }, []);
  if (targets === null) return null;
  const colleagues = targets.consultants.filter((c) => !exclude.has(c.id));
  return (
    <section className="card" aria-label={t('conference.inviteTitle')} data-testid="conference-picker">
      <h3>{t('conference.inviteTitle')}</h3>
      {colleagues.length === 0 ? (
        <p className="muted">{t('conference.nobody')}</p>
      ) : (
        <ul>
          {colleagues.map((c) => (
            <li key={c.id}>
              <button className="link" data-testid="conference-colleague" onClick={() => onPick(c.id)}>
                <UserText text={c.name} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** [S5] An invitation into a colleague's call: Join or Decline. */
export function ConferenceInvitation({
  client,
  conversation,
}: {
  client: ConsultantClient;
  conversation: ConversationView;
}) {
  const { t } = useT();
  return (
    <section className="incoming card" data-testid="conference-invitation" role="alertdialog">
      <p>
        {t('conference.invitation', {
          name: conversation.consultantName ?? '',
          visitor: conversation.visitorName ? revealBidi(conversation.visitorName) : t('desk.remote'),
        })}
      </p>
      <div className="actions">
        <button
          className="primary"
          data-testid="conference-join"
          onClick={() => client.answerInvitation(conversation.id, true)}
        >
          {t('conference.join')}
        </button>
        <button
          className="secondary"
          data-testid="conference-decline"
          onClick={() => client.answerInvitation(conversation.id, false)}
        >
          {t('conference.decline')}
        </button>
      </div>
    </section>
  );
}

/**
 * [S6] The call on the SFU: own camera and microphone published into the conversation's room,
 * every other participant's feed received and shown with their name.
 */
export function ConferenceStage({
  client,
  conversation,
  camera,
  microphone,
  screen,
  muted,
  local,
}: {
  client: ConsultantClient;
  conversation: ConversationView;
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  /** [S7] The consultant's shared screen, sent as a second feed while sharing. */
  screen: MediaStreamTrack | null;
  muted: boolean;
  /** The own camera preview or the support video playing. */
  local: ReactNode;
}) {
  const { t } = useT();
  const [call, setCall] = useState<SfuCall | undefined>();
  const [streams, setStreams] = useState<ReadonlyMap<string, MediaStream>>(new Map());
  const first = useRef({ camera, microphone });
  const me = client.state.consultantId;
  useEffect(() => {
    const tracks = [first.current.microphone, first.current.camera].filter((x) => x !== null);
    const sfu = new SfuCall(
      {
        connection: client.connection,
        room: { kind: 'conversation', conversationId: conversation.id },
        // Neither the own camera nor the own shared screen comes back.
        isOwnFeed: (feed) => feedOwner(feed) === `c-${me ?? ''}`,
        iceServers: client.state.iceServers,
      },
      new MediaStream(tracks),
    );
    const off = sfu.on('streams', setStreams);
    setCall(sfu);
    void sfu.start();
    return () => {
      off();
      sfu.close();
      setCall(undefined);
    };
  }, [client, conversation.id, me]);
  useEffect(() => call?.setFeeds(conversation.feeds), [call, conversation.feeds]);
  useEffect(() => void call?.setTrack('audio', microphone), [call, microphone]);
  useEffect(() => void call?.setTrack('video', camera), [call, camera]);
  useEffect(() => void call?.setScreen(screen), [call, screen]);
  return (
    <div className="conference-stage" data-testid="conference-stage">
      {[...streams].map(([feed, stream]) => {
        // A visitor who gave no name is "Visitor", as in the conversation's title.
        const visitor = feedOwner(feed).startsWith('v-');
        const name = conferenceFeedName(conversation, feed) || (visitor ? t('desk.remote') : '');
        const label = isScreenFeed(feed) ? t('conference.screen', { name }) : name;
        return <Tile key={feed} stream={stream} name={label} muted={muted} />;
      })}
      {local}
    </div>
  );
}

function Tile({ stream, name, muted }: { stream: MediaStream; name: string; muted: boolean }) {
  const video = useVideo(stream);
  return (
    <figure className="tile" data-testid="conference-tile">
      <video ref={video} autoPlay playsInline muted={muted} aria-label={name} />
      <figcaption>
        <UserText text={name} />
      </figcaption>
    </figure>
  );
}

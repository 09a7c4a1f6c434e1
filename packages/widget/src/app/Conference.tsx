import { useEffect, useRef, useState } from 'preact/hooks';
import { SfuCall, conferenceConsultants, conferenceFeedName, isScreenFeed, type VisitorClient } from '@parley/client';
import type { Translate } from '@parley/i18n';
import type { ConversationView } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';
import { UserText } from './LinkedText.tsx';

import { useVideo } from './hooks.ts';

/** [S5] The visitor sees who is in the call once colleagues joined. */
export function ConferenceMembers({ conversation, t }: { conversation: ConversationView; t: Translate }) {
  if (conversation.media !== 'sfu' && conversation.members.length === 0) return null;
  const names = conferenceConsultants(conversation)
    .map((m) => revealBidi(m.name))
    .join(', ');
  return (
    <p class="members" data-testid="conference-members">
      {t('conference.present', { names })}
    </p>
  );
}

interface StageProps {
  client: VisitorClient;
  conversation: ConversationView;
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  /** [S7] The visitor's shared screen, sent as a second feed while sharing. */
  screen: MediaStreamTrack | null;
  local: MediaStream | null;
  t: Translate;
}

/**
 * [S6] The call on the SFU: the visitor's camera and microphone go into the conversation's room
 * and every consultant's feed comes back, each shown with its name.
 */
export function ConferenceStage({ client, conversation, camera, microphone, screen, local, t }: StageProps) {
  const [call, setCall] = useState<SfuCall | undefined>();
  const [streams, setStreams] = useState<ReadonlyMap<string, MediaStream>>(new Map());
  const first = useRef({ camera, microphone });
  const own = useVideo(local);
  useEffect(() => {
    const tracks = [first.current.microphone, first.current.camera].filter((x) => x !== null);
    const sfu = new SfuCall(
      {
        connection: client.connection,
        room: { kind: 'conversation', conversationId: conversation.id },
        // One visitor per conversation: every `v-` feed is this one.
        isOwnFeed: (feed) => feed.startsWith('v-'),
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
  }, [client, conversation.id]);
  useEffect(() => call?.setFeeds(conversation.feeds), [call, conversation.feeds]);
  useEffect(() => void call?.setTrack('audio', microphone), [call, microphone]);
  useEffect(() => void call?.setTrack('video', camera), [call, camera]);
  useEffect(() => void call?.setScreen(screen), [call, screen]);
  return (
    <div class="conference-stage" data-testid="conference-stage">
      {[...streams].map(([feed, stream]) => {
        const name = conferenceFeedName(conversation, feed);
        return <Tile key={feed} stream={stream} name={isScreenFeed(feed) ? t('conference.screen', { name }) : name} />;
      })}
      {local && <video ref={own} class="own" data-testid="local-video" autoPlay playsInline muted />}
    </div>
  );
}

function Tile({ stream, name }: { stream: MediaStream; name: string }) {
  const video = useVideo(stream);
  return (
    <figure class="tile" data-testid="conference-tile">
      <video ref={video} autoPlay playsInline aria-label={name} />
      <figcaption>
        <UserText text={name} />
      </figcaption>
    </figure>
  );
}

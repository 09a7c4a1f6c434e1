import { useEffect, useRef, useState, type ReactNode } from 'react';
import { SfuCall, conferenceFeedName, feedOwner, isScreenFeed, type ParleyConnection } from '@parley/client';
import type { Translate } from '@parley/i18n/core';
import type { ConversationView, IceServer } from '@parley/protocol';
import { useVideo } from './hooks.ts';
import { UserText } from './LinkedText.tsx';
import { remoteNotices } from './Stage.tsx';

interface Props {
  connection: ParleyConnection;
  iceServers: IceServer[];
  conversation: ConversationView;
  /** Feeds this side publishes itself (its camera, its shared screen): they do not come back. */
  isOwnFeed: (feed: string) => boolean;
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  /** [S7] This side's shared screen, sent as a second feed while sharing. */
  screen: MediaStreamTrack | null;
  /** Several conversations at once (F-29): only the one in front is heard. */
  muted?: boolean;
  /** The own camera preview (or the support video playing). */
  local: ReactNode;
  /** How a visitor who gave no name is called, as in the conversation's title. */
  unnamedVisitor: string;
  t: Translate;
}

/**
 * [S6] The call on the SFU: own camera and microphone published into the conversation's room,
 * every other participant's feed received and shown with their name.
 */
export function ConferenceStage(props: Props) {
  const { connection, iceServers, conversation, camera, microphone, screen, muted = false, t } = props;
  const [call, setCall] = useState<SfuCall | undefined>();
  const [streams, setStreams] = useState<ReadonlyMap<string, MediaStream>>(new Map());
  const first = useRef({ camera, microphone, isOwnFeed: props.isOwnFeed, iceServers });
  useEffect(() => {
    const tracks = [first.current.microphone, first.current.camera].filter((x) => x !== null);
    const sfu = new SfuCall(
      {
        connection,
        room: { kind: 'conversation', conversationId: conversation.id },
        isOwnFeed: first.current.isOwnFeed,
        iceServers: first.current.iceServers,
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
  }, [connection, conversation.id]);
  useEffect(() => call?.setFeeds(conversation.feeds), [call, conversation.feeds]);
  useEffect(() => void call?.setTrack('audio', microphone), [call, microphone]);
  useEffect(() => void call?.setTrack('video', camera), [call, camera]);
  useEffect(() => void call?.setScreen(screen), [call, screen]);
  return (
    <div className="conference-stage" data-testid="conference-stage">
      {[...streams].map(([feed, stream]) => {
        const visitor = feedOwner(feed).startsWith('v-');
        const name = conferenceFeedName(conversation, feed) || (visitor ? props.unnamedVisitor : '');
        const label = isScreenFeed(feed) ? t('conference.screen', { name }) : name;
        // [SM1] A member's camera and microphone state, and their support video, as in a 1:1 call.
        const state = isScreenFeed(feed) ? null : (conversation.mediaState.members?.[feedOwner(feed)] ?? null);
        const notices = remoteNotices(state, name, t).filter(([id]) => id !== 'remote-sharing');
        return <Tile key={feed} stream={stream} name={label} muted={muted} notices={notices} />;
      })}
      {props.local}
    </div>
  );
}

function Tile(props: { stream: MediaStream; name: string; muted: boolean; notices: [string, string][] }) {
  const video = useVideo(props.stream);
  return (
    <figure className="tile" data-testid="conference-tile">
      <video ref={video} autoPlay playsInline muted={props.muted} aria-label={props.name} />
      <figcaption>
        <UserText text={props.name} />
      </figcaption>
      {props.notices.length > 0 && (
        <ul className="tile-notices" aria-live="polite" data-testid="tile-state">
          {props.notices.map(([id, text]) => (
            <li key={id} data-testid={id}>
              {text}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

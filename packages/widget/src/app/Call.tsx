import { useEffect, useRef, useState } from 'preact/hooks';
import {
  PeerCall,
  webrtcSupported,
  type LocalMedia,
  type RemoteMedia,
  type VisitorClient,
  type VisitorPreCall,
} from '@parley/client';
import { revealBidi } from '@parley/protocol/bidi';

import type { ConversationView } from '@parley/protocol';
import type { MessageKey, Translate } from '@parley/i18n';
import {
  callAudioRoute,
  ConferenceStage,
  DialInPanel,
  LocalVideo,
  MediaControls,
  PhoneMixAudio,
  QualityIndicator,
  ReconnectingNotice,
  SettingsPanel,
  useCallLink,
  Stage,
  useCallQuality,
  useDialIn,
  useLocalMediaState,
  usePhoneMix,
} from '@parley/ui';
import { QualityFallback, type Receive } from './QualityFallback.tsx';
import { Chat } from './Chat.tsx';
import { mediaMessages } from './MediaCheck.tsx';
import { ConferenceMembers } from './Conference.tsx';

function canShareScreen(): boolean {
  // Typed as always present, but phones and insecure pages have no getDisplayMedia.
  const devices = navigator.mediaDevices as Partial<MediaDevices> | undefined;
  return typeof devices?.getDisplayMedia === 'function';
}

/** Test hook: end-to-end tests read the current call's getStats() through it. */
export const hook: { call: PeerCall | undefined } = { call: undefined };

interface Props {
  client: VisitorClient;
  conversation: ConversationView;
  media: LocalMedia;
  /** [CB7] The page opened on this call already live (a pushed page, a reload): it reconnects. */
  rejoining: boolean;
  /** [IA1] Where the connection made while the request rang waits to be taken over. */
  preCall: VisitorPreCall;
  t: Translate;
}

/**
 * [CB7] Whether this page's first sight of `conversation` was it already active: the page joined
 * a live call (a pushed page, a reload), so its call is reconnecting, not starting.
 */
export function useJoinedLive(conversation: ConversationView | null): boolean {
  const first = useRef<{ id: string; active: boolean } | null>(null);
  if (conversation && !first.current) first.current = { id: conversation.id, active: conversation.state === 'active' };
  return conversation !== null && first.current?.id === conversation.id && first.current.active;
}

/**
 * An active conversation: the visitor offers a peer-to-peer call, with chat beside it, and
 * turns camera, microphone and screen sharing on and off at any time ([MD4], [MD5]).
 */
export function Call({ client, conversation, media, rejoining, preCall, t }: Props) {
  const local = useLocalMediaState(media);
  const [call, setCall] = useState<PeerCall | undefined>();
  const [remote, setRemote] = useState<RemoteMedia | undefined>();
  const [screen, setScreen] = useState<MediaStreamTrack | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const startTracks = useRef(local);
  const startRejoining = useRef(rejoining);

  // [S6] Once a colleague joined, the call lives on the SFU for good: no peer-to-peer call.
  const sfu = conversation.media === 'sfu';
  useEffect(() => {
    // [MD2] Without WebRTC (old browsers) the conversation is text chat only.
    if (!webrtcSupported() || sfu) return;
    const tracks = [startTracks.current.microphone, startTracks.current.camera].filter((x) => x !== null);
    // [IA2] Accepted on the connection made while it rang: its tracks are on already, no new offer.
    const prepared = preCall.take(conversation.id);
    const peer =
      prepared ??
      new PeerCall({
        role: 'offerer',
        iceServers: () => client.state.iceServers,
        localStream: tracks.length > 0 ? new MediaStream(tracks) : null,
        sendSignal: (signal) => client.signal(signal),
        rejoining: startRejoining.current,
      });
    hook.call = peer;
    // [CB7] Leaving the page (a pushed page, a reload): the consultant hears it now, not at a timeout.
    const leave = () => peer.leave();
    addEventListener('pagehide', leave);
    setCall(peer);
    const showRemote = (m: RemoteMedia) =>
      setRemote({ camera: new MediaStream(m.camera.getTracks()), screen: new MediaStream(m.screen.getTracks()) });
    const offRemote = peer.on('remoteMedia', showRemote);
    // A prepared connection got the consultant's tracks while it rang.
    if (peer.remoteMedia) showRemote(peer.remoteMedia);
    const offSignal = client.on('signal', ({ conversationId, signal }) => {
      if (conversationId === conversation.id) void peer.handleSignal(signal);
    });
    if (!prepared) void peer.start();
    return () => {
      removeEventListener('pagehide', leave);
      offRemote();
      offSignal();
      peer.close();
      setCall(undefined);
      if (hook.call === peer) hook.call = undefined;
    };
  }, [client, conversation.id, sfu, preCall]);

  // [NW7] The consultant stopped our video (or all media) coming to them: we stop sending it.
  const consultantTakes = conversation.mediaState.consultant?.receive ?? 'all';
  const sentCamera = consultantTakes === 'all' ? local.camera : null;
  // [TP7] With this side's phone connected, the browser's microphone and speaker are off for the call;
  // [TP8] with only another phone in the call, the browser's audio goes through the phone mix.
  const dialIn = useDialIn(client, conversation.id);
  const audioRoute = callAudioRoute(dialIn);
  const callMicrophone = consultantTakes === 'text' ? null : local.microphone;
  const sentMicrophone = audioRoute === 'peer' ? callMicrophone : null;
  const mixAudio = usePhoneMix({
    connection: client.connection,
    conversationId: conversation.id,
    iceServers: () => client.state.iceServers,
    active: audioRoute === 'mix',
    microphone: callMicrophone,
  });
  useEffect(() => void call?.setTrack('audio', sentMicrophone), [call, sentMicrophone]);
  useEffect(() => void call?.setTrack('camera', sentCamera), [call, sentCamera]);
  useEffect(() => void call?.setTrack('screen', screen), [call, screen]);
  const camera = local.camera !== null;
  const microphone = local.microphone !== null;
  const sharing = screen !== null;
  const quality = useCallQuality(call);
  const link = useCallLink(call);
  const qualityLevel = quality?.level;
  // [MD9] The consultant set our microphone level: apply it, and say so.
  const askedGain = conversation.mediaState.consultant?.remoteGain;
  useEffect(() => {
    if (askedGain !== undefined && media.state.settings.gain !== askedGain)
      void media.apply({ ...media.state.settings, gain: askedGain });
  }, [askedGain, media]);
  // [NW5] Voice or text only, taken on a bad link: the consultant stops sending what is not wanted.
  const [receive, setReceive] = useState<Receive>('all');
  useEffect(() => {
    client.setMediaState({
      camera,
      microphone,
      screen: sharing,
      supportVideo: false,
      ...(qualityLevel && { quality: qualityLevel }),
      ...(receive !== 'all' && { receive }),
    });
  }, [client, conversation.id, camera, microphone, sharing, qualityLevel, receive]);
  useEffect(() => () => screen?.stop(), [screen]);
  // [C11] On hold the visitor's camera and microphone pause; they resume with the conversation.
  useEffect(() => {
    for (const track of [local.camera, local.microphone]) if (track) track.enabled = !conversation.held;
  }, [local.camera, local.microphone, conversation.held]);

  const toggle = async (kind: 'camera' | 'microphone') => {
    media.resumeAudio();
    const result = kind === 'camera' ? await media.setCamera(!camera) : await media.setMicrophone(!microphone);
    setProblem(result ? mediaMessages[result] : null);
  };
  const share = async () => {
    if (screen) {
      setScreen(null);
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = stream.getVideoTracks()[0] ?? null;
      track?.addEventListener('ended', () => setScreen((current) => (current === track ? null : current)));
      setScreen(track);
      setProblem(null);
    } catch {
      setProblem('media.shareFailed');
    }
  };

  const name = conversation.consultantName ? revealBidi(conversation.consultantName) : t('call.remote');
  return (
    <section class="call">
      <p class="with">
        {t('call.with', { name })} <QualityIndicator reading={quality} t={t} />
      </p>
      {!sfu && <QualityFallback level={qualityLevel} receive={receive} media={media} onReceive={setReceive} t={t} />}
      <ReconnectingNotice link={link} t={t} />
      {conversation.held && (
        <p class="banner" role="status" data-testid="on-hold">
          {t('call.onHold')}
        </p>
      )}
      {dialIn && <DialInPanel info={dialIn} t={t} />}
      {mixAudio && (
        <PhoneMixAudio stream={mixAudio} volume={local.settings.volume} speakerId={local.settings.speakerDeviceId} />
      )}
      <ConferenceMembers conversation={conversation} t={t} />
      {sfu ? (
        webrtcSupported() && (
          <ConferenceStage
            connection={client.connection}
            iceServers={client.state.iceServers}
            conversation={conversation}
            // One visitor per conversation: every `v-` feed is this one.
            isOwnFeed={(feed) => feed.startsWith('v-')}
            camera={local.camera}
            // [TP11] With a phone in the conference, the visitor's audio goes by phone or through the mix.
            microphone={audioRoute === 'peer' ? local.microphone : null}
            muted={audioRoute !== 'peer'}
            screen={screen}
            local={local.preview && <LocalVideo stream={local.preview} className="own" />}
            unnamedVisitor={t('call.remote')}
            t={t}
          />
        )
      ) : (
        <Stage
          remote={remote}
          remoteState={conversation.mediaState.consultant}
          remoteName={name}
          muted={audioRoute !== 'peer'}
          local={local.preview && <LocalVideo stream={local.preview} className="pip" label={t('media.preview')} />}
          volume={local.settings.volume}
          speakerId={local.settings.speakerDeviceId}
          t={t}
        />
      )}
      <MediaControls
        camera={camera}
        microphone={microphone}
        sharing={sharing}
        canShare={canShareScreen()}
        onCamera={() => void toggle('camera')}
        onMicrophone={() => void toggle('microphone')}
        onShare={() => void share()}
        onSettings={() => setSettingsOpen(!settingsOpen)}
        t={t}
      />
      {askedGain !== undefined && (
        <p class="notice" role="status" data-testid="remote-gain-notice">
          {t('gain.setByConsultant', { name, percent: Math.round(askedGain * 100) })}
        </p>
      )}
      {problem && (
        <p class="notice" role="alert">
          {t(problem)}
        </p>
      )}
      {settingsOpen && <SettingsPanel media={media} t={t} variant="visitor" onClose={() => setSettingsOpen(false)} />}
      <Chat client={client} t={t} />
      <button class="danger" data-testid="end" onClick={() => client.end()}>
        {t('action.end')}
      </button>
    </section>
  );
}

import { useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import {
  feedOwner,
  LocalMedia,
  PeerCall,
  type ConsultantClient,
  type ConsultantPreCalls,
  type RemoteMedia,
} from '@parley/client';
import type { ConversationView, RtcSignal, SupportVideo } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { TransferDialog } from './TransferDialog.tsx';
import {
  callAudioRoute,
  ChatMessages,
  ConferenceStage,
  DialInPanel,
  LocalVideo,
  MediaControls,
  PhoneMixAudio,
  QualityIndicator,
  ReconnectingNotice,
  RemoteQuality,
  SettingsPanel,
  Stage,
  useCallLink,
  useCallQuality,
  useDialIn,
  useLocalMediaState,
  usePhoneMix,
} from '@parley/ui';
import { CannedPicker } from './CannedPicker.tsx';
import { SupportVideos } from '../media/SupportVideos.tsx';
import { VisitorInfo } from '../media/VisitorInfo.tsx';
import { useSupportVideo } from '../media/useSupportVideo.ts';
import { useMixedAudio } from '../media/useMixedAudio.ts';
import { ConferenceBar } from './Conference.tsx';
import { RemoteGain } from './RemoteGain.tsx';
import { revealBidi } from '@parley/protocol/bidi';
import { CobrowsePanel } from '../cobrowse/CobrowsePanel.tsx';

interface Props {
  client: ConsultantClient;
  conversation: ConversationView;
  /** Several conversations at once (F-29): only the one in front is heard. */
  inFront: boolean;
  /** The page was (re)loaded into a live call: ask the visitor for a fresh offer. */
  rejoin: boolean;
  /** [IA1] Where the camera and connection made ready while it rang wait to be taken over. */
  preCalls: ConsultantPreCalls;
  onCall: (call: PeerCall | undefined) => void;
}

export function localStore(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

/**
 * An active conversation: the consultant answers the visitor's call; chat at the side. Camera,
 * microphone, screen and support video switch without renegotiating ([MD5]); the visitor sees
 * each change through `call.media` ([MD4]).
 */
export function Conversation({ client, conversation, inFront, rejoin, preCalls, onCall }: Props) {
  const { t } = useT();
  // [IA4] Accepted here: the camera opened while it rang, and the call is connected already.
  const [prepared] = useState(() => preCalls.peek(conversation.id));
  const media = useMemo(() => prepared?.media ?? new LocalMedia({ storage: localStore() }), [prepared]);
  const local = useLocalMediaState(media);
  const [ready, setReady] = useState(false);
  const [call, setCall] = useState<PeerCall | undefined>();
  const [remote, setRemote] = useState<RemoteMedia | undefined>();
  const [screen, setScreen] = useState<MediaStreamTrack | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const support = useSupportVideo();
  const id = conversation.id;
  // The desk passes a new callback on every render; the call must not restart because of it.
  const onCallRef = useRef(onCall);
  onCallRef.current = onCall;
  // The visitor offers as soon as the call is accepted, often before our camera is ready:
  // signals that arrive before the PeerCall exists wait here instead of being lost.
  const callRef = useRef<PeerCall | undefined>(undefined);
  const early = useRef<RtcSignal[]>([]);
  // The prepared call, until the call effect makes it the current one (once: a later run makes its own).
  const adopt = useRef<PeerCall | undefined>(undefined);
  useEffect(() => {
    // Taken over in the same turn as we start listening: no signal falls between the two.
    const taken = prepared && preCalls.take(id);
    if (taken && !taken.call.isClosed) callRef.current = adopt.current = taken.call;
    return client.on('signal', ({ conversationId, signal }) => {
      if (conversationId !== id) return;
      if (callRef.current) void callRef.current.handleSignal(signal);
      else early.current.push(signal);
    });
  }, [client, id, prepared, preCalls]);

  useEffect(() => {
    // Without any device the call still works: the consultant is then heard and seen by nobody but can chat.
    const opened = prepared?.opened ?? media.open({ camera: true, microphone: true });
    void opened.finally(() => setReady(true));
    return () => media.close();
  }, [media, prepared]);

  // [S6] Once a colleague joined, the call lives on the SFU for good: no peer-to-peer call.
  const sfu = conversation.media === 'sfu';
  useEffect(() => {
    if (!ready || sfu) return;
    const { microphone, camera } = media.state;
    const tracks = [microphone, camera].filter((x) => x !== null);
    const prepared = adopt.current;
    adopt.current = undefined;
    const peer =
      prepared ??
      new PeerCall({
        role: 'answerer',
        iceServers: () => client.state.iceServers,
        localStream: tracks.length > 0 ? new MediaStream(tracks) : null,
        sendSignal: (signal) => client.signal(id, signal),
        rejoining: rejoin,
      });
    onCallRef.current(peer);
    callRef.current = peer;
    setCall(peer);
    const showRemote = (m: RemoteMedia) =>
      setRemote({ camera: new MediaStream(m.camera.getTracks()), screen: new MediaStream(m.screen.getTracks()) });
    const offRemote = peer.on('remoteMedia', showRemote);
    // A prepared call got the visitor's tracks while it rang; it needs no offer.
    if (peer.remoteMedia) showRemote(peer.remoteMedia);
    for (const signal of early.current.splice(0)) void peer.handleSignal(signal);
    if (!prepared) void peer.start(rejoin);
    return () => {
      offRemote();
      peer.close();
      callRef.current = undefined;
      setCall(undefined);
      onCallRef.current(undefined);
    };
  }, [client, id, ready, media, rejoin, sfu]);

  const outgoingVideo = support.track ?? local.camera;
  const outgoingAudio = useMixedAudio(local.microphone, support.audio);
  // [NW5] A visitor on a bad link who took voice or text only gets no video (or no media) from us.
  const visitorTakes = conversation.mediaState.visitor?.receive ?? 'all';
  const sentVideo = visitorTakes === 'all' ? outgoingVideo : null;
  // [TP7] With this side's phone connected, the browser's microphone and speaker are off for the call;
  // [TP8] with only the visitor's phone in the call, the browser's audio goes through the phone mix.
  const dialIn = useDialIn(client, id);
  const audioRoute = callAudioRoute(dialIn);
  const callAudio = visitorTakes === 'text' ? null : outgoingAudio;
  const sentAudio = audioRoute === 'peer' ? callAudio : null;
  const mixAudio = usePhoneMix({
    connection: client.connection,
    conversationId: id,
    iceServers: () => client.state.iceServers,
    active: audioRoute === 'mix',
    microphone: callAudio,
  });
  useEffect(() => void call?.setTrack('audio', sentAudio), [call, sentAudio]);
  useEffect(() => void call?.setTrack('camera', sentVideo), [call, sentVideo]);
  const quality = useCallQuality(call);
  const link = useCallLink(call);
  const qualityLevel = quality?.level;
  // [NW7] The consultant may stop the visitor's video coming in (a weak link, an unwanted picture).
  const [visitorVideoStopped, setVisitorVideoStopped] = useState(false);
  // [MD9] The level the consultant set for the visitor's microphone (null: never touched).
  const [visitorGain, setVisitorGain] = useState<number | null>(null);
  useEffect(() => void call?.setTrack('screen', screen), [call, screen]);
  useEffect(() => () => screen?.stop(), [screen]);
  const camera = local.camera !== null;
  const microphone = local.microphone !== null;
  const sharing = screen !== null;
  const supportVideo = support.track !== null;
  useEffect(() => {
    if (ready)
      client.setMediaState(id, {
        camera: camera || supportVideo,
        microphone,
        screen: sharing,
        supportVideo,
        ...(qualityLevel && { quality: qualityLevel }),
        ...(visitorVideoStopped && { receive: 'voice' as const }),
        ...(visitorGain !== null && { remoteGain: visitorGain }),
      });
  }, [client, id, ready, camera, microphone, sharing, supportVideo, qualityLevel, visitorVideoStopped, visitorGain]);

  const share = async () => {
    if (screen) {
      setScreen(null);
      return;
    }
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }).catch(() => null);
    const track = stream?.getVideoTracks()[0] ?? null;
    track?.addEventListener('ended', () => setScreen((current) => (current === track ? null : current)));
    setScreen(track);
  };

  const name = conversation.visitorName ? revealBidi(conversation.visitorName) : t('desk.remote');
  const localView = support.clip ? (
    <video
      key={support.clip.url}
      ref={support.element}
      className="pip support-playing"
      data-testid="support-preview"
      src={support.clip.url}
      autoPlay
      loop
      playsInline
    />
  ) : (
    local.preview && <LocalVideo key="camera" stream={local.preview} className="pip" />
  );
  return (
    <section className="conversation">
      <div className="media">
        <div className="media-head">
          <div className="media-title">
            <h2>{t('desk.talkingWith', { name })}</h2>
            <QualityIndicator reading={quality} detailed t={t} />
            <RemoteQuality quality={conversation.mediaState.visitor?.quality} name={name} t={t} />
          </div>
          <div className="actions">
            <button
              className="secondary"
              data-testid="hold"
              aria-pressed={conversation.held}
              onClick={() => client.setHold(id, !conversation.held)}
            >
              {t(conversation.held ? 'desk.resume' : 'desk.hold')}
            </button>
            {conversation.members.length === 0 && (
              // [S8] A conference is left, not transferred.
              <button className="secondary" data-testid="transfer" onClick={() => setTransferring((v) => !v)}>
                {t('desk.transfer')}
              </button>
            )}
            {!dialIn && conversation.consultantId === client.state.consultantId && (
              <button className="secondary" data-testid="audio-via-phone" onClick={() => client.audioViaTelephone(id)}>
                {t('phone.switch')}
              </button>
            )}
            <button className="danger" data-testid="end" onClick={() => client.end(id)}>
              {t('action.end')}
            </button>
          </div>
        </div>
        <ReconnectingNotice link={link} t={t} />
        {conversation.held && (
          <p className="banner" role="status" data-testid="held-banner">
            {t('desk.onHold')}
          </p>
        )}
        {transferring && <TransferDialog client={client} conversationId={id} onClose={() => setTransferring(false)} />}
        {dialIn && <DialInPanel info={dialIn} t={t} />}
        {mixAudio && (
          <PhoneMixAudio
            stream={mixAudio}
            muted={!inFront}
            volume={local.settings.volume}
            speakerId={local.settings.speakerDeviceId}
          />
        )}
        <ConferenceBar client={client} conversation={conversation} />
        <VisitorInfo conversation={conversation} />
        <CobrowsePanel client={client} conversation={conversation} />
        {sfu ? (
          ready && (
            <ConferenceStage
              connection={client.connection}
              iceServers={client.state.iceServers}
              conversation={conversation}
              // Neither the own camera nor the own shared screen comes back.
              isOwnFeed={(feed) => feedOwner(feed) === `c-${client.state.consultantId ?? ''}`}
              camera={outgoingVideo}
              // [TP11] With a phone in the conference, this member's audio goes by phone or through the mix.
              microphone={audioRoute === 'peer' ? outgoingAudio : null}
              screen={screen}
              muted={!inFront || audioRoute !== 'peer'}
              local={localView}
              unnamedVisitor={t('desk.remote')}
              t={t}
            />
          )
        ) : (
          <Stage
            remote={remote}
            remoteState={conversation.mediaState.visitor}
            remoteName={name}
            muted={!inFront || audioRoute !== 'peer'}
            local={localView}
            volume={local.settings.volume}
            speakerId={local.settings.speakerDeviceId}
            t={t}
          />
        )}
        <MediaControls
          camera={camera}
          microphone={microphone}
          sharing={sharing}
          canShare
          onCamera={() => void media.setCamera(!camera)}
          onMicrophone={() => void media.setMicrophone(!microphone)}
          onShare={() => void share()}
          onSettings={() => setSettingsOpen(!settingsOpen)}
          t={t}
        />
        {!sfu && (
          <div className="controls">
            <button
              type="button"
              className={visitorVideoStopped ? 'state-on' : 'secondary'}
              data-testid="stop-incoming-video"
              aria-pressed={visitorVideoStopped}
              onClick={() => setVisitorVideoStopped(!visitorVideoStopped)}
            >
              {t(visitorVideoStopped ? 'quality.resumeIncoming' : 'quality.stopIncoming', { name })}
            </button>
            <RemoteGain name={name} gain={visitorGain} onChange={setVisitorGain} />
          </div>
        )}
        {support.clip && (
          <p className="hint" data-testid="support-playing">
            {t('support.playing', { name: support.clip.video.name })}
          </p>
        )}
        {settingsOpen && <SettingsPanel media={media} t={t} variant="console" onClose={() => setSettingsOpen(false)} />}
        <SupportVideos
          playing={support.clip?.video ?? null}
          onPlay={(video: SupportVideo, url: string) => support.play(video, url)}
          onStop={support.stop}
        />
      </div>
      <Chat client={client} conversation={conversation} />
    </section>
  );
}

function Chat({ client, conversation }: { client: ConsultantClient; conversation: ConversationView }) {
  const { t } = useT();
  const conversationId = conversation.id;
  const [draft, setDraft] = useState('');
  const messages = client.state.messages[conversationId] ?? [];
  // [M3] Sent but not stored yet (e.g. while the connection is down): shown, marked, never lost.
  const unsent = client.state.sending.filter((m) => m.conversationId === conversationId);
  const send = (event: SubmitEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    client.sendChat(conversationId, draft);
    setDraft('');
  };
  return (
    <aside className="chat">
      <ChatMessages messages={messages} unsent={unsent} own="consultant" unnamed={t('desk.remote')} scrollPage t={t} />
      <form className="compose" onSubmit={send}>
        <CannedPicker
          visitorName={conversation.visitorName}
          consultantName={conversation.consultantName ?? ''}
          onPick={setDraft}
        />
        <input
          data-testid="chat-input"
          value={draft}
          maxLength={4000}
          placeholder={t('chat.placeholder')}
          aria-label={t('chat.placeholder')}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <button className="primary" data-testid="chat-send">
          {t('action.send')}
        </button>
      </form>
    </aside>
  );
}

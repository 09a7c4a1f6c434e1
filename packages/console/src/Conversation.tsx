import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { PeerCall, type ConsultantClient } from '@parley/client';
import type { ConversationView, RtcSignal } from '@parley/protocol';
import { useT } from './i18n.ts';
import { TransferDialog } from './TransferDialog.tsx';
import { LinkedText } from './LinkedText.tsx';
import { CannedPicker } from './CannedPicker.tsx';

interface Props {
  client: ConsultantClient;
  conversation: ConversationView;
  /** Several conversations at once (F-29): only the one in front is heard. */
  inFront: boolean;
  /** The page was (re)loaded into a live call: ask the visitor for a fresh offer. */
  rejoin: boolean;
  onCall: (call: PeerCall | undefined) => void;
}

async function localMedia(): Promise<MediaStream | null> {
  for (const constraints of [{ video: true, audio: true }, { audio: true }]) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch {
      // try with less; without any device the call still works as text chat
    }
  }
  return null;
}

function useVideo(stream: MediaStream | null | undefined) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== (stream ?? null)) ref.current.srcObject = stream ?? null;
  }, [stream]);
  return ref;
}

/** An active conversation: the consultant answers the visitor's call; chat at the side. */
export function Conversation({ client, conversation, inFront, rejoin, onCall }: Props) {
  const { t } = useT();
  const [local, setLocal] = useState<MediaStream | null | undefined>(undefined);
  const [remote, setRemote] = useState<MediaStream | undefined>();
  const [transferring, setTransferring] = useState(false);
  const id = conversation.id;
  // The visitor offers as soon as the call is accepted, often before our camera is ready:
  // signals that arrive before the PeerCall exists wait here instead of being lost.
  const callRef = useRef<PeerCall | undefined>(undefined);
  const early = useRef<RtcSignal[]>([]);
  // The parent passes a fresh callback each render; the call must not restart because of it.
  const onCallRef = useRef(onCall);
  onCallRef.current = onCall;
  useEffect(
    () =>
      client.on('signal', ({ conversationId, signal }) => {
        if (conversationId !== id) return;
        if (callRef.current) void callRef.current.handleSignal(signal);
        else early.current.push(signal);
      }),
    [client, id],
  );

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    void localMedia().then((s) => {
      stream = s;
      if (cancelled) s?.getTracks().forEach((track) => track.stop());
      else setLocal(s);
    });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [id]);

  useEffect(() => {
    if (local === undefined) return;
    const call = new PeerCall({
      role: 'answerer',
      iceServers: client.state.iceServers,
      localStream: local,
      sendSignal: (signal) => client.signal(id, signal),
    });
    onCallRef.current(call);
    callRef.current = call;
    const offRemote = call.on('remoteStream', (s) => setRemote(new MediaStream(s.getTracks())));
    for (const signal of early.current.splice(0)) void call.handleSignal(signal);
    void call.start(rejoin);
    return () => {
      offRemote();
      call.close();
      callRef.current = undefined;
      onCallRef.current(undefined);
    };
  }, [client, id, local, rejoin]);

  const remoteRef = useVideo(remote);
  const localRef = useVideo(local);
  const name = conversation.visitorName || t('desk.remote');
  return (
    <section className="conversation">
      <div className="media">
        <div className="media-head">
          <h2>{t('desk.talkingWith', { name })}</h2>
          <div className="actions">
            <button
              className="secondary"
              data-testid="hold"
              aria-pressed={conversation.held}
              onClick={() => client.setHold(id, !conversation.held)}
            >
              {t(conversation.held ? 'desk.resume' : 'desk.hold')}
            </button>
            <button className="secondary" data-testid="transfer" onClick={() => setTransferring((v) => !v)}>
              {t('desk.transfer')}
            </button>
            <button className="danger" data-testid="end" onClick={() => client.end(id)}>
              {t('action.end')}
            </button>
          </div>
        </div>
        {conversation.held && (
          <p className="banner" role="status" data-testid="held-banner">
            {t('desk.onHold')}
          </p>
        )}
        {transferring && <TransferDialog client={client} conversationId={id} onClose={() => setTransferring(false)} />}
        <div className="stage">
          <video
            ref={remoteRef}
            className="remote"
            data-testid="remote-video"
            autoPlay
            playsInline
            muted={!inFront}
            aria-label={name}
          />
          {local && <video ref={localRef} className="pip" data-testid="local-video" autoPlay playsInline muted />}
        </div>
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
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages.length]);
  const send = (event: SubmitEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    client.sendChat(conversationId, draft);
    setDraft('');
  };
  // Text nodes only: whatever a visitor types is shown, never interpreted as HTML.
  return (
    <aside className="chat">
      <ol ref={list} className="messages" aria-live="polite">
        {messages.length === 0 && <li className="empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className={m.sender === 'consultant' ? 'mine' : 'theirs'} data-testid="chat-message">
            <span className="author">
              {m.sender === 'consultant' ? t('chat.you') : m.authorName || t('desk.remote')}
            </span>
            <span className="text">
              <LinkedText text={m.text} />
            </span>
          </li>
        ))}
      </ol>
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

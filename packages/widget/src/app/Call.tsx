import { useEffect, useState } from 'preact/hooks';
import { PeerCall, type VisitorClient } from '@parley/client';
import type { ConversationView } from '@parley/protocol';
import type { Translate } from '@parley/i18n';
import { useVideo } from './hooks.ts';
import { Chat } from './Chat.tsx';

/** Test hook: end-to-end tests read the current call's getStats() through it. */
export const hook: { call: PeerCall | undefined } = { call: undefined };

interface Props {
  client: VisitorClient;
  conversation: ConversationView;
  localStream: MediaStream | null;
  t: Translate;
}

/** An active conversation: the visitor offers a peer-to-peer call, with chat beside it. */
export function Call({ client, conversation, localStream, t }: Props) {
  const [remote, setRemote] = useState<MediaStream | undefined>();
  useEffect(() => {
    const call = new PeerCall({
      role: 'offerer',
      iceServers: client.state.iceServers,
      localStream,
      sendSignal: (signal) => client.signal(signal),
    });
    hook.call = call;
    const offRemote = call.on('remoteStream', (stream) => setRemote(new MediaStream(stream.getTracks())));
    const offSignal = client.on('signal', ({ conversationId, signal }) => {
      if (conversationId === conversation.id) void call.handleSignal(signal);
    });
    void call.start();
    return () => {
      offRemote();
      offSignal();
      call.close();
      if (hook.call === call) hook.call = undefined;
    };
  }, [client, conversation.id, localStream]);

  // [C11] On hold the visitor's camera and microphone pause; they resume with the conversation.
  useEffect(() => {
    for (const track of localStream?.getTracks() ?? []) track.enabled = !conversation.held;
  }, [localStream, conversation.held]);

  const remoteRef = useVideo(remote);
  const localRef = useVideo(localStream);
  return (
    <section class="call">
      <p class="with">{t('call.with', { name: conversation.consultantName ?? t('call.remote') })}</p>
      {conversation.held && (
        <p class="banner" role="status" data-testid="on-hold">
          {t('call.onHold')}
        </p>
      )}
      <div class="stage">
        <video
          ref={remoteRef}
          class="remote"
          data-testid="remote-video"
          autoplay
          playsinline
          aria-label={t('call.remote')}
        />
        {localStream && (
          <video
            ref={localRef}
            class="pip"
            data-testid="local-video"
            autoplay
            playsinline
            muted
            aria-label={t('media.preview')}
          />
        )}
      </div>
      <Chat client={client} t={t} />
      <button class="danger" data-testid="end" onClick={() => client.end()}>
        {t('action.end')}
      </button>
    </section>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { exposeTestHooks, LocalMedia, openSfuLegs, VisitorClient, webrtcSupported } from '@parley/client';
import type { MessageKey } from '@parley/i18n';
import { isSupportedLocale, type I18n, type SupportedLocale } from '@parley/i18n/core';
import type { ConversationView, VisitorContext } from '@parley/protocol';
import { useContextMessages } from './context.ts';
import { usePageEvents } from './pageEvents.ts';
import { Call, hook } from './Call.tsx';
import { useI18n, useVisitorState } from './hooks.ts';
import { MediaCheck, type CheckState } from './MediaCheck.tsx';
import { LeaveMessage } from './LeaveMessage.tsx';
import { BroadcastViewer } from './Broadcast.tsx';
import { TranscriptForm } from './Transcript.tsx';
import { ScrollColumn } from './ScrollColumn.tsx';
import { LanguageSelect, UserText } from '@parley/ui';
import { Cobrowse } from './cobrowse/Cobrowse.tsx';

const closedMessages: Record<string, MessageKey> = {
  visitor_ended: 'call.ended',
  consultant_ended: 'call.endedByConsultant',
  consultant_left: 'call.consultantLeft',
  visitor_left: 'call.ended',
  declined: 'call.declined',
  visitor_cancelled: 'call.cancelled',
};

function sessionStore(): Storage | undefined {
  try {
    return sessionStorage;
  } catch {
    return undefined; // blocked third-party storage: the visitor simply cannot resume after reload
  }
}

/** [E5] The origin of the page that embeds this app, when it is framed (the customer's site). */
function embeddingOrigin(): string | undefined {
  if (window.parent === window) return undefined;
  // Chromium and Safari list the embedding origins; Firefox has no ancestorOrigins.
  const ancestors = location.ancestorOrigins as DOMStringList | undefined;
  const ancestor = ancestors?.[0];
  if (ancestor) return ancestor;
  try {
    return document.referrer ? new URL(document.referrer).origin : undefined;
  } catch {
    return undefined;
  }
}

function localStore(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined; // blocked storage: settings last for this page only
  }
}

/**
 * Opens camera and microphone for the media check once the link is known (a broadcast viewer
 * is never asked, [B2]); falls back to voice only, then text only.
 */
function useMediaCheck(media: LocalMedia, enabled: boolean): [CheckState, (c: CheckState) => void] {
  const [check, setCheck] = useState<CheckState>(() => ({
    mode: 'video',
    skipped: false,
    problem: null,
    webrtc: webrtcSupported(),
  }));
  useEffect(() => {
    if (!enabled) return;
    if (!check.webrtc) {
      setCheck((c) => ({ ...c, mode: 'text', problem: 'unsupported' }));
      return;
    }
    void media.open({ camera: true, microphone: true }).then((problem) => {
      const { camera, microphone } = media.state;
      const mode = camera ? 'video' : microphone ? 'audio' : 'text';
      setCheck((c) => (c.skipped ? c : { ...c, mode, problem }));
    });
    return () => media.close();
  }, [media, enabled, check.webrtc]);
  return [check, setCheck];
}

export function App({
  linkKey,
  i18n,
  initialLocale,
  context,
}: {
  linkKey: string;
  /** Made with `initialLocale` loaded (main.tsx). */
  i18n: I18n;
  initialLocale: SupportedLocale;
  context?: VisitorContext | undefined;
}) {
  const { t, locale, setLocale } = useI18n(i18n, initialLocale);
  const client = useMemo(
    () =>
      new VisitorClient({
        baseUrl: location.origin,
        linkKey,
        locale: initialLocale,
        storage: sessionStore(),
        embedOrigin: embeddingOrigin(),
        ...(context ? { context } : {}),
      }),
    [linkKey, initialLocale, context],
  );
  useContextMessages(client);
  usePageEvents(client, embeddingOrigin(), (l) => {
    if (isSupportedLocale(l)) setLocale(l);
  });
  const state = useVisitorState(client);
  const broadcast = state.link?.mode === 'broadcast';
  // Asked only once the link is known: a broadcast viewer is never asked for camera or microphone.
  const media = useMemo(() => new LocalMedia({ storage: localStore() }), []);
  const [check, setCheck] = useMediaCheck(media, state.link !== null && !broadcast);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.connect();
    const offError = client.on('error', (e) => setError(e.code));
    exposeTestHooks({ client, call: () => hook.call, legs: openSfuLegs });
    return () => {
      offError();
      client.close();
    };
  }, [client]);

  const conversation = state.conversation;
  const open = state.status === 'open';

  return (
    <div class="app">
      <header>
        <h1>{t('app.title')}</h1>
        <LanguageSelect t={t} locale={locale} setLocale={setLocale} />
      </header>
      {!open && <p class="banner">{t(state.status === 'reconnecting' ? 'status.offline' : 'status.connecting')}</p>}
      {error && (
        <p class="banner error" role="alert">
          {t(`error.${error}` as MessageKey)}
          <button class="link" onClick={() => setError(null)} aria-label="×">
            ×
          </button>
        </p>
      )}
      <ScrollColumn t={t}>
        {broadcast ? (
          <BroadcastViewer client={client} state={state} t={t} />
        ) : conversation?.state === 'active' ? (
          <>
            <Cobrowse
              client={client}
              conversation={conversation}
              connected={open}
              parentOrigin={embeddingOrigin()}
              t={t}
            />
            <Call client={client} conversation={conversation} media={media} t={t} />
          </>
        ) : (
          <Lobby
            client={client}
            offline={state.link?.offline ?? null}
            conversation={conversation}
            available={state.available}
            open={open}
            media={media}
            check={check}
            onCheck={setCheck}
            t={t}
            onConnect={(name) => {
              media.resumeAudio();
              client.request(name, {
                mediaCheck: check.skipped ? 'skipped' : check.problem && check.mode !== 'text' ? 'failed' : 'passed',
                mode: check.mode,
                webrtc: check.webrtc,
              });
            }}
            onCancel={() => client.cancel()}
            locale={locale}
          />
        )}
      </ScrollColumn>
    </div>
  );
}

interface LobbyProps {
  client: VisitorClient;
  offline: { text: string; imageUrl: string | null } | null;
  conversation: ConversationView | null;
  available: boolean;
  open: boolean;
  media: LocalMedia;
  check: CheckState;
  onCheck: (check: CheckState) => void;
  t: ReturnType<typeof useI18n>['t'];
  onConnect: (name: string) => void;
  onCancel: () => void;
  locale: SupportedLocale;
}

/** Before and after a conversation: availability, own preview, Connect; while waiting: the queue. */
function Lobby(props: LobbyProps) {
  const { client, offline, conversation, available, open, media, check, onCheck, t, onConnect, onCancel, locale } =
    props;
  const [name, setName] = useState('');
  const [leaving, setLeaving] = useState(false);
  const waiting = conversation?.state === 'queued' || conversation?.state === 'ringing';
  const closedKey = conversation && !waiting ? closedMessages[conversation.closeReason ?? ''] : undefined;
  // [Q6] Nobody can take the request (now, or within the link's wait limit): offer a message.
  const canLeave = waiting ? conversation.canLeaveMessage : !available || conversation?.state === 'declined';

  if (leaving) return <LeaveMessage client={client} t={t} onDone={() => setLeaving(false)} />;
  return (
    <section class="lobby">
      <p class={`availability ${available ? 'on' : 'off'}`} data-testid="availability">
        {t(available ? 'status.available' : 'status.unavailable')}
      </p>
      {!available && offline && (offline.text || offline.imageUrl) && (
        <div class="offline-notice" data-testid="offline-notice">
          {offline.imageUrl && <img src={offline.imageUrl} alt={t('offline.imageAlt')} />}
          {offline.text && (
            <p>
              <UserText text={offline.text} />
            </p>
          )}
        </div>
      )}
      <MediaCheck media={media} check={check} onCheck={onCheck} t={t} />
      {waiting ? (
        <div class="queue" aria-live="polite">
          <p data-testid="queue-status">
            <span class="spinner" aria-hidden="true" /> {t('queue.waiting')}
          </p>
          {conversation.queuePosition !== null && (
            <p data-testid="queue-position">{t('queue.position', { ahead: conversation.queuePosition - 1 })}</p>
          )}
          <p data-testid="queue-estimate" class="hint">
            {conversation.estimatedWaitMs === null
              ? t('queue.noEstimate')
              : t('queue.estimate', { minutes: Math.round(conversation.estimatedWaitMs / 60_000) })}
          </p>
          {conversation.parked && <p class="hint">{t('queue.parked')}</p>}
          {conversation.state === 'ringing' && (
            <p class="hint" data-testid="ringing-hint">
              {t(conversation.transferredFrom ? 'queue.transferring' : 'queue.ringing')}
            </p>
          )}
          {!available && <p class="hint warn">{t('queue.noConsultant')}</p>}
          {canLeave && available && <p class="hint warn">{t('leave.waitedLong')}</p>}
          <div class="row">
            <button class="secondary" data-testid="cancel" onClick={onCancel}>
              {t('action.cancel')}
            </button>
            {canLeave && (
              <button class="secondary" data-testid="leave-message" onClick={() => setLeaving(true)}>
                {t('leave.offer')}
              </button>
            )}
          </div>
        </div>
      ) : (
        <form
          class="connect"
          onSubmit={(e) => {
            e.preventDefault();
            onConnect(name);
          }}
        >
          {closedKey && (
            <p class="closed" data-testid="closed-message" role="status">
              {t(closedKey)}
            </p>
          )}
          <label>
            {t('visitor.nameLabel')}
            <input value={name} maxLength={80} onInput={(e) => setName(e.currentTarget.value)} autocomplete="name" />
          </label>
          <button type="submit" class="primary" data-testid="connect" disabled={!available || !open}>
            {t('action.connect')}
          </button>
          {canLeave && (
            <p class="hint">
              {t('leave.nobody')}{' '}
              <button type="button" class="link" data-testid="leave-message" onClick={() => setLeaving(true)}>
                {t('leave.offer')}
              </button>
            </p>
          )}
        </form>
      )}
      {conversation?.state === 'ended' && client.state.emailTranscripts && (
        <TranscriptForm key={conversation.id} client={client} t={t} locale={locale} />
      )}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  exposeTestHooks,
  LocalMedia,
  openSfuLegs,
  VisitorClient,
  VisitorPreCall,
  webrtcSupported,
} from '@parley/client';
import type { MessageKey } from '@parley/i18n';
import { isSupportedLocale, type I18n, type SupportedLocale } from '@parley/i18n/core';
import type { ConversationView, DepartmentChoice, VisitorContext } from '@parley/protocol';
import { useContextMessages, visitFromFragment } from './context.ts';
import { usePageEvents } from './pageEvents.ts';
import { Call, hook, useJoinedLive } from './Call.tsx';
import { useI18n, useVisitorState } from './hooks.ts';
import { MediaCheck, type CheckState } from './MediaCheck.tsx';
import { LeaveMessage } from './LeaveMessage.tsx';
import { BroadcastViewer } from './Broadcast.tsx';
import { TranscriptForm } from './Transcript.tsx';
import { ScrollColumn } from './ScrollColumn.tsx';
import { LanguageSelect, UserText } from '@parley/ui';
import { Cobrowse } from './cobrowse/Cobrowse.tsx';
import { Chat } from './Chat.tsx';
import { SessionCodeEntry, useSessionCode } from './SessionCode.tsx';

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
      // A choice the visitor made while the devices were still opening stands ([MD1]).
      setCheck((c) => (c.skipped || c.chosen ? c : { ...c, mode, problem }));
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
  sessionCode,
}: {
  linkKey: string;
  /** [AP8] A session code from the `/s` page or a personal link: entered once the app is connected. */
  sessionCode?: string | null;
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
        // [SV8] The site visit the loader reported: the visitor's row shows this conversation.
        visitId: visitFromFragment(location.hash),
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
  // [IA1][IA2] The call is set up while the request rings; Accept only puts the tracks on.
  const preCall = useMemo(
    () => new VisitorPreCall(client, { tracks: () => ({ audio: media.state.microphone, camera: media.state.camera }) }),
    [client, media],
  );
  useEffect(() => preCall.start(), [preCall]);

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
  const joinedLive = useJoinedLive(conversation);
  const open = state.status === 'open';
  const setupOf = (c: CheckState) => ({
    mediaCheck: c.skipped
      ? ('skipped' as const)
      : c.problem && c.mode !== 'text'
        ? ('failed' as const)
        : ('passed' as const),
    mode: c.mode,
    webrtc: c.webrtc,
  });
  const enterCode = useSessionCode(client, state, sessionCode ?? null);

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
            <Call
              client={client}
              conversation={conversation}
              media={media}
              rejoining={joinedLive}
              preCall={preCall}
              t={t}
            />
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
            departments={state.link?.departments ?? []}
            onConnect={(name, departmentId) => {
              media.resumeAudio();
              client.request(name, setupOf(check), departmentId ? { departmentId } : {});
            }}
            onReady={() => {
              media.resumeAudio();
              client.reportSetup(setupOf(check));
            }}
            onCode={enterCode}
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
  /** [DC1] Departments to choose between (empty: the link routes without asking). */
  departments: DepartmentChoice[];
  /** `departmentId`: '' for anyone. */
  onConnect: (name: string, departmentId: string) => void;
  onCancel: () => void;
  /** [AP8] The media check is done after a session code's request. */
  onReady: () => void;
  onCode: (code: string) => void;
  locale: SupportedLocale;
}

/** Before and after a conversation: availability, own preview, Connect; while waiting: the queue. */
function Lobby(props: LobbyProps) {
  const { client, offline, conversation, available, open, media, check, onCheck, t, onConnect, onCancel, locale } =
    props;
  const session = conversation?.appointment ?? null;
  const [name, setName] = useState('');
  const [department, setDepartment] = useState('');
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
            <span class="spinner" aria-hidden="true" /> {t(session ? 'session.waiting' : 'queue.waiting')}
          </p>
          {session && conversation.visitorSetup === null && (
            <button class="primary" data-testid="session-ready" onClick={props.onReady}>
              {t('session.ready')}
            </button>
          )}
          {!session && conversation.queuePosition !== null && (
            <p data-testid="queue-position">{t('queue.position', { ahead: conversation.queuePosition - 1 })}</p>
          )}
          <p data-testid="queue-estimate" class="hint" hidden={session !== null}>
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
          {!available && !session && <p class="hint warn">{t('queue.noConsultant')}</p>}
          {canLeave && available && <p class="hint warn">{t('leave.waitedLong')}</p>}
          <div class="row">
            <button class="secondary" data-testid="cancel" onClick={onCancel}>
              {t('action.cancel')}
            </button>
            {canLeave && !session && (
              <button class="secondary" data-testid="leave-message" onClick={() => setLeaving(true)}>
                {t('leave.offer')}
              </button>
            )}
          </div>
          {/* [M8] Chat before media: what is written now reaches whoever takes the call. */}
          <p class="hint">{t('queue.chatHint')}</p>
          <Chat client={client} t={t} />
        </div>
      ) : (
        <form
          class="connect"
          onSubmit={(e) => {
            e.preventDefault();
            onConnect(name, department);
          }}
        >
          {closedKey && (
            <p class="closed" data-testid="closed-message" role="status">
              {t(closedKey)}
            </p>
          )}
          {props.departments.length > 0 && (
            <DepartmentPicker departments={props.departments} value={department} onChange={setDepartment} t={t} />
          )}
          <label>
            {t('visitor.nameLabel')}
            <input value={name} maxLength={80} onInput={(e) => setName(e.currentTarget.value)} autocomplete="name" />
          </label>
          <button type="submit" class="primary" data-testid="connect" disabled={!available || !open}>
            {t('action.connect')}
          </button>
          <SessionCodeEntry t={t} disabled={!open} onCode={props.onCode} />
          <PrivacyLine privacy={client.state.privacy} t={t} />
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

/** [GD5] What is kept and for how long, with the tenant's privacy notice (https only). */
function PrivacyLine({ privacy, t }: { privacy: VisitorClient['state']['privacy']; t: LobbyProps['t'] }) {
  if (!privacy || (privacy.keptDays === null && !privacy.noticeUrl)) return null;
  const url = privacy.noticeUrl?.startsWith('https://') ? privacy.noticeUrl : null;
  return (
    <p class="hint privacy-line" data-testid="privacy-line">
      {privacy.keptDays !== null && t('privacy.visitor.kept', { days: privacy.keptDays })}{' '}
      {url && (
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid="privacy-notice">
          {t('privacy.visitor.notice')}
        </a>
      )}
    </p>
  );
}

/**
 * [DC1] The pre-chat choice on a link serving several departments: a radio group (keyboard and
 * screen readers get it for free), "anyone" first and chosen until the visitor picks one.
 * Department names are shown as the admin wrote them; the rest is translated.
 */
function DepartmentPicker(props: {
  departments: DepartmentChoice[];
  value: string;
  onChange: (id: string) => void;
  t: ReturnType<typeof useI18n>['t'];
}) {
  const { departments, value, onChange, t } = props;
  const options = [{ id: '', name: t('department.any') }, ...departments];
  return (
    <fieldset class="departments" data-testid="department-choice">
      <legend>{t('department.legend')}</legend>
      {options.map((d) => (
        <label key={d.id} class={value === d.id ? 'chosen' : ''} data-testid="department-option">
          <input type="radio" name="department" value={d.id} checked={value === d.id} onChange={() => onChange(d.id)} />
          {d.id ? <UserText text={d.name} /> : d.name}
        </label>
      ))}
    </fieldset>
  );
}

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  AdminApi,
  ConsultantClient,
  ConsultantPreCalls,
  exposeTestHooks,
  frontCall,
  LocalMedia,
  logout,
  openSfuLegs,
  Overview,
  SiteVisitors,
  TeamChat,
  type ConsultantState,
  type PeerCall,
} from '@parley/client';
import { canOversee, type ConsultantMe, type ConversationView } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';
import { LanguageSelect, UserText } from '@parley/ui';
import { Ringer } from './ring.ts';
import { Conversation, localStore } from '../conversation/Conversation.tsx';
import { ConferenceInvitation } from '../conversation/Conference.tsx';
import { QueuePanel, WaitingFacts } from './QueuePanel.tsx';
import { BroadcastPanel } from './BroadcastPanel.tsx';
import { AccountMenu, DeskNav, DeskViews, type DeskView } from './DeskViews.tsx';
import { DeskPanel } from './DeskPanel.tsx';
import { WrapUp } from '../conversation/WrapUp.tsx';
import { useInbox } from '../inbox/Inbox.tsx';
import { revealBidi } from '@parley/protocol/bidi';

const baseTitle = document.title;

export function Desk({
  me,
  onLoggedOut,
}: {
  me: ConsultantMe;
  /** `reason`: why the server ended the session (the close reason, e.g. `account_deactivated`). */
  onLoggedOut: (reason?: string) => void;
}) {
  const { t, locale, setLocale } = useT();
  const [client] = useState(() => new ConsultantClient({ baseUrl: location.origin, dismissSettled: true }));
  // Operator-to-operator chat rides on the same connection; it must listen before connect().
  const [team] = useState(() => new TeamChat(client.connection));
  const [siteVisitors] = useState(() => new SiteVisitors(client.connection));
  const [overview] = useState(() => new Overview(client.connection));
  // [OV5] A supervisor took one of this consultant's conversations over: say who, and with whom.
  const [takenOver, setTakenOver] = useState<{ by: string; visitor: string } | null>(null);
  useEffect(
    () =>
      client.connection.on('conversation.taken_over', (m) => setTakenOver({ by: m.byName, visitor: m.visitorName })),
    [client],
  );
  const [view, setView] = useState<DeskView>('desk');
  const [state, setState] = useState<ConsultantState>(client.state);
  const [api] = useState(() => new AdminApi(location.origin));
  const inbox = useInbox(api, state.inboxVersion);
  const [error, setError] = useState<string | null>(null);
  const [ringer] = useState(() => new Ringer());
  // [IA1][IA4] While a request rings, camera and call are made ready; Accept only puts the tracks on.
  const [preCalls] = useState(
    () => new ConsultantPreCalls(client, { newMedia: () => new LocalMedia({ storage: localStore() }) }),
  );
  useEffect(() => preCalls.start(), [preCalls]);
  const acceptedHere = useRef(new Set<string>());
  const calls = useRef(new Map<string, PeerCall>());
  const [selected, setSelected] = useState<string | null>(null);
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selected;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  // The socket lives as long as the desk; language switches and parent renders must not reconnect it.
  const latest = useRef({ t, onLoggedOut });
  latest.current = { t, onLoggedOut };

  useEffect(() => {
    const offs = [
      client.on('change', setState),
      client.on('error', (e) => setError(e.code)),
      client.on('fatal', ({ reason }) => latest.current.onLoggedOut(reason)),
      client.on('ring', (v) => {
        ringer.start();
        if ('Notification' in window && Notification.permission === 'granted') {
          const { t: tr } = latest.current;
          const name = v.visitorName ? revealBidi(v.visitorName) : tr('desk.remote');
          new Notification(tr('incoming.notification', { name }), { tag: v.id });
        }
      }),
    ];
    client.connect();
    exposeTestHooks({
      client,
      call: () => (selectedRef.current ? calls.current.get(selectedRef.current) : undefined),
      ringer,
      preCall: () => preCalls.first(),
      preCalls,
      legs: openSfuLegs,
    });
    return () => {
      offs.forEach((off) => off());
      client.close();
      ringer.stop();
    };
  }, [client, ringer, preCalls]);

  const ringing = client.ringing;
  const ringingIds = ringing.map((v) => v.id).join();
  useEffect(() => {
    // [CD1] Answering one request silences the ring only while others are not ringing: it goes on
    // for the next one still waiting.
    if (ringing.length === 0) ringer.stop();
    else ringer.start();
    document.title = ringing.length > 0 ? `(${ringing.length}) ${t('incoming.title')} – ${baseTitle}` : baseTitle;
  }, [ringingIds, ringing.length, ringer, t]);

  // [CD5] The selection rules live in the SDK: every active conversation stays mounted (its call
  // keeps running) with one in front (F-29); ended calls wait for their wrap-up ([CD3]).
  const actives = client.activeCalls;
  const endedCalls = client.endedCalls;
  const front = frontCall(actives, selected);
  // [CD2] Visitor messages read per conversation: those that arrive while another is in front count as unread.
  const readMessages = useRef(new Map<string, number>());
  const visitorMessages = (id: string) => (state.messages[id] ?? []).filter((m) => m.sender === 'visitor').length;
  if (front) readMessages.current.set(front.id, visitorMessages(front.id));
  const unread = (id: string) => Math.max(0, visitorMessages(id) - (readMessages.current.get(id) ?? 0));
  // [CD2] Arrow keys, Home and End move between the conversations' tabs (the WAI-ARIA tabs pattern).
  const onTabKey = (event: KeyboardEvent<HTMLElement>) => {
    const index = actives.findIndex((v) => v.id === front?.id);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % actives.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + actives.length) % actives.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? actives.length - 1
              : -1;
    const target = actives[next];
    if (!target) return;
    event.preventDefault();
    setSelected(target.id);
    event.currentTarget.querySelectorAll<HTMLElement>('[role=tab]')[next]?.focus();
  };
  useEffect(() => {
    if (front && front.id !== selected) setSelected(front.id);
  }, [front, selected]);
  const waiting = client.queued;
  const broadcastLinks = state.links.filter((l) => l.mode === 'broadcast');

  const toggle = () => {
    const next = !state.available;
    if (next && 'Notification' in window && Notification.permission === 'default') {
      void Notification.requestPermission();
    }
    client.setAvailable(next);
  };

  return (
    <div className="desk">
      <header className="bar">
        <strong className="brand">{t('console.title')}</strong>
        <span className="who">
          {me.name} · {me.tenant.name}
        </span>
        <span className={`presence ${state.available ? 'on' : 'off'}`} data-testid="presence">
          {t(state.available ? 'presence.available' : 'presence.unavailable')}
        </span>
        <button className={state.available ? 'secondary' : 'primary'} data-testid="presence-toggle" onClick={toggle}>
          {t(state.available ? 'presence.goUnavailable' : 'presence.goAvailable')}
        </button>
        <span className="waiting" data-testid="waiting-count">
          {t('desk.waiting', { count: client.waitingCount })}
        </span>
        <DeskNav
          view={view}
          onView={setView}
          admin={me.role === 'admin'}
          oversee={canOversee(me.role)}
          inboxOpen={inbox.open}
        />
        <span className="spacer" />
        <LanguageSelect t={t} locale={locale} setLocale={setLocale} />
        <AccountMenu
          title={`${me.name} · ${me.tenant.name}`}
          onAccount={() => setView('account')}
          onLogout={() => {
            void logout(location.origin).finally(() => onLoggedOut());
          }}
        />
      </header>
      {state.status !== 'open' && (
        <p className="banner">{t(state.status === 'reconnecting' ? 'status.offline' : 'status.connecting')}</p>
      )}
      {error && (
        <p className="banner error" role="alert">
          {t(`error.${error}` as MessageKey)}{' '}
          <button className="link" onClick={() => setError(null)}>
            ×
          </button>
        </p>
      )}
      {takenOver && (
        <p className="banner" role="status" data-testid="taken-over">
          {t('overview.takenOver', { by: takenOver.by, visitor: takenOver.visitor })}{' '}
          <button className="link" onClick={() => setTakenOver(null)}>
            ×
          </button>
        </p>
      )}
      <DeskViews
        overview={overview}
        onDesk={() => setView('desk')}
        view={view}
        team={team}
        me={me}
        api={api}
        inbox={inbox}
        links={client.state.links}
        visitors={siteVisitors}
      />
      <main className="work" hidden={view !== 'desk'}>
        {ringing.map((v) => (
          <Incoming
            key={v.id}
            conversation={v}
            onAccept={() => {
              acceptedHere.current.add(v.id);
              ringer.stop();
              client.accept(v.id);
            }}
            onDecline={() => {
              ringer.stop();
              client.decline(v.id);
            }}
            onQueue={() => {
              ringer.stop();
              client.queue(v.id);
            }}
          />
        ))}
        {client.invitations.map((v) => (
          <ConferenceInvitation key={v.id} client={client} conversation={v} />
        ))}
        {broadcastLinks.map((link) => (
          <BroadcastPanel
            key={link.id}
            client={client}
            link={link}
            room={state.broadcasts[link.id]}
            me={state.consultantId ?? ''}
          />
        ))}
        {/* [CD3] Above the calls that go on, so the wrap-up is in sight at once. */}
        {endedCalls.map((ended) => (
          <section key={ended.id} className="closed card" data-testid="closed-call">
            <p data-testid="closed-message" role="status">
              {t(
                ended.closeReason === 'visitor_left' || ended.closeReason === 'visitor_ended'
                  ? 'desk.visitorLeft'
                  : 'desk.ended',
              )}
            </p>
            <WrapUp conversationId={ended.id} onDone={() => client.dismiss(ended.id)} />
            <button className="secondary" data-testid="dismiss" onClick={() => client.dismiss(ended.id)}>
              ×
            </button>
          </section>
        ))}
        {actives.length > 1 && (
          <nav
            className="tabs"
            role="tablist"
            aria-label={t('desk.conversations', { count: actives.length, capacity: state.capacity })}
            onKeyDown={onTabKey}
          >
            {actives.map((v) => (
              <button
                key={v.id}
                role="tab"
                data-testid="conversation-tab"
                aria-selected={v.id === front?.id}
                tabIndex={v.id === front?.id ? 0 : -1}
                className={v.id === front?.id ? 'tab on' : 'tab'}
                onClick={() => setSelected(v.id)}
              >
                {v.visitorName ? <UserText text={v.visitorName} /> : t('desk.remote')}
                {unread(v.id) > 0 && (
                  <span className="badge" data-testid="unread" aria-label={t('desk.unread', { count: unread(v.id) })}>
                    {unread(v.id)}
                  </span>
                )}
              </button>
            ))}
          </nav>
        )}
        {actives.map((v) => (
          <div key={v.id} hidden={v.id !== front?.id} className="conversation-slot">
            <Conversation
              client={client}
              conversation={v}
              inFront={v.id === front?.id}
              rejoin={!acceptedHere.current.has(v.id)}
              preCalls={preCalls}
              onCall={(c) => {
                if (c) calls.current.set(v.id, c);
                else calls.current.delete(v.id);
              }}
            />
            <DeskPanel conversationId={v.id} />
          </div>
        ))}
        {actives.length === 0 && endedCalls.length === 0 && ringing.length === 0 && (
          <p className="idle">{t(state.available ? 'desk.idle' : 'desk.idleUnavailable')}</p>
        )}
        {state.links.some((l) => l.mode !== 'broadcast') && (
          <QueuePanel client={client} waiting={waiting} now={now} canTake={client.hasFreeSlot} />
        )}
      </main>
    </div>
  );
}

function Incoming(props: {
  conversation: ConversationView;
  onAccept: () => void;
  onDecline: () => void;
  onQueue: () => void;
}) {
  const { t } = useT();
  const name = props.conversation.visitorName ? revealBidi(props.conversation.visitorName) : t('desk.remote');
  return (
    <section className="incoming card" data-testid="incoming" role="alertdialog" aria-label={t('incoming.title')}>
      <div>
        <h2>{t('incoming.title')}</h2>
        <p>{t('incoming.from', { name })}</p>
        {props.conversation.transferredFrom && (
          <p className="muted" data-testid="transferred-from">
            {t('incoming.transferFrom', { name: props.conversation.transferredFrom })}
          </p>
        )}
        <WaitingFacts conversation={props.conversation} />
      </div>
      <div className="actions">
        <button className="primary" data-testid="accept" onClick={props.onAccept} autoFocus>
          {t('incoming.accept')}
        </button>
        <button className="secondary" data-testid="decline" onClick={props.onDecline}>
          {t('incoming.decline')}
        </button>
        <button className="secondary" data-testid="queue" onClick={props.onQueue} title={t('incoming.queueHint')}>
          {t('incoming.queue')}
        </button>
      </div>
    </section>
  );
}

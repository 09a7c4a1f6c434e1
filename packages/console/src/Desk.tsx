import { useEffect, useRef, useState } from 'react';
import { ConsultantClient, logout, type ConsultantState, type PeerCall } from '@parley/client';
import type { ConsultantMe, ConversationView } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from './i18n.ts';
import { LanguageSelect } from './App.tsx';
import { Ringer } from './ring.ts';
import { Conversation } from './Conversation.tsx';

const baseTitle = document.title;

export function Desk({ me, onLoggedOut }: { me: ConsultantMe; onLoggedOut: () => void }) {
  const { t } = useT();
  const [client] = useState(() => new ConsultantClient({ baseUrl: location.origin }));
  const [state, setState] = useState<ConsultantState>(client.state);
  const [error, setError] = useState<string | null>(null);
  const [ringer] = useState(() => new Ringer());
  const acceptedHere = useRef(new Set<string>());
  const call = useRef<PeerCall | undefined>(undefined);
  // The socket lives as long as the desk; language switches and parent renders must not reconnect it.
  const latest = useRef({ t, onLoggedOut });
  latest.current = { t, onLoggedOut };

  useEffect(() => {
    const offs = [
      client.on('change', setState),
      client.on('error', (e) => setError(e.code)),
      client.on('fatal', () => latest.current.onLoggedOut()),
      client.on('ring', (v) => {
        ringer.start();
        if ('Notification' in window && Notification.permission === 'granted') {
          const { t: tr } = latest.current;
          new Notification(tr('incoming.notification', { name: v.visitorName || tr('desk.remote') }), { tag: v.id });
        }
      }),
    ];
    client.connect();
    (window as unknown as { __parley: unknown }).__parley = { client, call: () => call.current, ringer };
    return () => {
      offs.forEach((off) => off());
      client.close();
      ringer.stop();
    };
  }, [client, ringer]);

  const ringing = client.ringing;
  useEffect(() => {
    if (ringing.length === 0) ringer.stop();
    document.title = ringing.length > 0 ? `(${ringing.length}) ${t('incoming.title')} – ${baseTitle}` : baseTitle;
  }, [ringing.length, ringer, t]);

  const mine = Object.values(state.conversations).filter((v) => v.consultantId === state.consultantId);
  const active = mine.find((v) => v.state === 'active');
  const ended = mine.find((v) => v.state === 'ended');
  const declined = mine.filter((v) => v.state === 'declined').map((v) => v.id);
  useEffect(() => {
    // A declined request needs no closing note: the consultant declined it themselves.
    for (const id of declined) client.dismiss(id);
  }, [client, declined.join()]);

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
        <span className="spacer" />
        <LanguageSelect />
        <button
          className="link"
          data-testid="logout"
          onClick={() => {
            void logout(location.origin).finally(onLoggedOut);
          }}
        >
          {t('login.logout')}
        </button>
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
      <main className="work">
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
          />
        ))}
        {active ? (
          <Conversation
            key={active.id}
            client={client}
            conversation={active}
            rejoin={!acceptedHere.current.has(active.id)}
            onCall={(c) => (call.current = c)}
          />
        ) : ended ? (
          <section className="closed card">
            <p data-testid="closed-message" role="status">
              {t(
                ended.closeReason === 'visitor_left' || ended.closeReason === 'visitor_ended'
                  ? 'desk.visitorLeft'
                  : 'desk.ended',
              )}
            </p>
            <button className="secondary" data-testid="dismiss" onClick={() => client.dismiss(ended.id)}>
              ×
            </button>
          </section>
        ) : (
          ringing.length === 0 && <p className="idle">{t(state.available ? 'desk.idle' : 'desk.idleUnavailable')}</p>
        )}
      </main>
    </div>
  );
}

function Incoming(props: { conversation: ConversationView; onAccept: () => void; onDecline: () => void }) {
  const { t } = useT();
  const name = props.conversation.visitorName || t('desk.remote');
  return (
    <section className="incoming card" data-testid="incoming" role="alertdialog" aria-label={t('incoming.title')}>
      <div>
        <h2>{t('incoming.title')}</h2>
        <p>{t('incoming.from', { name })}</p>
      </div>
      <div className="actions">
        <button className="primary" data-testid="accept" onClick={props.onAccept} autoFocus>
          {t('incoming.accept')}
        </button>
        <button className="secondary" data-testid="decline" onClick={props.onDecline}>
          {t('incoming.decline')}
        </button>
      </div>
    </section>
  );
}

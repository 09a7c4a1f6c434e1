import { useEffect, useRef, useState } from 'react';
import type { TeamChat, TeamState } from '@parley/client';
import type { TeamPresence } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { LinkedText, UserText } from '@parley/ui';
import '../desk/desk.css';

const presenceKey = {
  available: 'team.presence.available',
  online: 'team.presence.online',
  offline: 'team.presence.offline',
} as const satisfies Record<TeamPresence, string>;

/** [O1]–[O3] Operator-to-operator chat (F-27): the team with presence, and one thread per colleague. */
export function TeamPanel({ team, me }: { team: TeamChat; me: string }) {
  const { t } = useT();
  const [state, setState] = useState<TeamState>(team.state);
  const [peer, setPeer] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => team.on('change', setState), [team]);
  const thread = state.messages.filter((m) =>
    peer === null
      ? m.recipientId === null
      : (m.senderId === peer && m.recipientId === me) || (m.senderId === me && m.recipientId === peer),
  );
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [thread.length]);
  const others = state.members.filter((m) => m.id !== me);
  const online = others.filter((m) => m.presence !== 'offline').length;
  const peerName = others.find((m) => m.id === peer)?.name ?? t('team.everyone');
  return (
    <section className="team" data-testid="team">
      <div className="card list-pane">
        <h2>{t('team.title')}</h2>
        <p className="muted">{t('team.online', { count: online })}</p>
        <ul className="picklist">
          <li>
            <button
              className={peer === null ? 'pick on' : 'pick'}
              onClick={() => setPeer(null)}
              data-testid="team-everyone"
            >
              <strong>{t('team.everyone')}</strong>
            </button>
          </li>
          {others.map((m) => (
            <li key={m.id}>
              <button
                className={peer === m.id ? 'pick on' : 'pick'}
                data-testid="team-member"
                data-presence={m.presence}
                onClick={() => setPeer(m.id)}
              >
                <strong>
                  <span className={`dot ${m.presence}`} aria-hidden="true" /> <UserText text={m.name} />
                </strong>
                <small>{t(presenceKey[m.presence])}</small>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="card chat detail-pane">
        <h2>{peerName}</h2>
        <ol ref={list} className="messages" aria-live="polite">
          {thread.length === 0 && <li className="empty">{t('team.empty')}</li>}
          {thread.map((m) => (
            <li key={m.id} className={m.senderId === me ? 'mine' : 'theirs'} data-testid="team-message">
              <span className="author">
                {m.senderId === me ? t('chat.you') : <UserText text={m.senderName} />}
                {m.recipientId === me && ` · ${t('team.toYou')}`}
              </span>
              <span className="text">
                <LinkedText text={m.text} />
              </span>
            </li>
          ))}
        </ol>
        <form
          className="compose"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            team.send(draft, peer);
            setDraft('');
          }}
        >
          <input
            data-testid="team-input"
            value={draft}
            maxLength={4000}
            placeholder={t('team.placeholder', { name: peerName })}
            aria-label={t('team.placeholder', { name: peerName })}
            onChange={(e) => setDraft(e.currentTarget.value)}
          />
          <button className="primary" data-testid="team-send">
            {t('action.send')}
          </button>
        </form>
      </div>
    </section>
  );
}

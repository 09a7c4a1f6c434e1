import { useEffect, useState } from 'react';
import type { Overview, OverviewState } from '@parley/client';
import type { ChatMessageView, OverviewConsultant, OverviewConversation } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { LinkedText, UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import './overview.css';

type Translate = ReturnType<typeof useT>['t'];

/** A duration as a clock reads it: m:ss, or h:mm:ss past an hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function stateText(t: Translate, c: OverviewConversation): string {
  if (c.state === 'queued' && c.parked) return t('overview.state.parked');
  if (c.state === 'active' && c.held) return t('overview.state.held');
  return t(`overview.state.${c.state}` as MessageKey);
}

function presenceText(t: Translate, c: OverviewConsultant): string {
  if (!c.connected) return t('overview.presence.offline');
  return t(c.available ? 'overview.presence.available' : 'overview.presence.unavailable');
}

/**
 * [OV2]–[OV6] The Communication Overview (seed 004) for supervisors and admins: every open
 * conversation and waiting request of the tenant and every consultant's presence and load, pushed
 * over the console's socket while this view is open. Times tick here from the pushed timestamps
 * (corrected by the server's clock); a row opens the conversation read-only, to take it over or
 * transfer it.
 */
export function OverviewView({ overview, onTakenOver }: { overview: Overview; onTakenOver: () => void }) {
  const { t } = useT();
  const [state, setState] = useState<OverviewState>(overview.state);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const off = overview.on('change', setState);
    overview.watch(true);
    // The times tick every second from timestamps; the floor itself is pushed, never polled.
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      off();
      clearInterval(timer);
      overview.read(null);
      overview.watch(false);
    };
  }, [overview]);
  const serverNow = now + state.clockOffsetMs;
  const floor = state.overview;
  const reading = state.reading;
  const open = floor?.conversations.find((c) => c.id === reading?.conversationId);
  return (
    <section className="overview" data-testid="overview">
      <div className="card overview-floor">
        <h2>{t('overview.title')}</h2>
        {state.refused && (
          <p className="banner error" role="alert" data-testid="overview-refused">
            {t(`error.${state.refused}` as MessageKey)}
          </p>
        )}
        {floor && floor.conversations.length === 0 ? (
          <p className="muted" data-testid="overview-empty">
            {t('overview.empty')}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('overview.visitor')}</th>
                  <th>{t('overview.state')}</th>
                  <th>{t('overview.consultant')}</th>
                  <th>{t('overview.waiting')}</th>
                  <th>{t('overview.talking')}</th>
                  <th>{t('overview.link')}</th>
                  <th>{t('overview.mode')}</th>
                </tr>
              </thead>
              <tbody>
                {floor?.conversations.map((c) => (
                  <tr
                    key={c.id}
                    data-testid="overview-row"
                    data-conversation={c.id}
                    className={c.id === reading?.conversationId ? 'on' : ''}
                  >
                    <td>
                      <button className="link" data-testid="overview-read" onClick={() => overview.read(c.id)}>
                        <UserText text={c.visitorName || '—'} />
                      </button>
                    </td>
                    <td data-testid="overview-state" className={`state ${c.state}`}>
                      {stateText(t, c)}
                    </td>
                    <td data-testid="overview-consultant">
                      {c.consultantName ? <UserText text={c.consultantName} /> : '—'}
                    </td>
                    <td className="time" data-testid="overview-waited">
                      {clock((c.acceptedAt ?? serverNow) - c.queuedAt)}
                    </td>
                    <td className="time">{c.acceptedAt === null ? '—' : clock(serverNow - c.acceptedAt)}</td>
                    <td>
                      <UserText text={c.linkName} />
                      {c.departmentName && (
                        <small className="muted">
                          <UserText text={c.departmentName} />
                        </small>
                      )}
                    </td>
                    <td>{t(`overview.mode.${c.mode ?? 'unknown'}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>{t('overview.consultants')}</h3>
        <div className="table-wrap">
          <table className="table" data-testid="overview-consultants">
            <thead>
              <tr>
                <th>{t('overview.consultant')}</th>
                <th>{t('overview.presence')}</th>
                <th>{t('overview.load')}</th>
              </tr>
            </thead>
            <tbody>
              {floor?.consultants.map((c) => (
                <tr key={c.id} data-testid="overview-person" className={c.connected ? '' : 'inactive'}>
                  <td>
                    <UserText text={c.name} />
                  </td>
                  <td>
                    <span
                      className={`dot ${c.connected ? (c.available ? 'available' : 'online') : 'offline'}`}
                      aria-hidden="true"
                    />{' '}
                    {presenceText(t, c)}
                  </td>
                  <td data-testid="overview-load">{t('overview.loadOf', { load: c.load, capacity: c.capacity })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {reading && (
        <Reading
          t={t}
          overview={overview}
          conversation={open}
          messages={reading.messages}
          colleagues={(floor?.consultants ?? []).filter(
            (c) => c.available && c.load < c.capacity && c.id !== open?.consultantId,
          )}
          onTakenOver={onTakenOver}
        />
      )}
    </section>
  );
}

/** [OV4]–[OV6] One conversation, read silently: its chat as it is written, no composer. */
function Reading({
  t,
  overview,
  conversation,
  messages,
  colleagues,
  onTakenOver,
}: {
  t: Translate;
  overview: Overview;
  conversation: OverviewConversation | undefined;
  messages: readonly ChatMessageView[];
  colleagues: readonly OverviewConsultant[];
  onTakenOver: () => void;
}) {
  const [to, setTo] = useState('');
  return (
    <aside className="card overview-reading" data-testid="overview-reading" aria-label={t('overview.read')}>
      <div className="reading-head">
        <h3>{conversation ? t('overview.reading', { name: conversation.visitorName }) : t('overview.gone')}</h3>
        <button className="link" data-testid="overview-close" onClick={() => overview.read(null)}>
          {t('overview.close')}
        </button>
      </div>
      <p className="muted">{t('overview.silent')}</p>
      {/* Neither side is "you" here: every message carries its author's name ([E3] text nodes only). */}
      <ol className="messages" aria-live="polite" data-testid="overview-transcript">
        {messages.length === 0 && <li className="empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className={m.sender} data-testid="overview-message">
            <span className="author">
              <UserText text={m.authorName || '—'} />
            </span>
            <span className="text">
              <LinkedText text={m.text} />
            </span>
          </li>
        ))}
      </ol>
      {conversation && (
        <div className="reading-actions">
          <button
            className="primary"
            data-testid="overview-take-over"
            onClick={() => {
              overview.takeOver(conversation.id);
              onTakenOver();
            }}
          >
            {t('overview.takeOver')}
          </button>
          {conversation.state === 'active' && (
            <form
              className="transfer"
              onSubmit={(e) => {
                e.preventDefault();
                if (to) overview.transfer(conversation.id, to);
              }}
            >
              <label>
                {t('overview.transferTo')}
                <select data-testid="overview-transfer-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
                  <option value="">{t('overview.chooseColleague')}</option>
                  {colleagues.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <button className="secondary" data-testid="overview-transfer" disabled={!to}>
                {t('overview.transfer')}
              </button>
            </form>
          )}
        </div>
      )}
    </aside>
  );
}

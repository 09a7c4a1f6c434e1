import { useEffect, useMemo, useRef, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { LeftMessageView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode, useLoad } from '../admin/useLoad.ts';
import type { ErrorCode } from '@parley/protocol';
import { revealBidi } from '@parley/protocol/bidi';
import { UserText } from '@parley/ui';

export type InboxData = ReturnType<typeof useInbox>;

/**
 * [I5] The inbox as this consultant may see it ([I3]), loaded once and again whenever the server
 * says it changed (`version`, from `ConsultantState.inboxVersion`): no polling.
 */
export function useInbox(api: AdminApi, version: number) {
  const inbox = useLoad(() => api.inbox());
  const first = useRef(true);
  const { reload } = inbox;
  useEffect(() => {
    if (first.current) first.current = false;
    else reload();
  }, [version, reload]);
  const open = (inbox.data ?? []).filter((m) => m.handledAt === null).length;
  return { ...inbox, open };
}

/** Messages visitors left when nobody could take them (F-04). Everything typed by a visitor is text. */
export function Inbox({ api, inbox }: { api: AdminApi; inbox: InboxData }) {
  const { t, locale } = useT();
  const { data, error, reload, setData } = inbox;
  const [showHandled, setShowHandled] = useState(false);
  const [actionError, setActionError] = useState<ErrorCode | null>(null);
  const format = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);

  const messages = data ?? [];
  const open = messages.filter((m) => m.handledAt === null);
  const shown = showHandled ? messages : open;

  const markHandled = (message: LeftMessageView) => {
    setActionError(null);
    api.markHandled(message.id).then(
      (updated) => setData((list) => list?.map((m) => (m.id === updated.id ? updated : m))),
      (e: unknown) => setActionError(errorCode(e)),
    );
  };

  return (
    <section className="panel inbox" data-testid="inbox">
      <header className="panel-head">
        <h1>{t('inbox.title')}</h1>
        <span className="count" data-testid="inbox-open-count">
          {t('inbox.open', { count: open.length })}
        </span>
        <span className="spacer" />
        <label className="check">
          <input type="checkbox" checked={showHandled} onChange={(e) => setShowHandled(e.currentTarget.checked)} />
          {t('inbox.showHandled')}
        </label>
        <button className="secondary" onClick={reload} data-testid="inbox-refresh">
          {t('common.refresh')}
        </button>
      </header>
      <ErrorLine code={error ?? actionError} />
      {data === undefined ? (
        <p className="muted">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="muted">{t('inbox.empty')}</p>
      ) : (
        <ul className="messages-left">
          {shown.map((m) => (
            <li key={m.id} className={`card left-message ${m.handledAt ? 'handled' : ''}`} data-testid="left-message">
              <div className="left-head">
                <strong data-testid="left-name">{m.name ? <UserText text={m.name} /> : t('inbox.anonymous')}</strong>
                <a href={`mailto:${m.email}`} data-testid="left-email">
                  <UserText text={m.email} />
                </a>
                <span className="muted">{t('inbox.via', { link: revealBidi(m.linkName) })}</span>
                <span className="spacer" />
                <time dateTime={new Date(m.createdAt).toISOString()} className="muted">
                  {format.format(m.createdAt)}
                </time>
              </div>
              <p className="left-text" data-testid="left-text">
                <UserText text={m.text} />
              </p>
              <div className="left-foot">
                {m.handledAt === null ? (
                  <button className="primary" onClick={() => markHandled(m)} data-testid="mark-handled">
                    {t('inbox.markHandled')}
                  </button>
                ) : (
                  <span className="muted" data-testid="handled">
                    {t('inbox.handled', { time: format.format(m.handledAt) })}
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

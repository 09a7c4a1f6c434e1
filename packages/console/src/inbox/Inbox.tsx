import { useEffect, useMemo, useRef, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { ConsultantMe, LeftMessageView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { LeftMessageCard } from './LeftMessageCard.tsx';

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

/**
 * Messages visitors left when nobody could take them (F-04), and the work on them ([IB1]–[IB4]):
 * open ones first by default, or only those assigned to me.
 */
export function Inbox({ api, inbox, me }: { api: AdminApi; inbox: InboxData; me: ConsultantMe }) {
  const { t, locale } = useT();
  const { data, error, reload, setData } = inbox;
  const [showHandled, setShowHandled] = useState(false);
  const [onlyMine, setOnlyMine] = useState(false);
  const colleagues = useLoad(() => api.inboxAssignees());
  const format = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);

  const messages = data ?? [];
  const open = messages.filter((m) => m.handledAt === null);
  const shown = (showHandled ? messages : open).filter((m) => !onlyMine || m.assigneeId === me.id);
  const assigneesOf = (m: LeftMessageView) =>
    (colleagues.data ?? []).filter((c) => c.admin || c.linkIds.includes(m.linkId));
  const replace = (updated: LeftMessageView) =>
    setData((list) => list?.map((m) => (m.id === updated.id ? updated : m)));

  return (
    <section className="panel inbox" data-testid="inbox">
      <header className="panel-head">
        <h1>{t('inbox.title')}</h1>
        <span className="count" data-testid="inbox-open-count">
          {t('inbox.open', { count: open.length })}
        </span>
        <span className="spacer" />
        <label className="check">
          <input
            type="checkbox"
            checked={onlyMine}
            onChange={(e) => setOnlyMine(e.currentTarget.checked)}
            data-testid="inbox-mine"
          />
          {t('inbox.mine')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={showHandled}
            onChange={(e) => setShowHandled(e.currentTarget.checked)}
            data-testid="inbox-show-handled"
          />
          {t('inbox.showHandled')}
        </label>
        <button className="secondary" onClick={reload} data-testid="inbox-refresh">
          {t('common.refresh')}
        </button>
      </header>
      <ErrorLine code={error ?? colleagues.error} />
      {data === undefined ? (
        <p className="muted">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="muted">{t('inbox.empty')}</p>
      ) : (
        <ul className="messages-left">
          {shown.map((m) => (
            <LeftMessageCard
              key={m.id}
              api={api}
              message={m}
              assignees={assigneesOf(m)}
              format={format}
              onChanged={replace}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

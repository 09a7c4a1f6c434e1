import { useEffect, useMemo, useState } from 'react';
import { DeskApi, type SiteVisitors } from '@parley/client';
import type { ContactDetail, SitePageView, SiteVisitorView } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { UserText } from '@parley/ui';
import { useT } from '../i18n.ts';
import './visitors.css';

const api = new DeskApi(location.origin);

type Translate = ReturnType<typeof useT>['t'];

/** The page a visitor looks at now: the latest still open, else the last one they saw. */
function currentPage(visitor: SiteVisitorView): SitePageView | undefined {
  return [...visitor.pages].reverse().find((p) => p.closedAt === null) ?? visitor.pages.at(-1);
}

function minutes(t: Translate, ms: number): string {
  return t('visitors.duration', { minutes: Math.max(0, Math.floor(ms / 60_000)) });
}

/** A URL as a person reads it: host and path, without the scheme. */
function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

function referrerText(t: Translate, referrer: string): string {
  return referrer ? shortUrl(referrer) : t('visitors.direct');
}

function browserText(t: Translate, v: SiteVisitorView): string {
  if (!v.client) return '—';
  const { browser, browserVersion, os, device } = v.client;
  return `${browser} ${browserVersion} · ${os} · ${t(`visitors.device.${device}` as MessageKey)}`;
}

function statusText(t: Translate, v: SiteVisitorView): string {
  if (!v.online) return t('visitors.left');
  return t(`visitors.state.${v.conversation}` as MessageKey);
}

/**
 * [SV5]–[SV7] The Visitors list (F-28): who is on the tenant's sites now, pushed live over the
 * console's WebSocket while this view is open; filter by page or link; open a row for the pages
 * of this visit and the contact's earlier conversations, and invite the visitor to a chat.
 */
export function Visitors({ visitors }: { visitors: SiteVisitors }) {
  const { t } = useT();
  const [list, setList] = useState<readonly SiteVisitorView[]>(visitors.list);
  const [pageFilter, setPageFilter] = useState('');
  const [linkFilter, setLinkFilter] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const off = visitors.on('change', setList);
    visitors.watch(true);
    // Durations move on by the minute; the list itself is pushed, never polled.
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => {
      off();
      clearInterval(timer);
      visitors.watch(false);
    };
  }, [visitors]);
  const links = useMemo(() => [...new Map(list.map((v) => [v.linkId, v.linkName])).entries()], [list]);
  const needle = pageFilter.trim().toLowerCase();
  const shown = list.filter((v) => {
    if (linkFilter && v.linkId !== linkFilter) return false;
    const page = currentPage(v);
    return !needle || `${page?.url ?? ''} ${page?.title ?? ''}`.toLowerCase().includes(needle);
  });
  const open = list.find((v) => v.visitId === openId);
  return (
    <section className="visitors" data-testid="visitors">
      <div className="card visitors-list">
        <div className="visitors-head">
          <h2>{t('visitors.title')}</h2>
          <input
            type="search"
            data-testid="visitors-filter"
            value={pageFilter}
            placeholder={t('visitors.filter')}
            aria-label={t('visitors.filter')}
            onChange={(e) => setPageFilter(e.currentTarget.value)}
          />
          <select
            data-testid="visitors-link"
            aria-label={t('visitors.link')}
            value={linkFilter}
            onChange={(e) => setLinkFilter(e.currentTarget.value)}
          >
            <option value="">{t('visitors.allLinks')}</option>
            {links.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {shown.length === 0 ? (
          <p className="muted" data-testid="visitors-empty">
            {t('visitors.empty')}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('visitors.contact')}</th>
                  <th>{t('visitors.page')}</th>
                  <th>{t('visitors.timeOnSite')}</th>
                  <th>{t('visitors.pagesViewed')}</th>
                  <th>{t('visitors.referrer')}</th>
                  <th>{t('visitors.browser')}</th>
                  <th>{t('visitors.status')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((v) => {
                  const page = currentPage(v);
                  return (
                    <tr
                      key={v.visitId}
                      data-testid="visitor-row"
                      data-visit={v.visitId}
                      className={[v.visitId === openId ? 'on' : '', v.online ? '' : 'inactive'].join(' ')}
                    >
                      <td>
                        <button className="link" data-testid="visitor-open" onClick={() => setOpenId(v.visitId)}>
                          {v.contact?.name ? <UserText text={v.contact.name} /> : t('visitors.anonymous')}
                        </button>{' '}
                        <span className={v.returning ? 'tag returning' : 'tag'}>
                          {t(v.returning ? 'visitors.returning' : 'visitors.new')}
                        </span>
                      </td>
                      <td data-testid="visitor-page" title={page?.url}>
                        <UserText text={page?.title || shortUrl(page?.url ?? '')} />
                        <small className="muted url">{shortUrl(page?.url ?? '')}</small>
                      </td>
                      <td>{minutes(t, now - v.startedAt)}</td>
                      <td data-testid="visitor-pages">{v.pagesViewed}</td>
                      <td>{referrerText(t, v.referrer)}</td>
                      <td>{browserText(t, v)}</td>
                      <td>
                        <span data-testid="visitor-state">{statusText(t, v)}</span>
                        {v.invitation && (
                          <small className="muted invitation" data-testid="visitor-invitation">
                            {t(`visitors.invitation.${v.invitation.state}` as MessageKey, {
                              name: v.invitation.consultantName,
                            })}
                          </small>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {open && (
        <VisitorDetail
          key={open.visitId}
          visitor={open}
          visitors={visitors}
          now={now}
          onClose={() => setOpenId(null)}
        />
      )}
    </section>
  );
}

/** [SV5][SV7] One visitor: the pages of this visit, the contact's earlier conversations, the invitation. */
function VisitorDetail({
  visitor,
  visitors,
  now,
  onClose,
}: {
  visitor: SiteVisitorView;
  visitors: SiteVisitors;
  now: number;
  onClose: () => void;
}) {
  const { t } = useT();
  const [history, setHistory] = useState<ContactDetail['history'] | null>(null);
  const [text, setText] = useState('');
  const contactId = visitor.contact?.id;
  useEffect(() => {
    if (!contactId) return;
    void api.contact(contactId).then(
      (detail) => setHistory(detail.history),
      () => setHistory([]),
    );
  }, [contactId]);
  const canInvite = visitor.online && visitor.conversation === 'none' && visitor.invitation?.state !== 'sent';
  const when = (ms: number) => new Date(ms).toLocaleTimeString();
  return (
    <aside
      className="card visitor-detail"
      data-testid="visitor-detail"
      data-contact={contactId}
      aria-label={t('visitors.details')}
    >
      <button className="secondary close" aria-label={t('visitors.cancel')} onClick={onClose}>
        ×
      </button>
      <h3>{visitor.contact?.name ? <UserText text={visitor.contact.name} /> : t('visitors.anonymous')}</h3>
      <p className="muted">
        {browserText(t, visitor)} · {visitor.language} · {visitor.linkName}
      </p>
      <h4>{t('visitors.pagesOfVisit')}</h4>
      <ol className="visit-pages" data-testid="visit-pages">
        {visitor.pages.map((page, index) => (
          <li key={`${index}-${page.openedAt}`} data-testid="visit-page">
            <strong>
              <UserText text={page.title || shortUrl(page.url)} />
            </strong>
            <small className="muted">
              {shortUrl(page.url)} · {when(page.openedAt)} · {minutes(t, (page.closedAt ?? now) - page.openedAt)}
            </small>
          </li>
        ))}
      </ol>
      <h4>{t('visitors.earlier')}</h4>
      {!contactId ? (
        <p className="muted">{t('visitors.notIdentified')}</p>
      ) : history && history.length > 0 ? (
        <ol className="history" data-testid="visitor-history">
          {history.map((h) => (
            <li key={h.conversationId}>
              <strong>{new Date(h.queuedAt).toLocaleString()}</strong>{' '}
              {h.consultantName && <UserText text={h.consultantName} />}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('visitors.noEarlier')}</p>
      )}
      <form
        className="invite"
        onSubmit={(e) => {
          e.preventDefault();
          // Empty: the default invitation, in the visitor's language ([SV7]).
          visitors.invite(visitor.visitId, text.trim() || null);
          setText('');
        }}
      >
        <label>
          {t('visitors.inviteText')}
          <textarea
            data-testid="invite-text"
            rows={3}
            maxLength={500}
            value={text}
            placeholder={t('invitation.default')}
            onChange={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button className="primary" type="submit" data-testid="invite-send" disabled={!canInvite}>
          {t('visitors.send')}
        </button>
      </form>
    </aside>
  );
}

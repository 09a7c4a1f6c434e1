import { lazy, Suspense, useMemo, useRef } from 'react';
import type { AdminApi, Overview, SiteVisitors, TeamChat } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { Contacts } from '../contacts/Contacts.tsx';
import { TeamPanel } from '../team/TeamPanel.tsx';
import { DeskSettings } from '../settings/DeskSettings.tsx';
import { Inbox, type InboxData } from '../inbox/Inbox.tsx';
import { AdminView } from '../admin/AdminView.tsx';
import { OfflineNotice } from '../admin/OfflineNotice.tsx';
import { ChangePassword } from '../account/Account.tsx';
import { Visitors } from '../visitors/Visitors.tsx';
import { OverviewView } from '../overview/Overview.tsx';
import '../admin/admin.css';
import { Appointments } from '../appointments/Appointments.tsx';
import { AppointmentsApi } from '@parley/client';
import type { ConsultantLinkView } from '@parley/protocol';

/** [RP7] Loaded when first opened: the chart library stays out of the desk's bundle (docs/performance.md). */
const Reports = lazy(() => import('../reports/Reports.tsx'));

export type DeskView =
  | 'desk'
  | 'visitors'
  | 'overview'
  | 'reports'
  | 'inbox'
  | 'contacts'
  | 'team'
  | 'settings'
  | 'admin'
  | 'offline'
  | 'account'
  | 'sessions';

/** The console's sections; the desk stays mounted underneath so calls keep running. */
export function DeskNav({
  view,
  onView,
  admin,
  oversee,
  inboxOpen,
}: {
  view: DeskView;
  onView: (v: DeskView) => void;
  admin: boolean;
  /** [OV1] Supervisors and admins get the Communication Overview. */
  oversee: boolean;
  /** [I5] Open left messages this consultant sees, shown on the Inbox tab. */
  inboxOpen: number;
}) {
  const { t } = useT();
  const items: { id: DeskView; label: string }[] = [
    { id: 'desk', label: t('nav.desk') },
    { id: 'visitors', label: t('nav.visitors') },
    ...(oversee
      ? [
          { id: 'overview' as const, label: t('nav.overview') },
          { id: 'reports' as const, label: t('nav.reports') },
        ]
      : []),
    { id: 'inbox', label: t('nav.inbox') },
    // [AP1] Planned sessions with guests (F-12).
    { id: 'sessions', label: t('appointments.tab') },
    { id: 'contacts', label: t('nav.contacts') },
    { id: 'team', label: t('nav.team') },
    // [CR2] Everyone has settings: a consultant's own canned responses live there.
    { id: 'settings', label: t('nav.settings') },
    // The admin area for admins; every consultant defines the offline notice of their links (F-10).
    admin ? { id: 'admin', label: t('nav.admin') } : { id: 'offline', label: t('nav.offline') },
  ];
  return (
    <nav className="nav" aria-label={t('console.title')}>
      {items.map((item) => (
        <button
          key={item.id}
          className={item.id === view ? 'on' : ''}
          aria-current={item.id === view ? 'page' : undefined}
          data-testid={`nav-${item.id}`}
          onClick={() => onView(item.id)}
        >
          {item.label}
          {item.id === 'inbox' && inboxOpen > 0 && (
            <span className="badge" data-testid="inbox-badge" aria-label={t('inbox.open', { count: inboxOpen })}>
              {inboxOpen}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}

/**
 * [U2] The account menu at the end of the bar: change one's password, log out. One entry in the
 * bar instead of two, so the bar keeps to one line at 1280 px.
 */
export function AccountMenu({
  title,
  onAccount,
  onLogout,
}: {
  title: string;
  onAccount: () => void;
  onLogout: () => void;
}) {
  const { t } = useT();
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');
  return (
    <details className="account-menu" ref={menu}>
      <summary data-testid="account-menu" title={title}>
        {t('nav.account')}
      </summary>
      <div className="account-menu-items">
        <button
          className="link"
          data-testid="nav-account"
          onClick={() => {
            close();
            onAccount();
          }}
        >
          {t('account.heading')}
        </button>
        <button
          className="link"
          data-testid="logout"
          onClick={() => {
            close();
            onLogout();
          }}
        >
          {t('login.logout')}
        </button>
      </div>
    </details>
  );
}

export function DeskViews({
  view,
  team,
  me,
  api,
  inbox,
  links,
  visitors,
  overview,
  onDesk,
}: {
  view: DeskView;
  team: TeamChat;
  /** [OV3] The Communication Overview; watched only while its view is open. */
  overview: Overview;
  /** Back to the desk (a conversation taken over from the overview is there). */
  onDesk: () => void;
  /** [SV5] The live Visitors list; watched only while its view is open. */
  visitors: SiteVisitors;
  me: ConsultantMe;
  api: AdminApi;
  inbox: InboxData;
  /** The links this consultant serves: sessions are planned on one of them ([AP1]). */
  links: readonly ConsultantLinkView[];
}) {
  const appointments = useMemo(() => new AppointmentsApi(location.origin), []);
  if (view === 'desk') return null;
  return (
    <main className="work">
      {view === 'visitors' && <Visitors visitors={visitors} />}
      {view === 'overview' && <OverviewView overview={overview} onTakenOver={onDesk} />}
      {view === 'reports' && (
        <Suspense fallback={null}>
          <Reports me={me} />
        </Suspense>
      )}
      {view === 'contacts' && <Contacts isAdmin={me.role === 'admin'} />}
      {view === 'team' && <TeamPanel team={team} me={me.id} />}
      {view === 'settings' && <DeskSettings admin={me.role === 'admin'} />}
      {view === 'inbox' && <Inbox api={api} inbox={inbox} me={me} />}
      {view === 'admin' && <AdminView api={api} me={me} />}
      {view === 'offline' && <OfflineNotice api={api} />}
      {view === 'account' && <ChangePassword onChanged={() => undefined} />}
      {view === 'sessions' && <Appointments api={appointments} adminApi={api} me={me} links={links} />}
    </main>
  );
}

import type { AdminApi, TeamChat } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { useT } from './i18n.ts';
import { Contacts } from './Contacts.tsx';
import { TeamPanel } from './TeamPanel.tsx';
import { DeskSettings } from './DeskSettings.tsx';
import { Inbox, type InboxData } from './Inbox.tsx';
import { AdminView } from './admin/AdminView.tsx';
import { OfflineNotice } from './admin/OfflineNotice.tsx';
import './admin/admin.css';

export type DeskView = 'desk' | 'inbox' | 'contacts' | 'team' | 'settings' | 'admin' | 'offline';

/** The console's sections; the desk stays mounted underneath so calls keep running. */
export function DeskNav({
  view,
  onView,
  admin,
  inboxOpen,
}: {
  view: DeskView;
  onView: (v: DeskView) => void;
  admin: boolean;
  /** [I5] Open left messages this consultant sees, shown on the Inbox tab. */
  inboxOpen: number;
}) {
  const { t } = useT();
  const items: { id: DeskView; label: string }[] = [
    { id: 'desk', label: t('nav.desk') },
    { id: 'inbox', label: t('nav.inbox') },
    { id: 'contacts', label: t('nav.contacts') },
    { id: 'team', label: t('nav.team') },
    ...(admin ? [{ id: 'settings' as const, label: t('nav.settings') }] : []),
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

export function DeskViews({
  view,
  team,
  me,
  api,
  inbox,
}: {
  view: DeskView;
  team: TeamChat;
  me: ConsultantMe;
  api: AdminApi;
  inbox: InboxData;
}) {
  if (view === 'desk') return null;
  return (
    <main className="work">
      {view === 'contacts' && <Contacts />}
      {view === 'team' && <TeamPanel team={team} me={me.id} />}
      {view === 'settings' && <DeskSettings admin={me.role === 'admin'} />}
      {view === 'inbox' && <Inbox api={api} inbox={inbox} />}
      {view === 'admin' && <AdminView api={api} me={me} />}
      {view === 'offline' && <OfflineNotice api={api} />}
    </main>
  );
}

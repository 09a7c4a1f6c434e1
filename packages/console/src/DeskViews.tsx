import { useState } from 'react';
import { AdminApi, type TeamChat } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { useT } from './i18n.ts';
import { Contacts } from './Contacts.tsx';
import { TeamPanel } from './TeamPanel.tsx';
import { DeskSettings } from './DeskSettings.tsx';
import { Inbox } from './Inbox.tsx';
import { AdminView } from './admin/AdminView.tsx';
import { OfflineNotice } from './admin/OfflineNotice.tsx';
import './admin/admin.css';

export type DeskView = 'desk' | 'inbox' | 'contacts' | 'team' | 'settings' | 'admin' | 'offline';

/** The console's sections; the desk stays mounted underneath so calls keep running. */
export function DeskNav({ view, onView, admin }: { view: DeskView; onView: (v: DeskView) => void; admin: boolean }) {
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
        </button>
      ))}
    </nav>
  );
}

export function DeskViews({ view, team, me }: { view: DeskView; team: TeamChat; me: ConsultantMe }) {
  const [api] = useState(() => new AdminApi(location.origin));
  if (view === 'desk') return null;
  return (
    <main className="work">
      {view === 'contacts' && <Contacts />}
      {view === 'team' && <TeamPanel team={team} me={me.id} />}
      {view === 'settings' && <DeskSettings admin={me.role === 'admin'} />}
      {view === 'inbox' && <Inbox api={api} />}
      {view === 'admin' && <AdminView api={api} me={me} />}
      {view === 'offline' && <OfflineNotice api={api} />}
    </main>
  );
}

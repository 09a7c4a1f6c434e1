import type { TeamChat } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { useT } from './i18n.ts';
import { Contacts } from './Contacts.tsx';
import { TeamPanel } from './TeamPanel.tsx';
import { DeskSettings } from './DeskSettings.tsx';

export type DeskView = 'desk' | 'contacts' | 'team' | 'settings';

/** The console's sections; the desk stays mounted underneath so calls keep running. */
export function DeskNav({ view, onView, admin }: { view: DeskView; onView: (v: DeskView) => void; admin: boolean }) {
  const { t } = useT();
  const items: { id: DeskView; label: string }[] = [
    { id: 'desk', label: t('nav.desk') },
    { id: 'contacts', label: t('nav.contacts') },
    { id: 'team', label: t('nav.team') },
    ...(admin ? [{ id: 'settings' as const, label: t('nav.settings') }] : []),
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
  if (view === 'desk') return null;
  return (
    <main className="work">
      {view === 'contacts' && <Contacts />}
      {view === 'team' && <TeamPanel team={team} me={me.id} />}
      {view === 'settings' && <DeskSettings admin={me.role === 'admin'} />}
    </main>
  );
}

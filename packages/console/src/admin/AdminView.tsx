import { useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { ConsultantMe } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { AllowedSites } from './AllowedSites.tsx';
import { SiteVisitorSettings } from '../visitors/SiteVisitorSettings.tsx';
import { AutoInvitationRules } from '../visitors/AutoInvitationRules.tsx';
import { CobrowseSettings } from '../cobrowse/CobrowseSettings.tsx';
import { Consultants } from './Consultants.tsx';
import { Departments } from './Departments.tsx';
import { Links } from './Links.tsx';
import { Privacy } from './Privacy.tsx';
import { useLoad } from './useLoad.ts';
import { ErrorLine } from './ui.tsx';

type Section = 'links' | 'consultants' | 'departments' | 'sites' | 'privacy';
const sections: Section[] = ['links', 'consultants', 'departments', 'sites', 'privacy'];

/** The admin area (admins only; the server checks too): links, consultants, departments, websites, privacy. */
export function AdminView({ api, me }: { api: AdminApi; me: ConsultantMe }) {
  const { t } = useT();
  const [section, setSection] = useState<Section>('links');
  // Shared by all three sections: names and pickers stay consistent after any change.
  const departments = useLoad(() => api.departments());
  const consultants = useLoad(() => api.consultants());
  // [EM1] Read by Links too: each embed code says where it works.
  const settings = useLoad(() => api.tenantSettings());
  const reloadAll = () => {
    departments.reload();
    consultants.reload();
  };
  return (
    <section className="panel admin" data-testid="admin">
      <nav className="subtabs">
        {sections.map((s) => (
          <button
            key={s}
            className={`subtab ${section === s ? 'current' : ''}`}
            aria-current={section === s ? 'page' : undefined}
            data-testid={`admin-${s}`}
            onClick={() => setSection(s)}
          >
            {t(`admin.${s}`)}
          </button>
        ))}
      </nav>
      <ErrorLine code={departments.error ?? consultants.error ?? settings.error} />
      {section === 'departments' && (
        <Departments api={api} departments={departments.data ?? []} onChanged={departments.reload} />
      )}
      {section === 'consultants' && (
        <Consultants
          api={api}
          me={me}
          consultants={consultants.data ?? []}
          departments={departments.data ?? []}
          onChanged={consultants.reload}
        />
      )}
      {section === 'links' && (
        <Links
          api={api}
          consultants={consultants.data ?? []}
          departments={departments.data ?? []}
          sites={settings.data?.allowedOrigins}
          onChanged={reloadAll}
        />
      )}
      {section === 'sites' && settings.data && (
        <AllowedSites
          api={api}
          sites={settings.data.allowedOrigins}
          onChanged={(allowedOrigins) => settings.setData(() => ({ allowedOrigins }))}
        />
      )}
      {section === 'sites' && <SiteVisitorSettings api={api} />}
      {section === 'sites' && <AutoInvitationRules api={api} />}
      {section === 'privacy' && <Privacy api={api} />}
      {section === 'sites' && <CobrowseSettings api={api} />}
    </section>
  );
}

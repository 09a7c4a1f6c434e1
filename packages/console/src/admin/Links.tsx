import { useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { ConsultantView, DepartmentView, LinkView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { LinkEditor } from './LinkEditor.tsx';
import { CopyField, ErrorLine } from './ui.tsx';
import { useLoad } from './useLoad.ts';

interface Props {
  api: AdminApi;
  consultants: ConsultantView[];
  departments: DepartmentView[];
  /** [EM1] The tenant's allowed sites (empty: any website); undefined while loading. */
  sites: readonly string[] | undefined;
  onChanged: () => void;
}

/** Help links (F-01, F-06, F-11): mode, acceptance, department, limits, offline notice, embed codes. */
export function Links({ api, consultants, departments, sites, onChanged }: Props) {
  const { t } = useT();
  const links = useLoad(() => api.links());
  const [editing, setEditing] = useState<string | null>(null); // a link id, or 'new';
  const saved = (link: LinkView) => {
    links.setData((list) =>
      list?.some((l) => l.id === link.id) ? list.map((l) => (l.id === link.id ? link : l)) : [...(list ?? []), link],
    );
    setEditing(link.id);
    onChanged();
  };
  const editorProps = { api, consultants, departments, onSaved: saved, onClose: () => setEditing(null) };
  const departmentName = (id: string | null) => departments.find((d) => d.id === id)?.name ?? t('links.anyDepartment');

  return (
    <div className="section" data-testid="links">
      <div>
        <button className="primary" data-testid="link-new" onClick={() => setEditing('new')}>
          {t('links.new')}
        </button>
      </div>
      {editing === 'new' && <LinkEditor {...editorProps} link={null} />}
      <ErrorLine code={links.error} />
      {links.data?.length === 0 && <p className="muted">{t('links.empty')}</p>}
      {links.data?.map((link) =>
        editing === link.id ? (
          <LinkEditor key={link.id} {...editorProps} link={link} />
        ) : (
          <article key={link.id} className="card link-card" data-testid="link-card">
            <header className="link-head">
              <h2>{link.name}</h2>
              <span className="spacer" />
              <button className="secondary" data-testid="link-edit" onClick={() => setEditing(link.id)}>
                {t('links.edit')}
              </button>
            </header>
            <p className="link-facts">
              <span>{t(`mode.${link.mode}`)}</span>
              <span>{t(`acceptance.${link.acceptance}`)}</span>
              {link.mode === 'pool' && <span>{departmentName(link.departmentId)}</span>}
              <span>{t('links.assigned', { count: link.consultantIds.length })}</span>
            </p>
            <CopyField label={t('links.embedVisitor')} value={link.embed.visitor} testId="embed-visitor" />
            {sites && (
              <p className="hint" data-testid="embed-where">
                {t(sites.length === 0 ? 'links.worksAnywhere' : 'links.worksListed')}
              </p>
            )}
            <CopyField label={t('links.embedConsultant')} value={link.embed.consultant} testId="embed-consultant" />
          </article>
        ),
      )}
    </div>
  );
}

import { useState, type SubmitEvent } from 'react';
import type { AdminApi } from '@parley/client';
import {
  MAX_OFFLINE_TEXT,
  themeReadable,
  type ConsultantView,
  type DepartmentView,
  type ErrorCode,
  type LinkAcceptance,
  type LinkMode,
  type LinkTheme,
  type LinkView,
} from '@parley/protocol';
import { useT } from '../i18n.ts';
import { DepartmentSelect } from './Consultants.tsx';
import { OfflineImage } from './OfflineNotice.tsx';
import { LinkThemeFields } from './LinkThemeFields.tsx';
import { CopyField, ErrorLine } from './ui.tsx';
import { errorCode } from './useLoad.ts';

const modes: LinkMode[] = ['consultation', 'pool', 'broadcast'];
const acceptances: LinkAcceptance[] = ['manual', 'automatic'];

interface Props {
  api: AdminApi;
  link: LinkView | null;
  consultants: ConsultantView[];
  departments: DepartmentView[];
  onSaved: (link: LinkView) => void;
  onClose: () => void;
}

/** Creates or edits one link; the picture can be added once the link exists. */
export function LinkEditor({ api, link, consultants, departments, onSaved, onClose }: Props) {
  const { t } = useT();
  const [name, setName] = useState(link?.name ?? '');
  const [mode, setMode] = useState<LinkMode>(link?.mode ?? 'consultation');
  const [acceptance, setAcceptance] = useState<LinkAcceptance>(link?.acceptance ?? 'manual');
  const [departmentId, setDepartmentId] = useState<string | null>(link?.departmentId ?? null);
  const [waitSeconds, setWaitSeconds] = useState(link?.maxWaitMs ? String(link.maxWaitMs / 1000) : '');
  const [offlineText, setOfflineText] = useState(link?.offlineText ?? '');
  const [assigned, setAssigned] = useState(new Set(link?.consultantIds ?? []));
  const [theme, setTheme] = useState<LinkTheme | null>(link?.theme ?? null);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(assigned);
    if (on) next.add(id);
    else next.delete(id);
    setAssigned(next);
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    // [EA10] Refused here before the server would refuse it (it checks again).
    if (theme && !themeReadable(theme)) {
      setError('low_contrast');
      return;
    }
    const settings = {
      name,
      mode,
      acceptance,
      departmentId,
      maxWaitMs: waitSeconds.trim() === '' ? null : Math.round(Number(waitSeconds) * 1000),
      offlineText,
      consultantIds: [...assigned],
      theme,
    };
    setBusy(true);
    setError(null);
    (link ? api.updateLink(link.id, settings) : api.createLink(settings))
      .then(onSaved, (e: unknown) => setError(errorCode(e)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="card link-editor" onSubmit={submit} data-testid="link-editor">
      <div className="fields two">
        <label>
          {t('links.name')}
          <input
            data-testid="link-name"
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('links.mode')}
          <select data-testid="link-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as LinkMode)}>
            {modes.map((m) => (
              <option key={m} value={m}>
                {t(`mode.${m}`)}
              </option>
            ))}
          </select>
          <span className="hint" data-testid="link-mode-hint">
            {t(`modeHint.${mode}`)}
          </span>
        </label>
        <label>
          {t('links.acceptance')}
          <select
            data-testid="link-acceptance"
            value={acceptance}
            onChange={(e) => setAcceptance(e.currentTarget.value as LinkAcceptance)}
          >
            {acceptances.map((a) => (
              <option key={a} value={a}>
                {t(`acceptance.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('links.department')}
          <DepartmentSelect
            departments={departments}
            value={departmentId}
            onChange={setDepartmentId}
            noneLabel={t('links.anyDepartment')}
            testId="link-department"
          />
        </label>
        <label>
          {t('links.maxWait')}
          <input
            data-testid="link-max-wait"
            type="number"
            min={10}
            max={86_400}
            step={1}
            value={waitSeconds}
            onChange={(e) => setWaitSeconds(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('links.offlineText')}
          <textarea
            data-testid="link-offline-text"
            rows={2}
            maxLength={MAX_OFFLINE_TEXT}
            value={offlineText}
            onChange={(e) => setOfflineText(e.currentTarget.value)}
          />
        </label>
      </div>
      <fieldset className="assign">
        <legend>{t('links.consultants')}</legend>
        {consultants.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              data-testid={`assign-${c.email}`}
              checked={assigned.has(c.id)}
              onChange={(e) => toggle(c.id, e.currentTarget.checked)}
            />
            {c.name}
            {!c.active && <span className="muted"> · {t('consultants.inactive')}</span>}
          </label>
        ))}
      </fieldset>
      <LinkThemeFields theme={theme} onChange={setTheme} />
      {link ? (
        <OfflineImage api={api} link={link} onChanged={onSaved} />
      ) : (
        <p className="muted">{t('links.imageAfterCreate')}</p>
      )}
      <ErrorLine code={error} />
      <div className="actions">
        <button className="primary" disabled={busy} data-testid="link-save">
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose} data-testid="link-close">
          {t('common.cancel')}
        </button>
      </div>
      {link && (
        <div className="embeds">
          <CopyField label={t('links.embedVisitor')} value={link.embed.visitor} testId="embed-visitor" />
          <CopyField label={t('links.embedConsultant')} value={link.embed.consultant} testId="embed-consultant" />
        </div>
      )}
    </form>
  );
}

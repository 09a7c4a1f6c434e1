import { useEffect, useState } from 'react';
import type { AdminApi } from '@parley/client';
import type { AutoInvitationRule, ErrorCode, LinkView } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from '../admin/ui.tsx';
import { errorCode } from '../admin/useLoad.ts';
import './visitors.css';

/**
 * [AI5] Admin → Websites: automatic invitations per link — on pages whose path matches, after a
 * time on the page and a number of pages viewed, at most once per visitor within a cap. The list
 * is edited here and saved as a whole.
 */
export function AutoInvitationRules({ api }: { api: AdminApi }) {
  const { t } = useT();
  const [rules, setRules] = useState<AutoInvitationRule[] | null>(null);
  const [links, setLinks] = useState<LinkView[]>([]);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.autoInvitations().then(
      (body) => setRules(body.rules),
      (e: unknown) => setError(errorCode(e)),
    );
    api.links().then(
      (all) => setLinks(all.filter((link) => link.mode !== 'broadcast')),
      (e: unknown) => setError(errorCode(e)),
    );
  }, [api]);
  if (!rules) return error ? <ErrorLine code={error} /> : null;
  const edit = (index: number, patch: Partial<AutoInvitationRule>) => {
    setSaved(false);
    setRules(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  };
  const add = () => {
    const linkId = links[0]?.id;
    if (!linkId) return;
    setSaved(false);
    setRules([...rules, { linkId, urlPattern: '/*', seconds: 30, pages: 1, capHours: 24, text: null, enabled: true }]);
  };
  const save = () => {
    setError(null);
    api.setAutoInvitations({ rules }).then(
      (stored) => {
        setRules(stored.rules);
        setSaved(true);
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  return (
    <fieldset className="card auto-invitations" data-testid="auto-invitations">
      <legend>{t('visitors.auto.title')}</legend>
      <p className="muted">{t('visitors.auto.explain')}</p>
      {rules.length === 0 && <p className="muted">{t('visitors.auto.none')}</p>}
      {rules.map((rule, index) => (
        <div className="auto-rule" data-testid="auto-rule" key={index}>
          <label>
            {t('visitors.auto.link')}
            <select value={rule.linkId} onChange={(e) => edit(index, { linkId: e.currentTarget.value })}>
              {links.map((link) => (
                <option key={link.id} value={link.id}>
                  {link.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('visitors.auto.pattern')}
            <input
              data-testid="auto-pattern"
              value={rule.urlPattern}
              maxLength={300}
              onChange={(e) => edit(index, { urlPattern: e.currentTarget.value })}
            />
          </label>
          <NumberField
            label={t('visitors.auto.seconds')}
            testId="auto-seconds"
            max={3600}
            value={rule.seconds}
            onChange={(seconds) => edit(index, { seconds })}
          />
          <NumberField
            label={t('visitors.auto.pages')}
            max={100}
            value={rule.pages}
            onChange={(pages) => edit(index, { pages })}
          />
          <NumberField
            label={t('visitors.auto.cap')}
            max={720}
            value={rule.capHours}
            onChange={(capHours) => edit(index, { capHours })}
          />
          <label className="wide">
            {t('visitors.auto.text')}
            <input
              data-testid="auto-text"
              value={rule.text ?? ''}
              maxLength={500}
              placeholder={t('visitors.auto.defaultText')}
              onChange={(e) => edit(index, { text: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
            />
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={rule.enabled}
              onChange={(e) => edit(index, { enabled: e.currentTarget.checked })}
            />{' '}
            {t('visitors.auto.enabled')}
          </label>
          <button
            className="secondary"
            data-testid="auto-remove"
            onClick={() => {
              setSaved(false);
              setRules(rules.filter((_, i) => i !== index));
            }}
          >
            {t('visitors.auto.remove')}
          </button>
        </div>
      ))}
      <div className="row">
        <button className="secondary" data-testid="auto-add" disabled={links.length === 0} onClick={add}>
          {t('visitors.auto.add')}
        </button>
        <button data-testid="auto-save" onClick={save}>
          {t('visitors.auto.save')}
        </button>
      </div>
      {saved && (
        <p className="muted" role="status" data-testid="auto-saved">
          {t('visitors.settings.saved')}
        </p>
      )}
      {error && <ErrorLine code={error} />}
    </fieldset>
  );
}

/** A whole number from 1 to `max` (the server checks the range again, [AI5]). */
function NumberField(props: {
  label: string;
  value: number;
  max: number;
  testId?: string;
  onChange: (value: number) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        data-testid={props.testId}
        min={1}
        max={props.max}
        value={props.value}
        onChange={(e) => props.onChange(Math.trunc(Number(e.currentTarget.value)) || 0)}
      />
    </label>
  );
}

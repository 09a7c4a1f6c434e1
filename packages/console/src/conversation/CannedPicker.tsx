import { useEffect, useState } from 'react';
import { DeskApi, fillTemplate, me } from '@parley/client';
import type { CannedResponseView, CannedScope } from '@parley/protocol';
import { useT } from '../i18n.ts';

const groups: {
  scope: CannedScope;
  label: 'canned.group.personal' | 'canned.group.department' | 'canned.group.tenant';
}[] = [
  { scope: 'personal', label: 'canned.group.personal' },
  { scope: 'department', label: 'canned.group.department' },
  { scope: 'tenant', label: 'canned.group.tenant' },
];

/**
 * [CR3][CR5] Canned responses next to the chat input (F-24), grouped by whose they are: the chosen
 * one is filled with the conversation's variables and put into the input, where the consultant can
 * edit it before sending; [CR4] each insertion is counted.
 */
export function CannedPicker(props: { visitorName: string; consultantName: string; onPick: (text: string) => void }) {
  const { t } = useT();
  const [canned, setCanned] = useState<CannedResponseView[]>([]);
  const [company, setCompany] = useState('');
  const [api] = useState(() => new DeskApi(location.origin));
  // Read again when the picker is opened, so responses added in Settings meanwhile are there.
  const reload = () => void api.cannedResponses().then(setCanned, () => setCanned([]));
  useEffect(() => {
    reload();
    me(location.origin).then(
      (m) => setCompany(m.tenant.name),
      () => undefined,
    );
  }, []);
  if (canned.length === 0) return null;
  return (
    <select
      className="canned"
      data-testid="canned-picker"
      aria-label={t('canned.placeholder')}
      value=""
      onFocus={reload}
      onChange={(e) => {
        const chosen = canned.find((c) => c.id === e.currentTarget.value);
        if (!chosen) return;
        const values = {
          visitor: props.visitorName || t('desk.remote'),
          consultant: props.consultantName,
          name: props.consultantName,
          company,
        };
        props.onPick(fillTemplate(chosen.text, values));
        api.useCanned(chosen.id).catch(() => undefined);
      }}
    >
      <option value="">{t('canned.placeholder')}</option>
      {groups.map(({ scope, label }) => {
        const inGroup = canned.filter((c) => c.scope === scope);
        if (inGroup.length === 0) return null;
        return (
          <optgroup key={scope} label={t(label)} data-testid={`canned-group-${scope}`}>
            {inGroup.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}

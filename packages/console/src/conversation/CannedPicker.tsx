import { useEffect, useState } from 'react';
import { DeskApi, fillTemplate, me } from '@parley/client';
import type { CannedResponseView } from '@parley/protocol';
import { useT } from '../i18n.ts';

/**
 * [S1][S2] Canned responses next to the chat input (F-24): the chosen one is filled with the
 * conversation's variables and put into the input, where the consultant can edit it before sending.
 */
export function CannedPicker(props: { visitorName: string; consultantName: string; onPick: (text: string) => void }) {
  const { t } = useT();
  const [canned, setCanned] = useState<CannedResponseView[]>([]);
  const [company, setCompany] = useState('');
  useEffect(() => {
    const api = new DeskApi(location.origin);
    api.cannedResponses().then(setCanned, () => setCanned([]));
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
      }}
    >
      <option value="">{t('canned.placeholder')}</option>
      {canned.map((c) => (
        <option key={c.id} value={c.id}>
          {c.title}
        </option>
      ))}
    </select>
  );
}

import { useEffect, useState, type SubmitEvent } from 'react';
import { transferTargets, type ConsultantClient } from '@parley/client';
import type { TransferTargets } from '@parley/protocol';
import { useT } from '../i18n.ts';

/**
 * [C12] Transfer (seed 003): to an available colleague (it rings them) or to a queue, with a
 * reason that goes into the conversation's notes. The visitor stays connected and is told.
 */
export function TransferDialog({
  client,
  conversationId,
  onClose,
}: {
  client: ConsultantClient;
  conversationId: string;
  onClose: () => void;
}) {
  const { t } = useT();
  const [targets, setTargets] = useState<TransferTargets | null>(null);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  useEffect(() => {
    void transferTargets(location.origin).then(setTargets, () => setTargets({ consultants: [], links: [] }));
  }, []);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const [kind, id] = to.split(':');
    if (!id) return;
    client.transfer(
      conversationId,
      kind === 'consultant' ? { kind: 'consultant', consultantId: id } : { kind: 'link', linkId: id },
      reason,
    );
    onClose();
  };
  const nobody = targets !== null && targets.consultants.length === 0 && targets.links.length === 0;
  return (
    <form className="transfer card" data-testid="transfer-dialog" onSubmit={submit} aria-label={t('transfer.heading')}>
      <h3>{t('transfer.heading')}</h3>
      {nobody ? (
        <p className="muted">{t('transfer.none')}</p>
      ) : (
        <label>
          {t('transfer.to')}
          <select data-testid="transfer-target" value={to} required onChange={(e) => setTo(e.currentTarget.value)}>
            <option value="" disabled>
              …
            </option>
            <optgroup label={t('transfer.colleagues')}>
              {targets?.consultants.map((c) => (
                <option key={c.id} value={`consultant:${c.id}`} disabled={!c.free}>
                  {c.free ? c.name : t('transfer.busy', { name: c.name })}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('transfer.queues')}>
              {targets?.links.map((l) => (
                <option key={l.id} value={`link:${l.id}`}>
                  {l.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
      )}
      <label>
        {t('transfer.reason')}
        <input
          data-testid="transfer-reason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary" data-testid="transfer-send" disabled={!to}>
          {t('transfer.send')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
